"""The one path from data to HTML: a Jinja2 environment with autoescape on.

Every HTML fragment the library makes is rendered here, from the templates in
``views/templates/``. Plain strings are escaped wherever they land; fragments the
library built itself (a rendered template, a citation link) travel as
:class:`markupsafe.Markup` and are inserted as they are. DataFrames become HTML
through :func:`table_html`, which escapes every cell that is not ``Markup``. Nothing
else in the package escapes by hand or assembles HTML in strings.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import jinja2
import pandas as pd
from markupsafe import Markup

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
# ``tojson`` (a chart's spec) without the spaces after "," and ":" (smaller pages).
ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}


def safe_url(url: object) -> str:
    """``url`` if it is an http(s) URL, else ``'#'`` (a link can never run script)."""
    text = str(url or "").strip()
    if urlsplit(text).scheme.lower() in {"http", "https"}:
        return text
    return "#"


ENV.filters["safe_url"] = safe_url


def render(template: str, /, **context: Any) -> Markup:
    """Render ``views/templates/<template>`` with ``context``, as trusted HTML."""
    return Markup(ENV.get_template(template).render(**context).strip())


def _cell(value: object) -> tuple[object, bool]:
    """A table cell as shown, and whether it is a number (right-aligned)."""
    if isinstance(value, Markup):
        return value, False
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "", False
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, numbers.Integral):
        return str(value), True
    if isinstance(value, numbers.Real):
        return f"{value:,.6g}" if abs(value) < 1e15 else str(value), True
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
        Readers' names for columns, by column name (default: the data files'
        columns in readers' words, :data:`explainer.views.style.COLUMN_LABELS`).
    """
    labels = style.COLUMN_LABELS if headers is None else headers
    names = [str(labels.get(c, c)) for c in table.columns]
    shown = style.readable(table) if headers is None else table
    rows = [[_cell(v) for v in row] for row in shown.itertuples(index=False)]
    return render(
        "table.html.j2",
        caption=caption,
        names=names,
        rows=rows,
        folded=folded,
        open_=open_,
    )
