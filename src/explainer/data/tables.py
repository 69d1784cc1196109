"""The plain tables: figures, reforms, parliament, partners, model parameters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from shapely.geometry import Point

from explainer.data.columns import Col
from explainer.data.errors import Problems, said
from explainer.data.geometries import _check_countries
from explainer.data.ledger import (
    PathLike,
    _cached,
    _check_sources,
    _data_dir,
    _dates,
    _rows,
)
from explainer.data.limits import MODEL_PARAMETER_KINDS
from explainer.data.reading import check_known, read_table
from explainer.data.schema import (
    CUSTOMS_UNIONS,
    INDICATORS,
    MODEL_PARAMETERS,
    PARLIAMENT,
    PARTNERS,
    PARTNERSHIPS,
    REFORMS,
    UNIQUE,
)
from explainer.data.translated import localized

__all__ = [
    "load_customs_unions",
    "load_indicators",
    "load_model_parameters",
    "load_parliament",
    "load_partners",
    "load_partnerships",
    "load_reforms",
    "pick",
]


def _simple_table(
    name: str,
    cols: tuple[Col, ...],
    key: str | None,
    data_dir: PathLike,
    extra: Callable[[pd.DataFrame, Problems, Callable[[int], str]], None] | None = None,
) -> pd.DataFrame:
    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / name, name, cols, key, unique=UNIQUE.get(name, ())
        )
        where = _rows(frame, key or cols[0].name)
        _check_sources(frame, problems, where, folder)
        if extra:
            extra(frame, problems, where)
        problems.raise_if_any()
        return frame

    return _cached(name, _data_dir(data_dir), build)


def load_indicators(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the figures, ``indicators.csv`` (long format).

    Conflicting figures are separate rows (see ``reporter``); nothing is averaged.

    Returns
    -------
    pandas.DataFrame
        ``metric, entity, year, value, value_high, unit, qualifier, reporter,
        source_ids, confidence, note, reporter_en``: ``reporter`` in the language
        in use, ``reporter_en`` its English (select rows by it).
    """

    def ranges(frame: pd.DataFrame, problems: Problems, where: Callable) -> None:
        for i, (low, high) in enumerate(
            zip(frame["value"], frame["value_high"], strict=True)
        ):
            if low is not None and high is not None and high < low:
                problems.add(
                    where(i),
                    "value_high",
                    f"a number >= value ({low:g})",
                    said(f"{high:g}"),
                )

    frame = _simple_table("indicators.csv", INDICATORS, None, data_dir, ranges)
    return localized("indicators", frame, _data_dir(data_dir))


