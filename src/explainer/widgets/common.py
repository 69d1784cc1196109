"""What the explorers share: outputs set as widget state, and control helpers."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import ipywidgets as widgets
from babel.numbers import format_decimal
from markupsafe import Markup
from traitlets import Any as Any_
from traitlets import Int, TraitError, TraitType, Unicode, validate

from explainer.i18n import language, t
from explainer.views import style
from explainer.views.html import render

__all__ = [
    "EXPLORER_CLASS",
    "LRU",
    "Choice",
    "FloatSlider",
    "IntSlider",
    "fixed_text",
    "mimebundle",
    "show_in",
]

V = TypeVar("V")


_WIDE = {"description_width": "initial"}


#: CSS class of every explorer's outermost widget: a styling hook, and what the
#: JupyterLab end-to-end test (tests/test_lab.py) looks for.
EXPLORER_CLASS = "explainer-explorer"


def mimebundle(obj: Any) -> dict[str, Any]:
    """The display data of an object (a map, chart, figure or HTML string)."""
    if isinstance(obj, Markup):
        return {"text/html": str(obj)}
    if isinstance(obj, str):  # plain text: shown, never run
        return {"text/html": str(render("text.html.j2", text=obj)), "text/plain": obj}
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data:
            return dict(data)
    if hasattr(obj, "_repr_html_"):
        return {"text/html": obj._repr_html_(), "text/plain": repr(obj)}
    return {"text/plain": repr(obj)}


def show_in(output: widgets.Output, *objs: Any) -> None:
    """Replace what an ``Output`` widget shows by ``objs``, in one model update."""
    output.outputs = tuple(
        {"output_type": "display_data", "data": mimebundle(obj), "metadata": {}}
        for obj in objs
    )


def fixed_text(value: float, digits: int = 1) -> str:
    """A number with exactly ``digits`` decimals (``'12.0'``), in the language in use.

    For figures that move with a slider, so that their width stays put: Babel's
    separators of the language (``'12,0'`` in Russian and Kazakh).
    """
    pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return format_decimal(float(value), format=pattern, locale=language())


def _note(text: str) -> Markup:
    return render("widgets/note.html.j2", text=text)


def _choices(codes: list[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(style.label(c, labels), c) for c in codes]


def _in_range(widget: widgets.FloatSlider | widgets.IntSlider, value: Any) -> Any:
    """``value`` if it is a finite number within the slider's range, else refuse it."""
    name = widget.description or t("widgets.error.value", "value")
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not widget.min <= value <= widget.max
    ):
        msg = t(
            "widgets.error.range",
            "{name}: expected a number from {low} to {high}, found {found}; "
            "the value was left at {kept}",
            name=name,
            low=widget.min,
            high=widget.max,
            found=repr(value),
            kept=widget.value,
        )
        raise TraitError(msg)
    return value


class FloatSlider(widgets.FloatSlider):
    """A ``FloatSlider`` that refuses NaN, infinities and values out of its range.

    ``ipywidgets`` lets NaN through and silently clamps values out of range; here
    both raise :class:`traitlets.TraitError` and the slider keeps its value, so it
    always shows the value its explorer's outputs were drawn for.
    """

    @validate("value")
    def _validate_value(self, proposal: Any) -> float:
        return _in_range(self, proposal["value"])


class IntSlider(widgets.IntSlider):
    """An ``IntSlider`` that refuses values out of its range (instead of clamping)."""

    @validate("value")
    def _validate_value(self, proposal: Any) -> int:
        return _in_range(self, proposal["value"])


def _refuse_none(trait: TraitType, obj: Any, value: Any) -> None:
    """Refuse ``None`` in place of a selection while the widget has options."""
    current = obj._trait_values.get(trait.name)
    if value is None and current is not None and obj._options_values:
        msg = t(
            "widgets.error.none",
            "{name}: expected one of the options, found None (as the {trait}); "
            "the {trait} was left at {kept}",
            name=obj.description or t("widgets.error.choice", "choice"),
            trait=trait.name,
            kept=repr(current),
        )
        raise TraitError(msg)


class _Chosen(Any_):
    """The value chosen: ``None`` only when there is no option to choose.

    ``traitlets`` never validates ``None`` on a trait that allows it (``@validate``
    handlers do not see it), so the check sits in the trait's ``_validate``.
    """

    def _validate(self, obj: Any, value: Any) -> Any:
        _refuse_none(self, obj, value)
        return super()._validate(obj, value)


class _ChosenIndex(Int):
    """The index of the option chosen: ``None`` only when there is no option."""

    def _validate(self, obj: Any, value: Any) -> Any:
        _refuse_none(self, obj, value)
        return super()._validate(obj, value)


class _ChosenLabel(Unicode):
    """The label of the option chosen: ``None`` only when there is no option."""

    def _validate(self, obj: Any, value: Any) -> Any:
        _refuse_none(self, obj, value)
        return super()._validate(obj, value)


class Choice(widgets.Dropdown):
    """A ``Dropdown`` that refuses ``None`` while it has options.

    ``ipywidgets`` accepts ``None`` (no selection) at any time; an explorer always
    shows one of its options, and ``None`` only when there is none to show.
    """

    value = _Chosen(None, allow_none=True, help="Selected value")
    label = _ChosenLabel(None, allow_none=True, help="Selected label")
    index = _ChosenIndex(None, allow_none=True, help="Selected index").tag(sync=True)


class LRU(Generic[V]):
    """A cache that keeps the ``size`` most recently used values, dropping the rest.

    Parameters
    ----------
    size
        How many values are kept (at least 1).
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._values: OrderedDict[Hashable, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value of ``key``, made (and kept) when it is not in the cache."""
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = self._values[key] = make()
        while len(self._values) > self.size:
            self._values.popitem(last=False)
        return value
