"""Sentences that compare numbers or state verdicts, generated from the data.

A sentence that places a figure ("between", "below both", "lower than the year
before") or states a count or a verdict is never typed in a notebook: it comes from
one of these small functions, so that it changes when the data changes. The
numbers in them are worded by :mod:`explainer.text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from explainer.text import number_text

__all__ = [
    "change_text",
    "latest_change",
    "place_among",
    "range_among",
    "ratio_text",
    "verdict_summary",
    "verdicts_text",
]

#: How each verdict is counted in a summary sentence.
VERDICT_WORDS = {
    "supported": "supported by the evidence",
    "partly_supported": "partly supported",
    "contradicted": "contradicted",
    "not_found": "not found in any other source",
    "not_checkable": "not checkable",
    "opinion": "opinions rather than checkable facts",
}


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def place_among(
    value: float,
    others: Mapping[str, float],
    *,
    unit: str = "",
    tolerance: float = 0.005,
) -> str:
    """Where ``value`` falls among other figures, in words.

    Parameters
    ----------
    value
        The figure to place.
    others
        Who gives each other figure, and its value, e.g.
        ``{"the article's": 900, "the minister's": 1000}``.
    unit
        The unit written after each number.
    tolerance
        Figures within this share of each other count as equal.

    Examples
    --------
    >>> place_among(748, {"the article's": 900, "the minister's": 1000}, unit="km")
    "below both the article's 900 km and the minister's 1,000 km"
    >>> place_among(950, {"the article's": 900, "the minister's": 1000}, unit="km")
    "between the article's 900 km and the minister's 1,000 km"
    """
    if not others:
        msg = "place_among needs at least one figure to compare with"
        raise ValueError(msg)

    def show(who: str, figure: float) -> str:
        return f"{who} {number_text(figure, unit)}"

    ordered = sorted(others.items(), key=lambda item: item[1])
    equal = [w for w, v in ordered if abs(v - value) <= tolerance * max(abs(v), 1e-9)]
    if equal:
        return "equal to " + _and([show(w, others[w]) for w in equal])
    lower = [(w, v) for w, v in ordered if v < value]
    higher = [(w, v) for w, v in ordered if v > value]
    all_ = "both" if len(ordered) == 2 else "all of"
    if not lower:
        if len(ordered) == 1:
            return "below " + show(*ordered[0])
        return f"below {all_} " + _and([show(w, v) for w, v in ordered])
    if not higher:
        if len(ordered) == 1:
            return "above " + show(*ordered[0])
        return f"above {all_} " + _and([show(w, v) for w, v in ordered])
    return f"between {show(*lower[-1])} and {show(*higher[0])}"


def range_among(
    low: float, high: float, others: Mapping[str, float], *, unit: str = ""
) -> str:
    """Where a range falls among other figures (both ends placed), in words.

    Examples
    --------
    >>> range_among(603, 748, {"the article's": 900, "the minister's": 1000}, unit="km")
    "603–748 km, below both the article's 900 km and the minister's 1,000 km"
    >>> range_among(850, 950, {"the article's": 900}, unit="km")
    "from 850 km (below the article's 900 km) to 950 km (above the article's 900 km)"
    """
    if round(low) == round(high):
        place = place_among(high, others, unit=unit)
        return f"{number_text(high, unit, digits=0)}, {place}"
    low_place = place_among(low, others, unit=unit)
    high_place = place_among(high, others, unit=unit)
    if low_place == high_place:
        span = f"{number_text(low, digits=0)}–{number_text(high, unit, digits=0)}"
        return f"{span}, {low_place}"
    return (
        f"from {number_text(low, unit, digits=0)} ({low_place}) to "
        f"{number_text(high, unit, digits=0)} ({high_place})"
    )


def change_text(
    before: tuple[int, float], after: tuple[int, float], *, unit: str = ""
) -> str:
    """How a figure moved between two years, e.g. ``'down from 4.5 Mt in 2024'``.

    Examples
    --------
    >>> change_text((2024, 4.5), (2025, 4.1), unit="Mt")
    '4.1 Mt in 2025, down from 4.5 Mt in 2024'
    """
    (y0, v0), (y1, v1) = before, after
    if v1 > v0:
        word = "up from"
    elif v1 < v0:
        word = "down from"
    else:
        word = "the same as"
    return f"{number_text(v1, unit)} in {y1}, {word} {number_text(v0, unit)} in {y0}"


def _figures(values: Sequence[float], unit: str) -> str:
    low, high = min(values), max(values)
    if low == high:
        return number_text(low, unit)
    return f"{number_text(low)}–{number_text(high, unit)}"


def latest_change(years: Sequence[int], values: Sequence[float], *, unit: str) -> str:
    """The last two years of a series in words, honest about conflicting figures.

    Where a year has figures from several reporters, both years are given as ranges
    and nothing is said about the direction unless every figure of the later year
    lies on the same side of every figure of the earlier one.

    Examples
    --------
    >>> latest_change([2023, 2024, 2025], [2.76, 4.48, 4.12], unit="Mt")
    '4.12 Mt in 2025, down from 4.48 Mt in 2024'
    >>> latest_change([2022, 2022, 2023], [1.5, 1.7, 2.76], unit="Mt")
    '2.76 Mt in 2023, up from 1.5–1.7 Mt in 2022 (the sources differ)'
    """
    by_year: dict[int, list[float]] = {}
    for year, value in zip(years, values, strict=True):
        by_year.setdefault(int(year), []).append(float(value))
    if len(by_year) < 2:
        msg = "latest_change needs figures for at least two years"
        raise ValueError(msg)
    y0, y1 = sorted(by_year)[-2:]
    before, after = by_year[y0], by_year[y1]
    if len(before) == len(after) == 1:
        return change_text((y0, before[0]), (y1, after[0]), unit=unit)
    if min(after) > max(before):
        word = "up from"
    elif max(after) < min(before):
        word = "down from"
    else:
        word = "against"
    return (
        f"{_figures(after, unit)} in {y1}, {word} {_figures(before, unit)} in {y0} "
        "(the sources differ)"
    )


def ratio_text(a: float, b: float) -> str:
    """How many times ``a`` is ``b``, in words (``'3.2 times'``, ``'about the same'``).

    Examples
    --------
    >>> ratio_text(11.0, 3.4)
    '3.2 times'
    """
    ratio = a / b
    if abs(ratio - 1) < 0.05:
        return "about the same"
    return f"{number_text(round(ratio, 1))} times"


def verdict_summary(verdicts: Sequence[str], *, what: str = "claims") -> str:
    """A count of verdicts in one sentence, leading with whether most hold.

    Examples
    --------
    >>> verdict_summary(["supported", "supported", "contradicted"])
    'Most of the 3 claims hold: 2 are supported by the evidence and 1 is contradicted.'
    """
    total = len(verdicts)
    if not total:
        return f"No {what} to check."
    counts = {v: list(verdicts).count(v) for v in VERDICT_WORDS if v in verdicts}
    held = counts.get("supported", 0)
    if held * 2 > total:
        lead = f"Most of the {total} {what} hold"
    elif held * 2 == total:
        lead = f"Half of the {total} {what} hold"
    else:
        lead = f"Fewer than half of the {total} {what} hold"
    parts = [
        f"{n} {'is' if n == 1 else 'are'} {VERDICT_WORDS[v]}"
        if v != "opinion"
        else f"{n} {'is an opinion' if n == 1 else 'are ' + VERDICT_WORDS[v]}"
        for v, n in counts.items()
    ]
    return f"{lead}: {_and(parts)}."


def verdicts_text(named: Mapping[str, str]) -> str:
    """Verdicts of a few named claims, grouped, in one clause.

    Examples
    --------
    >>> verdicts_text({"the article's figure": "contradicted",
    ...                "the minister's figure": "contradicted"})
    "the article's figure and the minister's figure are contradicted"
    """
    groups: dict[str, list[str]] = {}
    for name, verdict in named.items():
        groups.setdefault(verdict, []).append(name)
    return "; ".join(
        f"{_and(names)} {'is' if len(names) == 1 else 'are'} {VERDICT_WORDS[verdict]}"
        for verdict, names in groups.items()
    )