def load_reforms(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the reform timeline, ``reforms.csv``, sorted by date.

    Returns
    -------
    pandas.DataFrame
        ``event_id, date, title, category, status, summary, source_ids, confidence,
        date_precision``; ``date`` is a timestamp.
    """
    frame = _simple_table("reforms.csv", REFORMS, "event_id", data_dir)
    frame = _dates(frame, "date").sort_values("date", ignore_index=True)
    return localized("reforms", frame, _data_dir(data_dir))


def load_parliament(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the seats before and after the 2026 constitution, ``parliament.csv``.

    Returns
    -------
    pandas.DataFrame
        ``period, body, filled_by, seats, term_years, source_ids, note``.
    """
    frame = _simple_table("parliament.csv", PARLIAMENT, None, data_dir)
    return localized("parliament", frame, _data_dir(data_dir))


def load_partners(data_dir: PathLike = None) -> pd.DataFrame:
    """Load Kazakhstan's partners and the point that stands for each, ``partners.csv``.

    The point (a capital, or Brussels for the EU) must lie in the country its
    ``iso_a3`` names (within :data:`COUNTRY_TOLERANCE_KM` of the shape).

    Returns
    -------
    pandas.DataFrame
        ``partner, name, place, lon, lat, iso_a3, source_ids, confidence, note``.
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / "partners.csv", "partners.csv", PARTNERS, "partner"
        )
        where = _rows(frame, "partner")
        _check_sources(frame, problems, where, folder)
        points = [
            None if pd.isna(lon) or pd.isna(lat) else Point(lon, lat)
            for lon, lat in zip(frame["lon"], frame["lat"], strict=True)
        ]
        _check_countries(frame, points, problems, where, folder, "iso_a3")
        problems.raise_if_any()
        return frame

    folder = _data_dir(data_dir)
    return localized("partners", _cached("partners", folder, build), folder)


def load_partnerships(data_dir: PathLike = None) -> pd.DataFrame:
    """Load Kazakhstan's partnerships by domain, ``partnerships.csv``.

    Every ``partner`` must be a partner of ``partners.csv``.

    Returns
    -------
    pandas.DataFrame
        ``partner, framework, domain, since, summary, source_ids, since_precision``;
        ``since`` is a timestamp.
    """
    folder = _data_dir(data_dir)

    def known(frame: pd.DataFrame, problems: Problems, where: Callable) -> None:
        partners, _ = read_table(folder / "partners.csv", "partners.csv", PARTNERS)
        check_known(
            frame,
            "partner",
            {p for p in partners["partner"] if p},
            "a partner of partners.csv",
            problems,
            where,
        )

    frame = _simple_table("partnerships.csv", PARTNERSHIPS, None, folder, known)
    return localized("partnerships", _dates(frame, "since"), folder)


def load_model_parameters(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the transit-time model's default parameters, ``model_parameters.csv``.

    The file has one row for each parameter the model needs (see
    :data:`~explainer.data.limits.MODEL_PARAMETER_KINDS`) and no other. Speeds (km per
    day) are > 0 and waits (days) >= 0, in ``value``, ``low`` and ``high`` alike;
    ``low <= value <= high``.

    Returns
    -------
    pandas.DataFrame
        ``parameter, value, low, high, unit, source_ids, note``.
    """

    def in_range(frame: pd.DataFrame, problems: Problems, where: Callable) -> None:
        for i, row in frame.iterrows():
            kind = MODEL_PARAMETER_KINDS.get(row["parameter"])
            if row["parameter"] is not None and kind is None:
                problems.add(
                    where(i),
                    "parameter",
                    "a parameter of the model: " + ", ".join(MODEL_PARAMETER_KINDS),
                    row["parameter"],
                )
            if kind == "speed":
                for column in ("value", "low", "high"):
                    if row[column] == 0:
                        problems.add(
                            where(i),
                            column,
                            "a number > 0 (a speed in km per day)",
                            said(f"{row[column]:g}"),
                        )
            low, value, high = row["low"], row["value"], row["high"]
            if pd.isna(low) or pd.isna(value) or pd.isna(high):
                continue
            if low > high:
                problems.add(
                    where(i), "high", f"a number >= low ({low:g})", said(f"{high:g}")
                )
            elif not low <= value <= high:
                problems.add(
                    where(i),
                    "value",
                    f"a number in low..high ({low:g}..{high:g})",
                    said(f"{value:g}"),
                )
        missing = [p for p in MODEL_PARAMETER_KINDS if p not in set(frame["parameter"])]
        if missing:
            problems.note(
                f"rows: expected a row for each parameter of the model, found none "
                f"for {', '.join(missing)}"
            )

    frame = _simple_table(
        "model_parameters.csv", MODEL_PARAMETERS, "parameter", data_dir, in_range
    )
    return localized("model_parameters", frame, _data_dir(data_dir))


def load_customs_unions(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the customs unions on the routes, ``customs_unions.csv``.

    The transit-time model counts no border between two countries of the same
    union (the EU, the EAEU).

    Returns
    -------
    pandas.DataFrame
        ``union, country, source_ids, note``; a country is in at most one union.
    """
    return _simple_table("customs_unions.csv", CUSTOMS_UNIONS, "country", data_dir)


def pick(frame: pd.DataFrame, **criteria: object) -> pd.Series:
    """The one row of ``frame`` matching every ``column=value`` criterion.

    Notebooks use it to take a figure from the data instead of typing it. A
    translated field kept in English as well (``reporter`` and ``reporter_en`` of
    the indicators) matches its English in every language, or its text in the
    language in use: ``reporter="Chinese customs"`` finds the same row in every
    edition.

    Raises
    ------
    KeyError
        If no row matches, or more than one does, saying which and listing them.

    Examples
    --------
    >>> from explainer import load_indicators, pick
    >>> pick(load_indicators(), metric="referendum_turnout",
    ...      entity="referendum-2026")["value"]  # doctest: +SKIP
    73.12
    """
    unknown = [c for c in criteria if c not in frame.columns]
    if unknown:
        msg = (
            f"no column(s) {', '.join(unknown)}; "
            f"the frame has {', '.join(frame.columns)}"
        )
        raise KeyError(msg)
    mask = pd.Series(True, index=frame.index)
    for column, value in criteria.items():
        match = frame[column] == value
        if f"{column}_en" in frame.columns:  # a translated field: its English too
            match |= frame[f"{column}_en"] == value
        mask &= match
    found = frame[mask]
    if len(found) != 1:
        wanted = ", ".join(f"{k}={v!r}" for k, v in criteria.items())
        msg = f"expected exactly one row with {wanted}, found {len(found)}"
        if len(found) > 1:
            msg += "; add a criterion (e.g. reporter= or year=) to choose one"
        raise KeyError(msg)
    return found.iloc[0]
