"""``python -m xproj_core`` runs the CLI."""

from .cli import main

raise SystemExit(main())
