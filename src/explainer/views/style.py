"""Colours, labels and line styles shared by maps and charts (one place for them).

The palette is Okabe and Ito's colour-blind-safe set; every meaning that a colour
carries is also carried by a label, a dash pattern or a legend entry.

The label tables (``CORRIDOR_LABELS``, ``COLUMN_LABELS``...) are :class:`Labels`:
read like dicts, they give each label in the language in use when it is read
(:func:`explainer.set_language`), so a chart or table built after the switch
speaks the new language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import pandas as pd

from explainer import i18n
from explainer.i18n import t
from explainer.text import unit_text


class Labels(Mapping[str, str]):
    """Codes to reader-facing labels, in the language in use when read.

    Parameters
    ----------
    make
        Returns the labels as a dict, each through :func:`explainer.i18n.t`;
        called again when the language (or its catalogue) changed.

    Examples
    --------
    >>> modes = Labels(lambda: {"rail": t("style.mode.rail", "rail")})
    >>> modes["rail"], list(modes)
    ('rail', ['rail'])
    """

    def __init__(self, make: Callable[[], dict[str, str]]) -> None:
        self._make = make
        self._made: tuple[str, object, dict[str, str]] | None = None

    def _labels(self) -> dict[str, str]:
        lang = i18n.language()
        # The catalogue object itself is the cache's key: a reloaded catalogue
        # (a new object) makes the labels again.
        catalogue = i18n.catalogue(lang, "style") if lang != "en" else None
        made = self._made
        if made is None or made[0] != lang or made[1] is not catalogue:
            made = self._made = (lang, catalogue, self._make())
        return made[2]

    def __getitem__(self, key: str) -> str:
        return self._labels()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())

    def __repr__(self) -> str:
        return f"Labels({self._labels()!r})"


#: Okabe-Ito colours (https://jfly.uni-koeln.de/color/), safe for the common forms of
#: colour blindness.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#7F7F7F",
}
PALETTE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "orange",
        "green",
        "vermillion",
        "purple",
        "sky_blue",
        "yellow",
        "black",
    )
]

CORRIDOR_COLOURS = {
    "middle": OKABE_ITO["vermillion"],
    "northern": OKABE_ITO["blue"],
    "southern": OKABE_ITO["green"],
    "maritime": OKABE_ITO["sky_blue"],
    "kz_road": OKABE_ITO["purple"],
    "project": OKABE_ITO["orange"],
}
CORRIDOR_LABELS = Labels(
    lambda: {
        "middle": t("style.corridor.middle", "Middle Corridor (Trans-Caspian route)"),
        "northern": t("style.corridor.northern", "Northern route (via Russia)"),
        "southern": t(
            "style.corridor.southern", "Southern route (via Turkmenistan and Iran)"
        ),
        "maritime": t("style.corridor.maritime", "Maritime route (via Suez)"),
        "kz_road": t("style.corridor.kz_road", "Kazakh road links"),
        "project": t("style.corridor.project", "Project"),
    }
)
BRANCH_LABELS = Labels(
    lambda: {
        "core": t("style.branch.core", "main line"),
        "khorgos": t("style.branch.khorgos", "entry via Khorgos"),
        "black_sea": t("style.branch.black_sea", "Black Sea branch"),
        "btk": t("style.branch.btk", "Baku–Tbilisi–Kars branch"),
        "today": t("style.branch.today", "today's road detour"),
        "shared": t("style.branch.shared", "shared road"),
    }
)
MODE_LABELS = Labels(
    lambda: {
        "rail": t("style.mode.rail", "rail"),
        "sea": t("style.mode.sea", "deep sea"),
        "ferry": t("style.mode.ferry", "ferry / feeder"),
        "road": t("style.mode.road", "road"),
    }
)
#: How a figure is stated (``indicators.csv``'s qualifier), as the charts' tooltips
#: show it; the English is the code itself.
QUALIFIER_LABELS = Labels(
    lambda: {
        "exact": t("style.qualifier.exact", "exact"),
        "about": t("style.qualifier.about", "about"),
        "target": t("style.qualifier.target", "target"),
        "at_least": t("style.qualifier.at_least", "at_least"),
        "up_to": t("style.qualifier.up_to", "up_to"),
        "claim": t("style.qualifier.claim", "claim"),
        "projection": t("style.qualifier.projection", "projection"),
        "computed": t("style.qualifier.computed", "computed"),
    }
)
#: Project statuses as the project timeline writes them (codes with spaces).
PROJECT_STATUS_LABELS = Labels(
    lambda: {
        "announced": t("style.project_status.announced", "announced"),
        "planned": t("style.project_status.planned", "planned"),
        "financed": t("style.project_status.financed", "financed"),
        "under_construction": t(
            "style.project_status.under_construction", "under construction"
        ),
        "operational": t("style.project_status.operational", "operational"),
    }
)
#: Leaflet ``dashArray`` per mode: rail solid, water dashed, road dotted.
MODE_DASH = {"rail": None, "sea": "10 8", "ferry": "10 8", "road": "2 7"}
#: Line weight and opacity per precision: schematic lines are thinner and fainter.
PRECISION_STYLE = {
    "surveyed": {"weight": 5, "opacity": 1.0},
    "approximate": {"weight": 4, "opacity": 0.9},
    "schematic": {"weight": 2.5, "opacity": 0.6},
}
STATUS_COLOURS = {
    "operational": OKABE_ITO["green"],
    "under_construction": OKABE_ITO["orange"],
    "financed": OKABE_ITO["blue"],
    "planned": OKABE_ITO["purple"],
    "announced": OKABE_ITO["grey"],
}
STATUS_ORDER = ["announced", "planned", "financed", "under_construction", "operational"]
NODE_STYLE = {
    "capital": {"radius": 6, "color": OKABE_ITO["black"]},
    "city": {"radius": 4, "color": OKABE_ITO["grey"]},
    "rail_hub": {"radius": 5, "color": OKABE_ITO["blue"]},
    "port": {"radius": 6, "color": OKABE_ITO["sky_blue"]},
    "border_crossing": {"radius": 6, "color": OKABE_ITO["orange"]},
}
#: Existing lines drawn for comparison beside projects.
CONTEXT_COLOUR = "#4d4d4d"
LAND = "#f2efe6"
LAND_EDGE = "#a8a294"
WATER = "#b9d7ea"
#: The colour of text drawn on the chart's background (labels above bars): dark on a
#: light page; :func:`explainer.views.dark.darken` makes it light on a dark page.
INK = "#222222"

FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
)


def ordered(order: Mapping[str, object], codes: Iterable[str]) -> list[str]:
    """The distinct ``codes`` in the order of ``order``'s keys (unknown ones last)."""
    found = set(codes)
    return [c for c in order if c in found] + sorted(found - set(order))


