"""Entry point of `python -m newasia`."""

from newasia.cli import main

raise SystemExit(main())
