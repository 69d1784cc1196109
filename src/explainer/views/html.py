"""The one path from data to HTML: a Jinja2 environment with autoescape on.

Every HTML fragment the library makes is rendered here, from the templates in
``views/templates/``. Plain strings are escaped wherever they land; fragments the
library built itself (a rendered template, a citation link) travel as
:class:`markupsafe.Markup` and are inserted as they are. DataFrames become HTML
through :func:`table_html`, which escapes every cell that is not ``Markup``. Nothing
else in the package escapes by hand or assembles HTML in strings.
"""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import jinja2
import pandas as pd
from babel.numbers import format_decimal
from markupsafe import Markup

from explainer.i18n import language, t
from explainer.text import number_text
from explainer.views import style

__all__ = ["Markup", "table_html"]

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("explainer.views", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)

#: What :func:`script_json` writes as an escape: the characters that could end a
#: ``<script>`` element or start a comment in it (``</script>``, ``<!--``), ``&``
#: and ``'`` (as Jinja's ``tojson`` does), and the line and paragraph separators
#: (line breaks to older JavaScript). Each occurs only inside JSON strings.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&'\u2028\u2029]")


def script_json(value: Any, *, compact: bool = True) -> Markup:
    r"""``value`` as JSON safe inside a ``<script>`` element, written as UTF-8.

    Letters stay as they are (a Cyrillic letter takes 2 bytes, not the 6 of a
    ``\u04xx`` escape); only the characters of :data:`_SCRIPT_ESCAPES` are
    escaped, so no text in the data can close the script. Keys are sorted and no
    space follows ``,`` or ``:`` (smaller pages). It is the environment's
    ``tojson`` filter. ``compact=False`` keeps the keys' order and Python's spacing
    (the maps' scripts).
    """
    if compact:
        text = json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
    else:
        text = json.dumps(value, ensure_ascii=False)
    return Markup(_SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text))


# ``tojson`` (a chart's spec): UTF-8, escaped for a script element, compact.
ENV.filters["tojson"] = script_json


def safe_url(url: object) -> str:
    """``url`` if it is an http(s) URL, else ``'#'`` (a link can never run script)."""
    text = str(url or "").strip()
    if urlsplit(text).scheme.lower() in {"http", "https"}:
        return text
    return "#"


ENV.filters["safe_url"] = safe_url
# Text in templates is translated like text in code: {{ t("key", "English") }}.
ENV.globals["t"] = t


def render(template: str, /, **context: Any) -> Markup:
    """Render ``views/templates/<template>`` with ``context``, as trusted HTML."""
    return Markup(ENV.get_template(template).render(**context).strip())


#: A number typed as text in the data (``'2024'``, ``'1,500'``): the data files are
#: written the English way whatever the reader's language, so this reads them so;
#: the numbers are then shown the reader's way (:func:`_number`).
_NUMBER_TEXT = re.compile(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?")


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _as_number(value: object) -> object:
    """A number typed as text (``'2024'``, ``'1,500'``) as a number; else as is."""
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        number = float(value.replace(",", ""))
        return int(number) if number.is_integer() and "." not in value else number
    return value


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return not isinstance(value, str | Markup) and bool(pd.isna(value))


def _numeric_columns(table: pd.DataFrame) -> list[bool]:
    """Per column, whether all its filled cells are numbers (it is right-aligned)."""
    flags = []
    for column in table.columns:
        filled = [v for v in table[column] if not _blank(v)]
        flags.append(bool(filled) and all(_is_number(v) for v in filled))
    return flags


def _number(number: float, digits: int | None) -> str:
    """A number grouped by thousands, with the decimals the data has.

    As :func:`explainer.text.number_text` writes it, in the language in use
    (``1,500``, ``0.759`` in English; ``1 500``, ``0,759`` in Russian and Kazakh,
    by Babel's locale data), but never dropping a decimal the data gives: up to
    three below 10, two above (computed values, e.g. a length of 2,671.19 km),
    or ``digits``. Trailing zeros are left out.
    """
    if number.is_integer() and digits is None:
        return number_text(number)
    given = len(repr(number).partition(".")[2]) if "e" not in repr(number) else 6
    places = digits if digits is not None else min(given, 3 if abs(number) < 10 else 2)
    # Rounded by Python first (as the table always rounded), then written by Babel.
    pattern = "#,##0." + "#" * places if places else "#,##0"
    return format_decimal(round(number, places), format=pattern, locale=language())


def _cell(value: object, key: str = "") -> tuple[object, bool]:
    """A table cell as shown, and whether it is a number (right-aligned).

    Numbers read as in the text (:func:`explainer.text.number_text`: ``1,500``,
    ``0.76``); years and dates are never grouped (``2024``).
    """
    if isinstance(value, Markup):
        return value, False
    if _blank(value):
        return "", False
    if isinstance(value, bool):
        return (
            t("tables.true", "True") if value else t("tables.false", "False")
        ), False
    if _is_number(value):
        number = float(value)  # type: ignore[arg-type]
        if key in style.DATE_COLUMNS and number.is_integer():
            return str(int(number)), True
        if abs(number) >= 1e15:
            return str(value), True
        return _number(number, style.COLUMN_DIGITS.get(key)), True
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d"), False
    return str(value), False


def table_html(
    table: pd.DataFrame,
    caption: str = "",
    *,
    folded: bool = False,
    open_: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Markup:
    """A DataFrame as an HTML table, escaping every cell that is not ``Markup``.

    By default the table is shown in readers' words: headers by
    :func:`explainer.views.style.column_label` (no ``snake_case``), a unit shared
    by every row moved into the headers (``Value (Mt)``), codes in cells as words
    (``titr_cargo`` reads "Cargo carried"), numbers written as numbers
    (``1,500``) and right-aligned, numbers typed as text turned back into numbers.

    Parameters
    ----------
    table
        The rows to show; the index is not shown.
    caption
        The table's caption (or, when ``folded``, the line that unfolds it).
    folded
        Fold the table under a ``<details>`` summary line.
    open_
        Start unfolded (with ``folded``).
    headers
        Readers' names for columns, by column name; given, the table is shown as
        it is (only these headers renamed, cells as they are).
    """
    if headers is None:
        shown = style.readable(table)
        for column in shown.columns:
            values = shown[column]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                shown[column] = pd.Series(
                    [_as_number(v) for v in values], index=shown.index, dtype=object
                )
        shown, unit_headers = style.units_into_headers(shown)
        names = [unit_headers.get(c) or style.column_label(c) for c in shown.columns]
    else:
        shown = table
        names = [str(headers.get(c, c)) for c in table.columns]
    keys = [style.column_key(c) for c in shown.columns]
    numeric = _numeric_columns(shown)
    rows = [
        [_cell(v, key) for v, key in zip(row, keys, strict=True)]
        for row in shown.itertuples(index=False)
    ]
    return render(
        "table.html.j2",
        caption=caption,
        names=names,
        numeric=numeric,
        rows=rows,
        folded=folded,
        open_=open_,
    )