def label(key: str | None, labels: Mapping[str, str]) -> str:
    """A reader-facing label for a code, falling back to the code in words."""
    if key is None:
        return ""
    return labels.get(key, key.replace("_", " "))


# --- the reforms ----------------------------------------------------------------

REFORM_CATEGORY_LABELS = Labels(
    lambda: {
        "constitution": t("style.reform_category.constitution", "Constitution"),
        "referendum": t("style.reform_category.referendum", "Referendum"),
        "parliament": t("style.reform_category.parliament", "Parliament"),
        "presidency": t("style.reform_category.presidency", "Presidency"),
        "election": t("style.reform_category.election", "Election"),
        "civil_society": t("style.reform_category.civil_society", "Civil society"),
        "culture_digital": t(
            "style.reform_category.culture_digital", "Culture and digital"
        ),
    }
)
#: Reform statuses in the order a reader meets them: announced, then decided, then law.
REFORM_STATUS_LABELS = Labels(
    lambda: {
        "proposed": t("style.reform_status.proposed", "Proposed"),
        "scheduled": t("style.reform_status.scheduled", "Scheduled"),
        "held": t("style.reform_status.held", "Held (took place)"),
        "adopted": t("style.reform_status.adopted", "Adopted"),
        "in_force": t("style.reform_status.in_force", "In force"),
    }
)
REFORM_STATUS_COLOURS = {
    "proposed": OKABE_ITO["orange"],
    "scheduled": OKABE_ITO["sky_blue"],
    "held": OKABE_ITO["blue"],
    "adopted": OKABE_ITO["purple"],
    "in_force": OKABE_ITO["green"],
}
#: Each status also has its own shape, so colour is never the only cue.
REFORM_STATUS_SHAPES = {
    "proposed": "diamond",
    "scheduled": "triangle-up",
    "held": "circle",
    "adopted": "square",
    "in_force": "cross",
}
PERIOD_LABELS = Labels(
    lambda: {
        "before_2026": t("style.period.before", "until {year}", year="2026"),
        "after_2026": t("style.period.after", "from {year}", year="2026"),
    }
)
FILLED_BY_LABELS = Labels(
    lambda: {
        "party_list": t("style.filled_by.party_list", "Party lists (proportional)"),
        "single_member_district": t(
            "style.filled_by.single_member_district", "Single-member districts"
        ),
        "indirect_election": t(
            "style.filled_by.indirect_election", "Elected by local assemblies"
        ),
        "presidential_appointment": t(
            "style.filled_by.presidential_appointment", "Appointed by the President"
        ),
    }
)
FILLED_BY_COLOURS = {
    "party_list": OKABE_ITO["blue"],
    "single_member_district": OKABE_ITO["orange"],
    "indirect_election": OKABE_ITO["green"],
    "presidential_appointment": OKABE_ITO["purple"],
}
REFERENDUM_MEASURES = Labels(
    lambda: {
        "referendum_yes_share": t(
            "style.referendum_measure.referendum_yes_share", "Voted yes"
        ),
        "referendum_turnout": t(
            "style.referendum_measure.referendum_turnout", "Turnout"
        ),
    }
)
REFERENDUM_COLOURS = {
    "referendum_yes_share": OKABE_ITO["blue"],
    "referendum_turnout": OKABE_ITO["orange"],
}

