"""The project's exceptions: each names the file, field or claim at fault so that a reader can act on it."""

from __future__ import annotations

from pathlib import Path


class NewAsiaError(Exception):
    """Base class of every error this package raises on purpose."""


def plain(value: object) -> object:
    """A numpy scalar as the Python value it holds (so that messages show 1988.5, not np.float64(1988.5))."""
    return value.item() if type(value).__module__ == "numpy" and hasattr(value, "item") else value


def _location(**parts: object) -> str:
    return ", ".join(f"{key} {plain(value)!r}" for key, value in parts.items() if value is not None)


class RawInputError(NewAsiaError):
    """A raw input file is missing, empty or malformed.

    The message names the file and, where known, the sheet, row, column and offending value.
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ):
        self.file, self.problem = str(file), problem
        self.sheet, self.row, self.column, self.value = sheet, row, column, value
        where = _location(sheet=sheet, row=row, column=column, value=value)
        super().__init__(f"{self.file}: {problem}" + (f" ({where})" if where else ""))


class ExtractError(NewAsiaError):
    """A committed extract in data/ is missing, stale or does not match its schema."""

    def __init__(self, file: str | Path, problem: str):
        self.file, self.problem = str(file), problem
        super().__init__(f"{self.file}: {problem}")


class ClaimSpecError(NewAsiaError):
    """A claim in the ledger is malformed: the message names the claim and the field."""

    def __init__(self, claim_id: str, field: str, problem: str, location: str = ""):
        self.claim_id, self.field, self.problem, self.location = claim_id, field, problem, location
        where = f"{location}: " if location else ""
        super().__init__(f"{where}claim {claim_id!r}, field {field!r}: {problem}")


class EvaluationError(NewAsiaError):
    """Evaluating a claim failed (an extract could not be loaded, or a computation raised): never a verdict.

    The message names the claim and the underlying problem (which names the file or table at fault).
    """

    def __init__(self, claim_id: str, problem: str):
        self.claim_id, self.problem = claim_id, problem
        super().__init__(f"claim {claim_id!r} could not be evaluated: {problem}")


class NotebookError(NewAsiaError):
    """A notebook failed while executing: the message names the notebook and the error its cell raised."""

    def __init__(self, notebook: str | Path, problem: str):
        self.notebook, self.problem = str(notebook), problem
        super().__init__(f"{self.notebook}: {problem}")


class ParameterError(NewAsiaError, ValueError):
    """A parameter outside what the data cover or the function accepts: the message names the parameter, the value
    and the valid range or set (newasia.coverage.check_parameters raises it before a notebook computes anything;
    newasia.gravity for its specification choices)."""

    def __init__(self, parameter: str, value: object, valid: str):
        self.parameter, self.value, self.valid = parameter, plain(value), valid
        super().__init__(f"parameter {parameter!r} = {plain(value)!r} is not valid: it must be {valid}")


class EstimationError(NewAsiaError):
    """An estimation cannot identify what it was asked for (e.g. an agreement with no post-entry observations)."""
