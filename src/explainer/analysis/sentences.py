"""Sentences that compare numbers or state verdicts, generated from the data.

A sentence that places a figure ("between", "below both", "lower than the year
before") or states a count or a verdict is never typed in a notebook: it comes from
one of these small functions, so that it changes when the data changes. The
numbers in them are worded by :mod:`explainer.text`.

Every sentence is in the language in use (:func:`explainer.set_language`): each is
one whole message of :func:`explainer.i18n.t` with placeholders for its figures, so
that Russian and Kazakh can order the words and inflect them their own way (domain
``analysis``, catalogues ``locales/{ru,kk}/analysis.yaml``). The English is exactly
what these functions always wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from explainer.analysis.words import Translated
from explainer.i18n import t
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

#: How each verdict is counted in a summary sentence (in the language in use).
VERDICT_WORDS: Mapping[str, str] = Translated(
    {
        "supported": lambda: t(
            "analysis.verdict.supported", "supported by the evidence"
        ),
        "partly_supported": lambda: t(
            "analysis.verdict.partly_supported", "partly supported"
        ),
        "contradicted": lambda: t("analysis.verdict.contradicted", "contradicted"),
        "not_found": lambda: t(
            "analysis.verdict.not_found", "not found in any other source"
        ),
        "not_checkable": lambda: t("analysis.verdict.not_checkable", "not checkable"),
        "opinion": lambda: t(
            "analysis.verdict.opinion", "opinions rather than checkable facts"
        ),
    }
)


def _and(items: Sequence[str]) -> str:
    """``'a, b and c'`` in the language in use."""
    if len(items) <= 1:
        return "".join(items)
    return t(
        "analysis.and",
        "{items} and {last}",
        items=", ".join(items[:-1]),
        last=items[-1],
    )


def place_among(
    value: float,
    others: Mapping[str, float],
    *,
    unit: str = "",
    tolerance: float = 0.005,
) -> str:
    """Where ``value`` falls among other figures, in words.

    Returns a clause in the language in use. In English each figure follows who
    gives it (``"the article's 900 km"``); Russian writes it after the figure
    (``"900 км в статье"``: pass ``who`` as ``"в статье"``, ``"у министра"``),
    Kazakh before it (``"мақаладағы 900 км"``).

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
        return t(
            "analysis.place.figure",
            "{who} {figure}",
            who=who,
            figure=number_text(figure, unit),
        )

    ordered = sorted(others.items(), key=lambda item: item[1])
    equal = [w for w, v in ordered if abs(v - value) <= tolerance * max(abs(v), 1e-9)]
    if equal:
        return t(
            "analysis.place.equal",
            {"one": "equal to {figures}", "other": "equal to {figures}"},
            count=len(equal),
            figures=_and([show(w, others[w]) for w in equal]),
        )
    lower = [(w, v) for w, v in ordered if v < value]
    higher = [(w, v) for w, v in ordered if v > value]
    figures = _and([show(w, v) for w, v in ordered])
    if not lower:
        if len(ordered) == 1:
            return t("analysis.place.below_one", "below {figure}", figure=figures)
        if len(ordered) == 2:
            return t(
                "analysis.place.below_both", "below both {figures}", figures=figures
            )
        return t("analysis.place.below_all", "below all of {figures}", figures=figures)
    if not higher:
        if len(ordered) == 1:
            return t("analysis.place.above_one", "above {figure}", figure=figures)
        if len(ordered) == 2:
            return t(
                "analysis.place.above_both", "above both {figures}", figures=figures
            )
        return t("analysis.place.above_all", "above all of {figures}", figures=figures)
    return t(
        "analysis.place.between",
        "between {low} and {high}",
        low=show(*lower[-1]),
        high=show(*higher[0]),
    )


def range_among(
    low: float, high: float, others: Mapping[str, float], *, unit: str = ""
) -> str:
    """Where a range falls among other figures (both ends placed), in words.

    Returns a clause in the language in use (see :func:`place_among` for how
    ``others`` are written in Russian and Kazakh).

    Examples
    --------
    >>> range_among(603, 748, {"the article's": 900, "the minister's": 1000}, unit="km")
    "603–748 km, below both the article's 900 km and the minister's 1,000 km"
    >>> range_among(850, 950, {"the article's": 900}, unit="km")
    "from 850 km (below the article's 900 km) to 950 km (above the article's 900 km)"
    """
    if round(low) == round(high):
        place = place_among(high, others, unit=unit)
        return t(
            "analysis.range.placed",
            "{range}, {place}",
            range=number_text(high, unit, digits=0),
            place=place,
        )
    low_place = place_among(low, others, unit=unit)
    high_place = place_among(high, others, unit=unit)
    if low_place == high_place:
        span = f"{number_text(low, digits=0)}–{number_text(high, unit, digits=0)}"
        return t(
            "analysis.range.placed", "{range}, {place}", range=span, place=low_place
        )
    return t(
        "analysis.range.from_to",
        "from {low} ({low_place}) to {high} ({high_place})",
        low=number_text(low, unit, digits=0),
        low_place=low_place,
        high=number_text(high, unit, digits=0),
        high_place=high_place,
    )


