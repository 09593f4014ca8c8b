"""xproj: cross-lingual NER by annotation projection — the engine behind the app and the CLI."""

__version__ = "0.1.0"