# --- the partners ----------------------------------------------------------------

DOMAIN_LABELS = Labels(
    lambda: {
        "security": t("style.domain.security", "Security"),
        "economic_union": t("style.domain.economic_union", "Economic union"),
        "trade": t("style.domain.trade", "Trade"),
        "transport": t("style.domain.transport", "Transport"),
        "investment": t("style.domain.investment", "Investment"),
        "diplomacy": t("style.domain.diplomacy", "Diplomacy"),
    }
)
DOMAIN_COLOURS = {
    "security": OKABE_ITO["vermillion"],
    "economic_union": OKABE_ITO["blue"],
    "trade": OKABE_ITO["orange"],
    "transport": OKABE_ITO["green"],
    "investment": OKABE_ITO["purple"],
    "diplomacy": OKABE_ITO["sky_blue"],
}
#: Lines to partners with a trade figure but no framework in the data.
TRADE_ONLY_COLOUR = OKABE_ITO["grey"]
#: Partner-map line width in pixels: ``base + per_usd_bn * turnover``.
TRADE_WIDTH = {"base": 1.5, "per_usd_bn": 0.15, "no_figure": 1.5}
#: How far each domain's arc bends off the straight line (share of its length), so
#: the layers of one partner fan out instead of hiding each other.
DOMAIN_BEND = {
    "security": -0.25,
    "economic_union": -0.15,
    "trade": -0.05,
    "transport": 0.05,
    "investment": 0.15,
    "diplomacy": 0.25,
}
#: Sequential ramp (light to mid sky blue): dark text stays readable on every step.
SEQUENTIAL = ["#f2f8fc", "#bfe0f5", OKABE_ITO["sky_blue"]]


# --- tables in readers' words -----------------------------------------------------

