"""The columns of every data file: names, types, vocabularies and tolerances.

``data/README.md`` is the data dictionary these declarations enforce.
"""

from __future__ import annotations

from explainer.data.columns import Col

CORRIDORS = ("middle", "northern", "southern", "maritime", "kz_road")


MODES = ("rail", "sea", "ferry", "road")


PRECISIONS = ("schematic", "approximate", "surveyed")


STATUSES = ("announced", "planned", "financed", "under_construction", "operational")


NODE_KINDS = ("border_crossing", "port", "rail_hub", "city", "capital")


#: How far (km) a node may lie outside its country's shape: ports sit on the coast and
#: the base map is simplified (1:50m in the region, 1:110m elsewhere).
COUNTRY_TOLERANCE_KM = {"50m": 10.0, "110m": 40.0}


#: How far (km) a segment's end may lie from the node it names.
NODE_TOLERANCE_KM = 1.0


_SOURCE_IDS = Col("source_ids", "ids")


#: Who published a source, from the most primary to the least: a figure lists its
#: sources in this order (official statistics first, Wikipedia and its copies last).
#: ``wikipedia`` covers Wikipedia, its mirrors and offline copies, and machine
#: translations of encyclopedia articles; it is never the only source of a record.
PUBLISHER_TYPES = (
    "statistics",
    "government",
    "company",
    "international_org",
    "research",
    "press",
    "reference",
    "wikipedia",
)


SOURCES = (
    Col("source_id", "slug"),
    Col("title"),
    Col("publisher"),
    Col("url", "url"),
    Col("published", "date", required=False),
    Col("language", "lang"),
    Col(
        "kind",
        "choice",
        choices=(
            "official",
            "news",
            "international_org",
            "research",
            "reference",
            "dataset",
            "opinion",
        ),
    ),
    Col("publisher_type", "choice", choices=PUBLISHER_TYPES),
    Col("checked"),
    Col("notes", required=False),
)


COUNTRIES = (
    Col("iso_a3", "text", required=False),
    Col("iso_n3", "text", required=False),
    Col("name"),
    Col("scale", "choice", choices=("50m", "110m")),
    Col("kind", "choice", choices=("country", "sea")),
)


