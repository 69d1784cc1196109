"""The error every loader raises, and the list that collects a file's problems.

A reader never stops at the first problem: every cell of every row is checked, so
that one :class:`DataError` can name them all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["DataError"]


class DataError(ValueError):
    """A data file failed validation.

    The message names the file, then each problem: the row or feature, the field,
    what was expected and what was found.

    Attributes
    ----------
    file : str
        The file, relative to the data folder (e.g. ``geo/nodes.geojson``).
    problems : list of str
        Every problem found in the file.
    """

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = f"{file}: {self.problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            text = f"{file}: {len(self.problems)} problems:\n{lines}"
        super().__init__(text)


def show(value: object) -> str:
    """How a found value is quoted in a message."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return "nothing (empty)"
    if isinstance(value, float) and math.isnan(value):
        return "nothing (empty)"
    return repr(value)


@dataclass
class Problems:
    """Problems found in one file, collected to be raised together."""

    file: str
    items: list[str] = field(default_factory=list)

    def add(
        self, where: str, name: str, expected: str, found: object, hint: str = ""
    ) -> None:
        """Record that ``name`` at ``where`` is not what was expected."""
        found_text = found if isinstance(found, _Said) else show(found)
        text = f"{where}: field '{name}': expected {expected}, found {found_text}"
        self.items.append(f"{text}; {hint}" if hint else text)

    def note(self, text: str) -> None:
        """Record a problem that is not about one field."""
        self.items.append(text)

    def raise_if_any(self) -> None:
        """Raise :class:`DataError` with every problem, if there is any."""
        if self.items:
            raise DataError(self.file, self.items)


class _Said(str):
    """A description of a found value that must not be quoted again."""


def said(text: str) -> _Said:
    """Mark a description of what was found (e.g. ``'lon 1.0, lat 2.0'``)."""
    return _Said(text)