#: Column names of the data files as readers read them (units in the header).
COLUMN_LABELS = Labels(
    lambda: {
        "year": t("style.column.year", "Year"),
        "metric": t("style.column.metric", "Measure"),
        "entity": t("style.column.entity", "Of"),
        "value": t("style.column.value", "Value"),
        "value_high": t("style.column.value_high", "Up to"),
        "unit": t("style.column.unit", "Unit"),
        "qualifier": t("style.column.qualifier", "How stated"),
        "reporter": t("style.column.reporter", "Who reports it"),
        "source_ids": t("style.column.source_ids", "Sources"),
        "confidence": t("style.column.confidence", "Confidence"),
        "note": t("style.column.note", "Note"),
        "id": t("style.column.id", "Id"),
        "name": t("style.column.name", "Name"),
        "corridor": t("style.column.corridor", "Corridor"),
        "branch": t("style.column.branch", "Branch"),
        "mode": t("style.column.mode", "Mode"),
        "precision": t("style.column.precision", "Precision of our line"),
        "length_km": t("style.column.length_km", "Length on our line (km)"),
        "reported_length_km": t(
            "style.column.reported_length_km", "Reported length (km)"
        ),
        "status": t("style.column.status", "Status"),
        "event": t("style.column.event", "Event"),
        "date": t("style.column.date", "Date"),
        "parameter": t("style.column.parameter", "Parameter"),
        "low": t("style.column.low", "Low"),
        "high": t("style.column.high", "High"),
        "days": t("style.column.days", "Days"),
        "step": t("style.column.step", "Step"),
        "kind": t("style.column.kind", "Kind"),
        "place": t("style.column.place", "Place"),
        "figure": t("style.column.figure", "Figure"),
        "partner": t("style.column.partner", "Partner"),
        "framework": t("style.column.framework", "Framework"),
        "domain": t("style.column.domain", "Domain"),
        "since": t("style.column.since", "Since"),
        "since_text": t("style.column.since_text", "Since"),
        "category": t("style.column.category", "Category"),
        "title": t("style.column.title", "Title"),
        "summary": t("style.column.summary", "Summary"),
        "period": t("style.column.period", "Period"),
        "body": t("style.column.body", "Chamber"),
        "filled_by": t("style.column.filled_by", "Filled by"),
        "seats": t("style.column.seats", "Seats"),
        "term_years": t("style.column.term_years", "Term (years)"),
        "lat": t("style.column.lat", "Latitude"),
        "lon": t("style.column.lon", "Longitude"),
    }
)
#: Measures of ``indicators.csv`` in readers' words (others: underscores as spaces).
METRIC_LABELS = Labels(
    lambda: {
        "titr_cargo": t("style.metric.titr_cargo", "Cargo carried"),
        "titr_cargo_rail": t("style.metric.titr_cargo_rail", "Cargo carried by rail"),
        "titr_capacity": t("style.metric.titr_capacity", "Capacity"),
        "titr_capacity_containers": t(
            "style.metric.titr_capacity_containers", "Container capacity"
        ),
        "titr_containers": t("style.metric.titr_containers", "Containers carried"),
        "feeder_fleet_capacity": t(
            "style.metric.feeder_fleet_capacity", "Feeder fleet capacity"
        ),
        "feeder_plan": t("style.metric.feeder_plan", "Planned volume"),
        "container_hub_capacity": t(
            "style.metric.container_hub_capacity", "Container hub capacity"
        ),
        "vessel_load_before": t(
            "style.metric.vessel_load_before", "Load per ship, before"
        ),
        "vessel_load_after": t(
            "style.metric.vessel_load_after", "Load per ship, after"
        ),
        "transit_time": t("style.metric.transit_time", "Transit time"),
        "route_distance": t("style.metric.route_distance", "Distance"),
        "claimed_shortening": t("style.metric.claimed_shortening", "Distance saved"),
        "trade_turnover": t("style.metric.trade_turnover", "Trade turnover"),
        "referendum_turnout": t("style.metric.referendum_turnout", "Turnout"),
        "referendum_yes_share": t("style.metric.referendum_yes_share", "Voted yes"),
    }
)
#: The transit-time model's parameters in readers' words (the unit is its own column).
PARAMETER_LABELS = Labels(
    lambda: {
        "rail_speed_km_per_day": t(
            "style.parameter.rail_speed_km_per_day", "Rail speed"
        ),
        "ferry_speed_km_per_day": t(
            "style.parameter.ferry_speed_km_per_day", "Ferry and feeder speed"
        ),
        "sea_speed_km_per_day": t(
            "style.parameter.sea_speed_km_per_day", "Deep-sea speed"
        ),
        "road_speed_km_per_day": t(
            "style.parameter.road_speed_km_per_day", "Road speed"
        ),
        "border_dwell_days": t(
            "style.parameter.border_dwell_days", "Wait at a rail border"
        ),
        "port_dwell_days": t(
            "style.parameter.port_dwell_days", "Transshipment at a port"
        ),
        "caspian_wait_days": t(
            "style.parameter.caspian_wait_days", "Wait for a Caspian crossing"
        ),
        "road_border_dwell_days": t(
            "style.parameter.road_border_dwell_days", "Wait at a road border"
        ),
    }
)
#: Codes in table cells, by the column's name (headers matched case-insensitively,
#: so a table whose columns were renamed for readers is read the same way).
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "metric": METRIC_LABELS,
    "measure": METRIC_LABELS,
    "parameter": PARAMETER_LABELS,
    "corridor": Labels(
        lambda: {
            "middle": t("style.corridor_short.middle", "Middle Corridor"),
            "northern": t("style.corridor_short.northern", "Northern route"),
            "southern": t("style.corridor_short.southern", "Southern route"),
            "maritime": t("style.corridor_short.maritime", "Maritime route"),
            "kz_road": t("style.corridor_short.kz_road", "Kazakh road links"),
        }
    ),
    "branch": BRANCH_LABELS,
    "mode": MODE_LABELS,
    "category": REFORM_CATEGORY_LABELS,
    "period": PERIOD_LABELS,
    "filled_by": FILLED_BY_LABELS,
    "domain": DOMAIN_LABELS,
    "qualifier": {},
    "how_stated": {},
    "status": {},
    "status_or_branch": {},
    "precision": {},
    "kind": {},
    "partner": Labels(
        lambda: {
            "eu": t("style.partner.eu", "EU"),
            "usa": t("style.partner.usa", "USA"),
        }
    ),
    "entity": {},
}
#: Columns whose codes are names (``south_korea``): written with a capital letter.
NAME_COLUMNS = ("partner", "entity")
#: Codes in other columns, shown with spaces for underscores (kept for callers).
CODE_COLUMNS = tuple(VALUE_LABELS)
#: Decimals shown for a column (default: up to two, as in the data).
COLUMN_DIGITS = {"lat": 4, "lon": 4, "latitude": 4, "longitude": 4}
#: Columns that hold years or dates: numbers there are never grouped ("2,024").
DATE_COLUMNS = ("year", "date", "since", "when", "trade_year", "period")