def _moved(direction: str, after: str, year: int, before: str, year_before: int) -> str:
    """``after`` in ``year`` against ``before`` in ``year_before``, one message each."""
    values = {
        "after": after,
        "year": str(year),
        "before": before,
        "year_before": str(year_before),
    }
    messages: dict[str, Callable[[], str]] = {
        "up": lambda: t(
            "analysis.change.up",
            "{after} in {year}, up from {before} in {year_before}",
            **values,
        ),
        "down": lambda: t(
            "analysis.change.down",
            "{after} in {year}, down from {before} in {year_before}",
            **values,
        ),
        "same": lambda: t(
            "analysis.change.same",
            "{after} in {year}, the same as {before} in {year_before}",
            **values,
        ),
        "up_differ": lambda: t(
            "analysis.change.up_differ",
            "{after} in {year}, up from {before} in {year_before} (the sources differ)",
            **values,
        ),
        "down_differ": lambda: t(
            "analysis.change.down_differ",
            "{after} in {year}, down from {before} in {year_before} "
            "(the sources differ)",
            **values,
        ),
        "against_differ": lambda: t(
            "analysis.change.against_differ",
            "{after} in {year}, against {before} in {year_before} (the sources differ)",
            **values,
        ),
    }
    return messages[direction]()


def change_text(
    before: tuple[int, float], after: tuple[int, float], *, unit: str = ""
) -> str:
    """How a figure moved between two years, e.g. ``'down from 4.5 Mt in 2024'``.

    Returns a clause in the language in use.

    Examples
    --------
    >>> change_text((2024, 4.5), (2025, 4.1), unit="Mt")
    '4.1 Mt in 2025, down from 4.5 Mt in 2024'
    """
    (y0, v0), (y1, v1) = before, after
    direction = "up" if v1 > v0 else ("down" if v1 < v0 else "same")
    return _moved(direction, number_text(v1, unit), y1, number_text(v0, unit), y0)


def _figures(values: Sequence[float], unit: str) -> str:
    low, high = min(values), max(values)
    if low == high:
        return number_text(low, unit)
    return f"{number_text(low)}–{number_text(high, unit)}"


