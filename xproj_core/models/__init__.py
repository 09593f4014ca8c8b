"""NER and translation backends, registered by name.

Every module of this package is imported here so that its components register themselves; modules
must keep heavy imports (torch, transformers, spaCy) inside functions.
"""

from ..plugins import import_submodules
from .base import NER_TAGGERS, TRANSLATORS, NerTagger, TranslationScorer, Translator

import_submodules(__name__, __path__)

__all__ = ["NER_TAGGERS", "TRANSLATORS", "NerTagger", "TranslationScorer", "Translator"]