def column_key(name: object) -> str:
    """A column's name as a lookup key: lower case, words joined by ``_``."""
    return "_".join(str(name).strip().lower().replace("-", " ").split())


def column_label(name: object) -> str:
    """A column header in readers' words: known names, else words for a code.

    Examples
    --------
    >>> column_label("length_km")
    'Length on our line (km)'
    >>> column_label("border_wait_days")
    'Border wait (days)'
    >>> column_label("Who reports it")
    'Who reports it'
    """
    text = str(name)
    if text in COLUMN_LABELS:
        return COLUMN_LABELS[text]
    if text != text.lower() or ("_" not in text and " " in text):
        return text  # already a reader's header
    words = text.replace("-", "_").split("_")
    unit = {
        "km": unit_text("km"),
        "days": unit_text("days"),
        "pct": "%",
        "share": "%",
        "usd": "USD",
    }
    tail = f" ({unit[words[-1]]})" if len(words) > 1 and words[-1] in unit else ""
    body = " ".join(words[:-1] if tail else words)
    return body[:1].upper() + body[1:] + tail


def _value_label(key: str, value: str) -> str:
    labels = VALUE_LABELS.get(key, {})
    if value in labels:
        return labels[value]
    if key == "metric" or key == "measure" or key in NAME_COLUMNS:
        words = value.replace("_", " ").replace("-", " ")
        return words[:1].upper() + words[1:]
    return value.replace("_", " ")


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` in readers' words: measure names, codes with spaces.

    Column headers are renamed by :func:`column_label` when the table is shown
    (see :func:`explainer.views.html.table_html`); values stay numbers.
    """
    out = table.copy()
    for column in out.columns:
        key = column_key(column)
        if key not in VALUE_LABELS:
            continue
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [
                _value_label(key, v) if isinstance(v, str) else v for v in out[column]
            ]
    return out


def units_into_headers(
    table: pd.DataFrame,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Move a single unit into the headers of the value columns: ``Value (Mt)``.

    A table whose rows share one unit loses its ``unit`` column; the columns that
    hold amounts in it (value, up to, low, high) say the unit in their header.
    Rows in different units keep the column.
    """
    keys = {column_key(c): c for c in table.columns}
    unit_column = keys.get("unit")
    if unit_column is None:
        return table, {}
    units = {str(u) for u in table[unit_column] if isinstance(u, str) and u.strip()}
    if len(units) != 1:
        return table, {}
    (unit,) = units
    amounts = [
        keys[k]
        for k in ("value", "value_high", "up_to", "upper_end", "low", "high")
        if k in keys
    ]
    if not amounts:
        return table, {}
    shown = unit_text(unit)
    headers = {c: f"{column_label(c)} ({shown})" for c in amounts}
    return table.drop(columns=[unit_column]), headers
