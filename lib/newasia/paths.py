"""Where the project keeps things: the repository's data, figures and notebooks, and the shared raw data.

NEWASIA_DATA_DIR points the package at another copy of data/ (the fault-injection tests use a temporary copy).
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("NEWASIA_DATA_DIR") or REPO_ROOT / "data")
REFERENCE_DIR = DATA_DIR / "reference"
DESCRIPTOR_PATH = DATA_DIR / "datapackage.json"
FIGURES_DIR = REPO_ROOT / "figures"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
SITE_DIR = REPO_ROOT / "_build" / "html"
# Local records that speed up loading (which extract files passed validation); never committed, safe to delete.
CACHE_DIR = Path(os.environ.get("NEWASIA_CACHE_DIR") or REPO_ROOT / ".cache")
DEFAULT_RAW_DIR = REPO_ROOT.parent / "shared" / "data" / "raw"
DEFAULT_VALIDATION_DIR = REPO_ROOT.parent / "shared" / "data" / "validation"
