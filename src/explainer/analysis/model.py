"""A transit-time model for a China–Europe container along each corridor.

The model is deliberately simple, and every part of it is visible:

    days = sum over segments of (length_km / speed of the segment's mode)
         + border_dwell_days       x land crossings between customs territories
         + port_dwell_days         x changes between land and water
         + caspian_wait_days       x ferry crossings of the Caspian Sea

Lengths are our own geodesic lengths of the route geometry. Speeds and dwell times
default to sourced figures (``data/model_parameters.csv``). A border is counted where
a land segment passes from one customs territory into another, on our geometry (the
EU and the EAEU count as one territory each, ``data/customs_unions.csv``). Functions
here are pure: they take frames and parameters and return numbers or frames.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd

from explainer.analysis.words import Translated
from explainer.data import load_model_parameters
from explainer.i18n import t

__all__ = ["Parameters", "breakdown", "transit_days"]

SPEED_BY_MODE = {
    "rail": "rail_speed_km_per_day",
    "sea": "sea_speed_km_per_day",
    "ferry": "ferry_speed_km_per_day",
    "road": "road_speed_km_per_day",
}


#: The model is linear in these quantities of a route: ``days = sum(quantity x
#: coefficient)``, where the coefficient is ``1 / speed`` for distances and the dwell
#: time for counts. (term, parameter, "per" for 1/parameter or "times").
TERMS: tuple[tuple[str, str, str], ...] = (
    ("rail_km", "rail_speed_km_per_day", "per"),
    ("ferry_km", "ferry_speed_km_per_day", "per"),
    ("sea_km", "sea_speed_km_per_day", "per"),
    ("road_km", "road_speed_km_per_day", "per"),
    ("rail_borders", "border_dwell_days", "times"),
    ("road_borders", "road_border_dwell_days", "times"),
    ("port_calls", "port_dwell_days", "times"),
    ("caspian_crossings", "caspian_wait_days", "times"),
)
#: The terms in readers' words, in the language in use when looked up.
TERM_LABELS: Mapping[str, str] = Translated(
    {
        "rail_km": lambda: t("analysis.term.rail_km", "rail travel"),
        "ferry_km": lambda: t("analysis.term.ferry_km", "ferry / feeder crossing"),
        "sea_km": lambda: t("analysis.term.sea_km", "deep-sea voyage"),
        "road_km": lambda: t("analysis.term.road_km", "road travel"),
        "rail_borders": lambda: t("analysis.term.rail_borders", "rail border stops"),
        "road_borders": lambda: t("analysis.term.road_borders", "road border stops"),
        "port_calls": lambda: t("analysis.term.port_calls", "port transfers"),
        "caspian_crossings": lambda: t(
            "analysis.term.caspian_crossings", "waiting for a Caspian vessel"
        ),
    }
)


#: The kinds of step of :func:`breakdown` in readers' words (language in use).
KIND_LABELS: Mapping[str, str] = Translated(
    {
        "travel": lambda: t("analysis.kind.travel", "travel"),
        "border": lambda: t("analysis.kind.border", "border"),
        "port": lambda: t("analysis.kind.port", "port"),
        "caspian_wait": lambda: t(
            "analysis.kind.caspian_wait", "wait for a Caspian vessel"
        ),
    }
)


@dataclasses.dataclass(frozen=True)
class Parameters:
    """Speeds (km per day) and dwell times (days) of the model.

    Raises
    ------
    ValueError
        If a speed is not a finite number > 0 or a dwell time not a finite number
        >= 0, naming the parameter and the value.
    """

    rail_speed_km_per_day: float
    ferry_speed_km_per_day: float
    sea_speed_km_per_day: float
    road_speed_km_per_day: float
    border_dwell_days: float
    road_border_dwell_days: float
    port_dwell_days: float
    caspian_wait_days: float

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            speed = field.name.endswith("_km_per_day")
            ok = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
                and (value > 0 if speed else value >= 0)
            )
            if not ok:
                expected = (
                    "a finite number > 0 (km per day)"
                    if speed
                    else ("a finite number >= 0 (days)")
                )
                msg = (
                    f"model parameter '{field.name}': expected {expected}, "
                    f"found {value!r}"
                )
                raise ValueError(msg)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Parameters:
        """Defaults from ``model_parameters.csv`` (``parameter``, ``value`` columns).

        Raises
        ------
        ValueError
            If a parameter is missing from the frame, naming it.
        """
        values = dict(zip(frame["parameter"], frame["value"], strict=True))
        names = [f.name for f in dataclasses.fields(cls)]
        missing = [n for n in names if n not in values]
        if missing:
            msg = (
                f"model_parameters.csv lacks the parameter(s) {', '.join(missing)}; "
                f"the model needs {', '.join(names)}"
            )
            raise ValueError(msg)
        return cls(**{n: float(values[n]) for n in names})

    @classmethod
    def defaults(cls, data_dir: str | None = None) -> Parameters:
        """The sourced defaults of ``data/model_parameters.csv``."""
        return cls.from_frame(load_model_parameters(data_dir))

    def replace(self, **changes: float) -> Parameters:
        """A copy with some values changed (validated again)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            msg = f"unknown model parameter(s): {', '.join(sorted(unknown))}"
            raise ValueError(msg)
        return dataclasses.replace(self, **changes)