def latest_change(years: Sequence[int], values: Sequence[float], *, unit: str) -> str:
    """The last two years of a series in words, honest about conflicting figures.

    Where a year has figures from several reporters, both years are given as ranges
    and nothing is said about the direction unless every figure of the later year
    lies on the same side of every figure of the earlier one. Returns a clause in
    the language in use.

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
        direction = "up_differ"
    elif max(after) < min(before):
        direction = "down_differ"
    else:
        direction = "against_differ"
    return _moved(direction, _figures(after, unit), y1, _figures(before, unit), y0)


def ratio_text(a: float, b: float) -> str:
    """How many times ``a`` is ``b``, in words (``'3.2 times'``, ``'about the same'``).

    Returns words in the language in use (Russian ``'в 3,2 раза'``, Kazakh
    ``'3,2 есе'``).

    Examples
    --------
    >>> ratio_text(11.0, 3.4)
    '3.2 times'
    """
    ratio = a / b
    if abs(ratio - 1) < 0.05:
        return t("analysis.ratio.same", "about the same")
    shown = round(ratio, 1)
    return t(
        "analysis.ratio.times",
        {"one": "{ratio} times", "other": "{ratio} times"},
        count=int(shown) if float(shown).is_integer() else shown,
        ratio=number_text(shown),
    )


def _lead(held: int, total: int, what: str | None) -> str:
    """The first half of :func:`verdict_summary`: whether most claims hold."""
    n = number_text(total)
    share = "most" if held * 2 > total else ("half" if held * 2 == total else "fewer")
    if what is None:
        claims: dict[str, Callable[[], str]] = {
            "most": lambda: t(
                "analysis.summary.most",
                {
                    "one": "Most of the {total} claims hold",
                    "other": "Most of the {total} claims hold",
                },
                count=total,
                total=n,
            ),
            "half": lambda: t(
                "analysis.summary.half",
                {
                    "one": "Half of the {total} claims hold",
                    "other": "Half of the {total} claims hold",
                },
                count=total,
                total=n,
            ),
            "fewer": lambda: t(
                "analysis.summary.fewer",
                {
                    "one": "Fewer than half of the {total} claims hold",
                    "other": "Fewer than half of the {total} claims hold",
                },
                count=total,
                total=n,
            ),
        }
        return claims[share]()
    named: dict[str, Callable[[], str]] = {
        "most": lambda: t(
            "analysis.summary.most_of",
            "Most of the {total} {what} hold",
            total=n,
            what=what,
        ),
        "half": lambda: t(
            "analysis.summary.half_of",
            "Half of the {total} {what} hold",
            total=n,
            what=what,
        ),
        "fewer": lambda: t(
            "analysis.summary.fewer_of",
            "Fewer than half of the {total} {what} hold",
            total=n,
            what=what,
        ),
    }
    return named[share]()


def _counted(verdict: str, count: int) -> str:
    """``'2 are contradicted'``: how many claims have a verdict, in a clause."""
    n = number_text(count)
    parts: dict[str, Callable[[], str]] = {
        "supported": lambda: t(
            "analysis.summary.supported",
            {
                "one": "{n} is supported by the evidence",
                "other": "{n} are supported by the evidence",
            },
            count=count,
            n=n,
        ),
        "partly_supported": lambda: t(
            "analysis.summary.partly_supported",
            {"one": "{n} is partly supported", "other": "{n} are partly supported"},
            count=count,
            n=n,
        ),
        "contradicted": lambda: t(
            "analysis.summary.contradicted",
            {"one": "{n} is contradicted", "other": "{n} are contradicted"},
            count=count,
            n=n,
        ),
        "not_found": lambda: t(
            "analysis.summary.not_found",
            {
                "one": "{n} is not found in any other source",
                "other": "{n} are not found in any other source",
            },
            count=count,
            n=n,
        ),
        "not_checkable": lambda: t(
            "analysis.summary.not_checkable",
            {"one": "{n} is not checkable", "other": "{n} are not checkable"},
            count=count,
            n=n,
        ),
        "opinion": lambda: t(
            "analysis.summary.opinion",
            {
                "one": "{n} is an opinion",
                "other": "{n} are opinions rather than checkable facts",
            },
            count=count,
            n=n,
        ),
    }
    return parts[verdict]()


def verdict_summary(verdicts: Sequence[str], *, what: str | None = None) -> str:
    """A count of verdicts in one sentence, leading with whether most hold.

    Returns a sentence in the language in use.

    Parameters
    ----------
    verdicts
        One verdict code per claim.
    what
        What was checked, as a plural noun in the language in use (default:
        claims, in words that agree with the count).

    Examples
    --------
    >>> verdict_summary(["supported", "supported", "contradicted"])
    'Most of the 3 claims hold: 2 are supported by the evidence and 1 is contradicted.'
    """
    what = None if what == "claims" else what
    total = len(verdicts)
    if not total:
        if what is None:
            return t("analysis.summary.none", "No claims to check.")
        return t("analysis.summary.none_of", "No {what} to check.", what=what)
    counts = {v: list(verdicts).count(v) for v in VERDICT_WORDS if v in verdicts}
    held = counts.get("supported", 0)
    parts = [_counted(v, n) for v, n in counts.items()]
    return t(
        "analysis.summary.sentence",
        "{lead}: {parts}.",
        lead=_lead(held, total, what),
        parts=_and(parts),
    )


def _judged(verdict: str, names: Sequence[str]) -> str:
    """``'the article's figure is contradicted'``: named claims and their verdict."""
    values = {"count": len(names), "names": _and(names)}
    clauses: dict[str, Callable[[], str]] = {
        "supported": lambda: t(
            "analysis.judged.supported",
            {
                "one": "{names} is supported by the evidence",
                "other": "{names} are supported by the evidence",
            },
            **values,
        ),
        "partly_supported": lambda: t(
            "analysis.judged.partly_supported",
            {
                "one": "{names} is partly supported",
                "other": "{names} are partly supported",
            },
            **values,
        ),
        "contradicted": lambda: t(
            "analysis.judged.contradicted",
            {"one": "{names} is contradicted", "other": "{names} are contradicted"},
            **values,
        ),
        "not_found": lambda: t(
            "analysis.judged.not_found",
            {
                "one": "{names} is not found in any other source",
                "other": "{names} are not found in any other source",
            },
            **values,
        ),
        "not_checkable": lambda: t(
            "analysis.judged.not_checkable",
            {"one": "{names} is not checkable", "other": "{names} are not checkable"},
            **values,
        ),
        "opinion": lambda: t(
            "analysis.judged.opinion",
            {
                "one": "{names} is opinions rather than checkable facts",
                "other": "{names} are opinions rather than checkable facts",
            },
            **values,
        ),
    }
    return clauses[verdict]()


def verdicts_text(named: Mapping[str, str]) -> str:
    """Verdicts of a few named claims, grouped, in one clause.

    Returns a clause in the language in use; the names are written as given
    (pass them in that language).

    Examples
    --------
    >>> verdicts_text({"the article's figure": "contradicted",
    ...                "the minister's figure": "contradicted"})
    "the article's figure and the minister's figure are contradicted"
    """
    groups: dict[str, list[str]] = {}
    for name, verdict in named.items():
        groups.setdefault(verdict, []).append(name)
    return "; ".join(_judged(verdict, names) for verdict, names in groups.items())