NODES = (
    Col("id", "slug"),
    Col("name"),
    Col("kind", "choice", choices=NODE_KINDS),
    Col("country", "iso3"),
    Col("role"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
    Col("note", required=False),
)


CORRIDOR_SEGMENTS = (
    Col("id", "slug"),
    Col("corridor", "choice", choices=CORRIDORS),
    Col("branch", "slug"),
    Col("seq", "int", minimum=1),
    Col("from_node", "slug"),
    Col("to_node", "slug"),
    Col("mode", "choice", choices=MODES),
    Col("precision", "choice", choices=PRECISIONS),
    _SOURCE_IDS,
    Col("note", required=False),
)


PROJECTS = (
    Col("id", "slug"),
    Col("name"),
    Col("kind", "choice", choices=("road", "rail", "port", "terminal")),
    Col("status", "choice", choices=STATUSES),
    Col("from_node", "slug", required=False),
    Col("to_node", "slug", required=False),
    Col("reported_length_km", "float", required=False, minimum=0),
    Col("reported_cost", "float", required=False, minimum=0),
    Col("currency", "choice", required=False, choices=("KZT", "USD", "EUR", "CNY")),
    Col("cost_unit", "choice", required=False, choices=("million", "billion")),
    Col("precision", "choice", choices=PRECISIONS),
    Col("summary"),
    _SOURCE_IDS,
)


PROJECT_EVENTS = (
    Col("project_id", "slug"),
    Col("date", "date"),
    Col("status", "choice", choices=STATUSES),
    Col("event"),
    _SOURCE_IDS,
)


ROUTES = (
    Col("route_id", "slug"),
    Col("corridor", "choice", choices=CORRIDORS),
    Col("name"),
    Col("segment_ids", "ids"),
    _SOURCE_IDS,
    Col("note", required=False),
)


INDICATORS = (
    Col("metric", "slug"),
    Col("entity", "slug"),
    Col("year", "int", minimum=1990, maximum=2050),
    Col("value", "float"),
    Col("value_high", "float", required=False),
    Col("unit"),
    Col(
        "qualifier",
        "choice",
        choices=(
            "exact",
            "about",
            "at_least",
            "up_to",
            "target",
            "projection",
            "claim",
        ),
    ),
    Col("reporter"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
    Col("note", required=False),
)


REFORMS = (
    Col("event_id", "slug"),
    Col("date", "date"),
    Col("title"),
    Col(
        "category",
        "choice",
        choices=(
            "constitution",
            "referendum",
            "parliament",
            "presidency",
            "election",
            "civil_society",
            "culture_digital",
        ),
    ),
    Col(
        "status",
        "choice",
        choices=("proposed", "adopted", "in_force", "held", "scheduled"),
    ),
    Col("summary"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
)


PARLIAMENT = (
    Col("period", "choice", choices=("before_2026", "after_2026")),
    Col("body", "choice", choices=("Mazhilis", "Senate", "Kurultai")),
    Col(
        "filled_by",
        "choice",
        choices=(
            "party_list",
            "single_member_district",
            "indirect_election",
            "presidential_appointment",
        ),
    ),
    Col("seats", "int", minimum=0),
    Col("term_years", "int", required=False, minimum=1),
    _SOURCE_IDS,
    Col("note", required=False),
)


PARTNERS = (
    Col("partner", "slug"),
    Col("name"),
    Col("place"),
    Col("lon", "float", minimum=-180, maximum=180),
    Col("lat", "float", minimum=-90, maximum=90),
    Col("iso_a3", "iso3"),
    _SOURCE_IDS,
    Col("confidence", "confidence"),
    Col("note", required=False),
)


PARTNERSHIPS = (
    Col("partner", "slug"),
    Col("framework"),
    Col(
        "domain",
        "choice",
        choices=(
            "security",
            "economic_union",
            "trade",
            "transport",
            "investment",
            "diplomacy",
        ),
    ),
    Col("since", "date"),
    Col("summary"),
    _SOURCE_IDS,
)


CUSTOMS_UNIONS = (
    Col("union", "slug"),
    Col("country", "iso3"),
    _SOURCE_IDS,
    Col("note", required=False),
)


#: Columns (besides the key) that make a row unique in tables without a single key:
#: two rows that agree on all of them say the same thing twice. A reporter may give
#: two figures for one year (e.g. two stages of a terminal), so ``value`` is part of
#: the combination for ``indicators.csv``.
UNIQUE = {
    "indicators.csv": (
        "metric",
        "entity",
        "year",
        "value",
        "unit",
        "qualifier",
        "reporter",
    ),
    "parliament.csv": ("period", "body", "filled_by"),
    "partnerships.csv": ("partner", "framework", "domain"),
    "project_events.csv": ("project_id", "date"),
}


MODEL_PARAMETERS = (
    Col("parameter", "slug"),
    Col("value", "float", minimum=0),
    Col("low", "float", minimum=0),
    Col("high", "float", minimum=0),
    Col("unit"),
    _SOURCE_IDS,
    Col("note"),
)

#: The verdicts a claim can get (``claims.csv``); numeric claims get theirs from a
#: rule in :mod:`explainer.analysis.claims`, never typed.
VERDICTS = (
    "supported",
    "partly_supported",
    "contradicted",
    "not_found",
    "not_checkable",
    "opinion",
)
NOTEBOOKS = (
    "00-overview",
    "01-reforms",
    "02-middle-corridor",
    "03-beineu-sekseuil",
    "04-partners",
)
CLAIMS = (
    Col("claim_id", "slug"),
    Col("notebook", "choice", choices=NOTEBOOKS),
    Col("topic", "slug"),
    Col("claim"),
    Col("claimant"),
    Col("claim_source_ids", "ids"),
    Col("kind", "choice", choices=("number", "statement")),
    Col("metric", required=False),
    Col("entity", "ids", required=False),
    Col("claimed_value", "float", required=False),
    Col("claimed_high", "float", required=False),
    Col("unit", required=False),
    Col("verdict", "choice", required=False, choices=VERDICTS),
    Col("evidence"),
    Col("evidence_source_ids", "ids", required=False),
    Col("note", required=False),
    Col("checked", "date"),
)


#: ``names.csv``: places and people in the three languages (see
#: :mod:`explainer.data.names`).
NAMES = (
    Col("id", "slug"),
    Col("kind", "choice", choices=("place", "person", "organisation")),
    Col("en"),
    Col("ru"),
    Col("kk"),
    Col("source_ids", "ids", required=False),
    Col("note", required=False),
)