def _territory(country: str, unions: Mapping[str, str]) -> str:
    return unions.get(country, country)


def _border_crossings(
    seg: object,
    countries_of: Mapping[str, str],
    unions: Mapping[str, str],
    crossings: Mapping[str, Sequence[str]] | None,
) -> list[str]:
    """The changes of customs territory along a land segment, e.g. ``['KAZ→TKM']``."""
    along = list((crossings or {}).get(seg.id, ()))
    path = [countries_of[seg.from_node], *along, countries_of[seg.to_node]]
    territories = [_territory(c, unions) for c in path]
    changes = []
    for a, b in itertools.pairwise(territories):
        if a != b:
            changes.append(f"{a.upper()}→{b.upper()}")
    return changes


def breakdown(
    route: gpd.GeoDataFrame | pd.DataFrame,
    params: Parameters,
    countries_of: Mapping[str, str],
    *,
    unions: Mapping[str, str] | None = None,
    caspian_segments: set[str] | frozenset[str] = frozenset(),
    crossings: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Days spent on each part of a route.

    Parameters
    ----------
    route
        Segments in travel order with ``id, from_node, to_node, mode, length_km``
        (e.g. from :func:`explainer.geo.assemble_route`).
    params
        Speeds and dwell times.
    countries_of
        Node id -> ISO 3166-1 alpha-3 country code.
    unions
        Country -> customs union name (countries in the same union share a
        territory, so no border is counted between them).
    caspian_segments
        Ids of the ferry segments that cross the Caspian Sea (a wait is added).
    crossings
        Segment id -> the countries its line passes through, in order (e.g. from
        :func:`explainer.geo.countries_along`). A land segment without an entry
        goes straight from its start node's country to its end node's.

    Returns
    -------
    pandas.DataFrame
        One row per component in travel order: ``step`` (1, 2, ...), ``kind``
        (``travel``, ``border``, ``port``, ``caspian_wait``), ``segment_id``,
        ``mode``, ``where`` (node id), ``crossing`` (e.g. ``'KAZ→TKM'`` for a
        border), ``length_km``, ``days``.

    Raises
    ------
    ValueError
        If the route is empty, a mode is unknown or a length is negative.
    """
    if len(route) == 0:
        msg = "the route has no segments"
        raise ValueError(msg)
    unions = unions or {}
    rows: list[dict[str, object]] = []
    previous_mode: str | None = None
    for seg in route.itertuples(index=False):
        if seg.mode not in SPEED_BY_MODE:
            msg = (
                f"segment '{seg.id}': unknown mode {seg.mode!r}; "
                f"expected one of {list(SPEED_BY_MODE)}"
            )
            raise ValueError(msg)
        if not seg.length_km >= 0:
            msg = f"segment '{seg.id}': length_km must be >= 0, found {seg.length_km!r}"
            raise ValueError(msg)
        water = seg.mode in {"sea", "ferry"}
        if previous_mode is not None and water != (previous_mode in {"sea", "ferry"}):
            rows.append(
                {
                    "kind": "port",
                    "segment_id": seg.id,
                    "mode": seg.mode,
                    "where": seg.from_node,
                    "length_km": 0.0,
                    "days": params.port_dwell_days,
                }
            )
        if seg.id in caspian_segments:
            rows.append(
                {
                    "kind": "caspian_wait",
                    "segment_id": seg.id,
                    "mode": seg.mode,
                    "where": seg.from_node,
                    "length_km": 0.0,
                    "days": params.caspian_wait_days,
                }
            )
        speed = getattr(params, SPEED_BY_MODE[seg.mode])
        rows.append(
            {
                "kind": "travel",
                "segment_id": seg.id,
                "mode": seg.mode,
                "where": seg.from_node,
                "length_km": float(seg.length_km),
                "days": float(seg.length_km) / speed,
            }
        )
        if not water:
            dwell = (
                params.road_border_dwell_days
                if seg.mode == "road"
                else params.border_dwell_days
            )
            for crossing in _border_crossings(seg, countries_of, unions, crossings):
                rows.append(
                    {
                        "kind": "border",
                        "segment_id": seg.id,
                        "mode": seg.mode,
                        "where": seg.to_node,
                        "crossing": crossing,
                        "length_km": 0.0,
                        "days": dwell,
                    }
                )
        previous_mode = seg.mode
    frame = pd.DataFrame(
        rows,
        columns=[
            "kind",
            "segment_id",
            "mode",
            "where",
            "crossing",
            "length_km",
            "days",
        ],
    )
    frame["crossing"] = (
        frame["crossing"].astype(object).where(frame["crossing"].notna(), "")
    )
    frame.insert(0, "step", range(1, len(frame) + 1))
    return frame


def transit_days(
    route: gpd.GeoDataFrame | pd.DataFrame,
    params: Parameters,
    countries_of: Mapping[str, str],
    *,
    unions: Mapping[str, str] | None = None,
    caspian_segments: set[str] | frozenset[str] = frozenset(),
    crossings: Mapping[str, Sequence[str]] | None = None,
) -> float:
    """Total modelled days for a route (the sum of :func:`breakdown`).

    Examples
    --------
    >>> import pandas as pd
    >>> route = pd.DataFrame({"id": ["a"], "from_node": ["x"], "to_node": ["y"],
    ...                       "mode": ["rail"], "length_km": [900.0]})
    >>> p = Parameters(900, 450, 700, 500, 1, 0.75, 1, 2)
    >>> transit_days(route, p, {"x": "CHN", "y": "KAZ"})
    2.0
    """
    return float(
        breakdown(
            route,
            params,
            countries_of,
            unions=unions,
            caspian_segments=caspian_segments,
            crossings=crossings,
        )["days"].sum()
    )


def terms(
    route: gpd.GeoDataFrame | pd.DataFrame,
    countries_of: Mapping[str, str],
    *,
    unions: Mapping[str, str] | None = None,
    caspian_segments: set[str] | frozenset[str] = frozenset(),
    crossings: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, float]:
    """The quantities of a route that the model multiplies by its parameters.

    Parameters are as for :func:`breakdown`. ``days_from_terms(terms(...), p)``
    equals ``transit_days(..., p)`` for every ``p``: the browser-side model of the
    static pages uses these terms with the same coefficients.

    Returns
    -------
    dict
        ``rail_km, ferry_km, sea_km, road_km`` (kilometres), ``rail_borders,
        road_borders, port_calls, caspian_crossings`` (counts).
    """
    ones = Parameters(*(1.0 for _ in dataclasses.fields(Parameters)))
    table = breakdown(
        route,
        ones,
        countries_of,
        unions=unions,
        caspian_segments=caspian_segments,
        crossings=crossings,
    )
    travel = table[table["kind"] == "travel"]
    border = table[table["kind"] == "border"]
    km = travel.groupby("mode")["length_km"].sum()
    return {
        "rail_km": float(km.get("rail", 0.0)),
        "ferry_km": float(km.get("ferry", 0.0)),
        "sea_km": float(km.get("sea", 0.0)),
        "road_km": float(km.get("road", 0.0)),
        "rail_borders": float((border["mode"] != "road").sum()),
        "road_borders": float((border["mode"] == "road").sum()),
        "port_calls": float((table["kind"] == "port").sum()),
        "caspian_crossings": float((table["kind"] == "caspian_wait").sum()),
    }


def days_from_terms(quantities: Mapping[str, float], params: Parameters) -> float:
    """Total days from a route's :func:`terms` and the parameters."""
    total = 0.0
    for term, parameter, how in TERMS:
        value = getattr(params, parameter)
        total += quantities[term] / value if how == "per" else quantities[term] * value
    return total
