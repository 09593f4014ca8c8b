"""Projection methods, registered by name in PROJECTORS.

Every module of this package is imported here so that its components register themselves; modules
must keep heavy imports (torch, transformers, spaCy) inside functions.
"""

from ..plugins import import_submodules
from .base import PROJECTORS, ProjectionInput, Projector

import_submodules(__name__, __path__)

__all__ = ["PROJECTORS", "ProjectionInput", "Projector"]
