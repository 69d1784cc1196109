"""Helper library of the Kazakhstan 2026 / Middle Corridor explainer.

The package is layered; data flows one way, top to bottom (an import-linter contract
in ``pyproject.toml`` enforces it):

- ``site`` (the static site) and ``widgets`` (the explorers) use
- ``views`` (style, the one HTML path, figures, maps and charts), which uses
- ``analysis`` (the route network, the model, selections, source lookup), which uses
- ``data`` (schemas, validation, loaders);
- all of them may use the base: ``paths``, ``geo`` (geodesy), ``text`` (wording),
  and ``i18n`` (the language in use and the translation catalogues).

The public names below are re-exported lazily (PEP 562): each is imported from its
module on first use, so ``import explainer`` and ``import explainer.data`` stay light.
The table of names is read from each public module's ``__all__`` without importing
it; ``tests/test_api.py`` checks that the two agree.
"""

from __future__ import annotations

import ast
import importlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

try:
    __version__ = version("explainer")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

#: The modules whose ``__all__`` make up the public API, in precedence order.
PUBLIC_MODULES = (
    "explainer.data",
    "explainer.text",
    "explainer.i18n",
    "explainer.geo",
    "explainer.analysis.sources",
    "explainer.analysis.claims",
    "explainer.analysis.sentences",
    "explainer.analysis.model",
    "explainer.analysis.network",
    "explainer.analysis.selections",
    "explainer.views.html",
    "explainer.views.sources",
    "explainer.views.figure",
    "explainer.views.claims",
    "explainer.views.theme",
    "explainer.views.maps",
    "explainer.views.charts",
    "explainer.widgets",
)


def _declared(module: str) -> list[str]:
    """The names in a module's ``__all__``, read from its source (not imported)."""
    base = Path(__file__).parent.joinpath(*module.split(".")[1:])
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return [ast.literal_eval(e) for e in node.value.elts]
    msg = f"{module} declares no __all__ list"
    raise ImportError(msg)


def _exports() -> dict[str, str]:
    table: dict[str, str] = {}
    for module in PUBLIC_MODULES:
        for name in _declared(module):
            table.setdefault(name, module)
    return table


#: Public name -> the module that defines it.
_LAZY = _exports()

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'explainer' has no attribute '{name}'"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
