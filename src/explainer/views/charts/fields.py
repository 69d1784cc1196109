"""The columns a chart reads, found in its spec, so that a page carries only those.

A builder hands Altair a whole frame (its notes, ids, the English kept for
selections...), and Altair writes every column of it into the spec. The columns a
chart can use are all named in the spec: encoding fields (tooltips, ``href``,
``detail``, ``order`` and sort fields included), selection fields, transforms
(``groupby``, ``fold``, ``as``...) and expressions (``datum.year``,
``datum['name']`` in filters, calculations, parameters and label expressions).
:func:`used_fields` reads them all from the spec itself, so a new chart needs no
list of its own; :func:`trimmed` leaves the other columns out of the embedded rows.

When the spec could read a column it does not name (a tooltip showing the whole
row, ``{"content": "data"}``; an expression indexing ``datum`` with a variable),
every column is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["trimmed", "used_fields"]

#: ``datum.name`` in a Vega expression.
_DOT = re.compile(r"\bdatum\s*\.\s*([A-Za-z_$][\w$]*)")
#: ``datum['name']`` or ``datum["name"]`` in a Vega expression.
_BRACKET = re.compile(r"""\bdatum\s*\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]""")
#: Any ``datum`` at all (those not followed by a name are the whole row).
_DATUM = re.compile(r"\bdatum\b")
#: Where a field path's first name ends: an unescaped ``.`` or ``[``.
_PATH_STEP = re.compile(r"(?<!\\)[.\[]")
_ESCAPE = re.compile(r"\\(.)")


def _strings(node: Any, under_data: bool = False) -> Iterator[str]:
    """Every string of a spec outside its data rows."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "datasets" or (under_data and key == "values"):
                continue
            yield from _strings(value, under_data=key == "data")
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _shows_whole_rows(node: Any) -> bool:
    """Whether a tooltip shows every field of its row (``{"content": "data"}``)."""
    if isinstance(node, dict):
        tip = node.get("tooltip")
        if isinstance(tip, dict) and tip.get("content") == "data":
            return True
        return any(
            _shows_whole_rows(v) for k, v in node.items() if k not in ("datasets",)
        )
    if isinstance(node, list):
        return any(_shows_whole_rows(v) for v in node)
    return False


def _names_in(text: str) -> set[str] | None:
    """The field names a string may stand for; ``None`` if it reads whole rows."""
    names = {text, _ESCAPE.sub(r"\1", text)}
    names.add(_ESCAPE.sub(r"\1", _PATH_STEP.split(text, maxsplit=1)[0]))
    named = 0
    for match in _DOT.finditer(text):
        names.add(match.group(1))
        named += 1
    for match in _BRACKET.finditer(text):
        names.add(_ESCAPE.sub(r"\1", match.group(2)))
        named += 1
    if len(_DATUM.findall(text)) > named:
        return None
    return names


def used_fields(spec: dict) -> set[str] | None:
    """The names of the data fields a Vega-Lite spec can read.

    Parameters
    ----------
    spec
        A chart's ``to_dict()``.

    Returns
    -------
    set of str or None
        Every string of the spec that can name a field (a superset: a title that
        happens to equal a column's name keeps that column), or ``None`` when the
        spec may read fields it does not name (keep every column).
    """
    if _shows_whole_rows(spec):
        return None
    found: set[str] = set()
    for text in _strings(spec):
        names = _names_in(text)
        if names is None:
            return None
        found |= names
    return found


def _trim_rows(rows: Any, keep: set[str]) -> Any:
    if not isinstance(rows, list):
        return rows
    return [
        {k: v for k, v in row.items() if k in keep} if isinstance(row, dict) else row
        for row in rows
    ]


def _trim_inline(node: Any, keep: set[str]) -> Any:
    """``node`` with the rows of its inline ``data.values`` trimmed."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "data" and isinstance(value, dict) and "values" in value:
                value = {**value, "values": _trim_rows(value["values"], keep)}
            out[key] = _trim_inline(value, keep)
        return out
    if isinstance(node, list):
        return [_trim_inline(item, keep) for item in node]
    return node


def trimmed(spec: dict) -> dict:
    """``spec`` whose data rows hold only the fields the chart reads.

    The rows of its ``datasets`` and of any inline ``data.values`` lose every
    column :func:`used_fields` does not find; the spec is otherwise unchanged
    (a new dict: ``spec`` is not modified).
    """
    keep = used_fields(spec)
    if keep is None:
        return spec
    out = _trim_inline({k: v for k, v in spec.items() if k != "datasets"}, keep)
    if "datasets" in spec:
        out["datasets"] = {
            name: _trim_rows(rows, keep) for name, rows in spec["datasets"].items()
        }
    return out
