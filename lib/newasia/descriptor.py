"""Write and read data/datapackage.json, the Frictionless-style descriptor of every extract."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from newasia.errors import ExtractError
from newasia.tables import Column, Table

PROFILE = "tabular-data-package"


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def schema_fingerprint(table: Table) -> str:
    """A short hash of a table's schema: a loader compares it to spot extracts built by older code."""
    text = json.dumps(_schema(table), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _field(column: Column) -> dict:
    field = {"name": column.name, "type": column.type, "description": column.description}
    if column.unit:
        field["unit"] = column.unit
    constraints = {"required": column.required}
    if column.enum is not None:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if column.pattern is not None:
        constraints["pattern"] = column.pattern
    field["constraints"] = constraints
    return field


def _schema(table: Table) -> dict:
    return {"fields": [_field(c) for c in table.columns], "primaryKey": list(table.primary_key)}


def resource(
    table: Table, *, rows: int, file_sha256: str, raw_files: list[dict], sources: dict, notes: list[str]
) -> dict:
    """The descriptor entry of one built table."""
    return {
        "name": table.name,
        "path": table.path,
        "title": table.title,
        "description": table.description,
        "format": table.format,
        "hash": f"sha256:{file_sha256}",
        "rows": rows,
        "schema": _schema(table),
        "schema_fingerprint": schema_fingerprint(table),
        "sources": [{"id": s, **{k: v for k, v in sources[s].items() if k != "folder"}} for s in table.sources],
        "licenses": sorted({sources[s]["licence"] for s in table.sources}),
        "raw_files": raw_files,
        "caveats": list(table.caveats),
        "build_notes": notes,
    }


def package(resources: list[dict]) -> dict:
    """The whole descriptor."""
    return {
        "profile": PROFILE,
        "name": "newasia-extracts",
        "title": "Tidy extracts for 'Russia and Vietnam in the New Asia' and 'Vietnam - Russia relations'",
        "description": "Built from ../shared/data/raw by `python -m newasia data build`; do not edit by hand.",
        "resources": resources,
    }


def write(descriptor: dict, path: Path) -> None:
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read(path: Path) -> dict:
    """The descriptor as a dict; a missing or unreadable file raises ExtractError."""
    if not path.exists():
        raise ExtractError(path, "missing: run `python -m newasia data build` to create the extracts")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ExtractError(path, f"is not valid JSON ({error})") from None


def resources_by_name(descriptor: dict) -> dict[str, dict]:
    return {r["name"]: r for r in descriptor.get("resources", [])}
