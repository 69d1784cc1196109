"""Verdicts on the claims of ``claims.csv``, numeric ones computed by a rule.

A statement's verdict is the fact-checker's, typed in the data with its evidence. A
number's verdict is never typed: it comes from comparing the claimed value (or
range) with the range of the evidence, which is either the figures other sources
give in ``indicators.csv`` or what our own geometry and model compute
(``metric = computed:<name>``):

- ``supported``: the claim's range overlaps the evidence's range;
- ``partly_supported``: it misses by no more than :data:`TOLERANCE` of the nearest
  evidence figure;
- ``contradicted``: it misses by more;
- ``not_found``: no evidence figure exists.

Verdicts are codes (words for them: :data:`explainer.analysis.sentences.VERDICT_WORDS`);
the ``evidence_basis`` of each numeric claim is in the language in use when
:func:`claim_verdicts` is called.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from explainer.analysis.model import Parameters
from explainer.analysis.network import Corridors, compare_routes
from explainer.analysis.sources import source_ids
from explainer.data import (
    load_claims,
    load_indicators,
    load_model_parameters,
    load_projects,
)
from explainer.i18n import t

__all__ = ["TOLERANCE", "claim_verdicts", "number_verdict"]

#: How far (as a share of the nearest evidence figure) a claimed number may miss the
#: evidence's range and still be ``partly_supported``.
TOLERANCE = 0.10
#: Figures that state an aim or someone's claim are not evidence for a claim.
NOT_EVIDENCE = ("claim", "target", "projection")


def number_verdict(
    claimed: tuple[float, float],
    evidence: tuple[float, float] | None,
    tolerance: float = TOLERANCE,
) -> str:
    """The verdict on a claimed number (or range) given the evidence's range.

    Examples
    --------
    >>> number_verdict((900, 900), (600, 750))
    'contradicted'
    >>> number_verdict((33, 33), (25.6, 33.6))
    'supported'
    >>> number_verdict((13, 17), (18, 23))
    'partly_supported'
    """
    if evidence is None:
        return "not_found"
    (low, high), (ev_low, ev_high) = claimed, evidence
    if high >= ev_low and low <= ev_high:
        return "supported"
    gap, scale = (ev_low - high, ev_low) if high < ev_low else (low - ev_high, ev_high)
    return "partly_supported" if gap <= tolerance * abs(scale) else "contradicted"


def _entity(claim: pd.Series) -> str | None:
    """The (first) entity a numeric claim's evidence is about."""
    entities = source_ids(claim["entity"])
    return entities[0] if entities else None


def _indicator_evidence(
    claim: pd.Series, indicators: pd.DataFrame
) -> tuple[tuple[float, float] | None, str]:
    rows = indicators[
        (indicators["metric"] == claim["metric"])
        & (indicators["entity"] == _entity(claim))
        & (indicators["unit"] == claim["unit"])
        & ~indicators["qualifier"].isin(NOT_EVIDENCE)
    ]
    own = set(source_ids(claim["claim_source_ids"]))
    rows = rows[[not own & set(source_ids(s)) for s in rows["source_ids"]]]
    if rows.empty:
        return None, t("analysis.basis.none", "no other source gives this figure")
    highs = rows["value_high"].fillna(rows["value"])
    who = "; ".join(
        dict.fromkeys(
            f"{r} ({y})" for r, y in zip(rows["reporter"], rows["year"], strict=True)
        )
    )
    return (float(rows["value"].min()), float(highs.max())), who


def _model_speeds() -> str:
    return t("analysis.basis.model", "our model, over its range of road speeds")


class _Computed:
    """Evidence our geometry and model give, by the name after ``computed:``."""

    def __init__(self, data_dir: str | None) -> None:
        self.data_dir = data_dir
        self._network: Corridors | None = None

    @property
    def network(self) -> Corridors:
        if self._network is None:
            self._network = Corridors.load(self.data_dir)
        return self._network

    def _pair(self, claim: pd.Series) -> tuple[str, str]:
        baseline, alternative = source_ids(claim["entity"])
        return baseline, alternative

    def route_saving_km(self, claim: pd.Series) -> tuple[list[float], str]:
        baseline, alternative = self._pair(claim)
        found = compare_routes(self.network, baseline, alternative)
        values = [found["saving_km"]]
        projects = load_projects(self.data_dir).set_index("id")
        extra = found["alternative_only"]
        if "reported_length_km" in projects.columns:
            reported = projects.reindex(extra["id"])["reported_length_km"]
            if reported.notna().any():
                swapped = float(
                    (reported.fillna(extra.set_index("id")["length_km"])).sum()
                )
                values.append(
                    found["baseline_km"]
                    - (
                        found["alternative_km"]
                        - float(extra["length_km"].sum())
                        + swapped
                    )
                )
        return values, t(
            "analysis.basis.geometry",
            "our geometry (and the highway's reported length)",
        )

    def _days(self, claim: pd.Series) -> list[tuple[float, float]]:
        baseline, alternative = self._pair(claim)
        table = load_model_parameters(self.data_dir).set_index("parameter")
        speed = table.loc["road_speed_km_per_day"]
        out = []
        for value in (speed["low"], speed["value"], speed["high"]):
            params = Parameters.from_frame(table.reset_index()).replace(
                road_speed_km_per_day=float(value)
            )
            out.append(
                (
                    self.network.days(baseline, params),
                    self.network.days(alternative, params),
                )
            )
        return out

    def route_time_saving_days(self, claim: pd.Series) -> tuple[list[float], str]:
        return [a - b for a, b in self._days(claim)], _model_speeds()

    def route_time_saving_share(self, claim: pd.Series) -> tuple[list[float], str]:
        return [1 - b / a for a, b in self._days(claim)], _model_speeds()

    def coal_reserves_over_output(self, claim: pd.Series) -> tuple[list[float], str]:
        indicators = load_indicators(self.data_dir)
        reserves = indicators[
            (indicators["metric"] == "coal_reserves")
            & (indicators["entity"] == _entity(claim))
            & (indicators["unit"] == "bn t")
            & (indicators["qualifier"] == "exact")
        ]
        reserves = reserves[reserves["year"] == reserves["year"].max()]
        output = indicators[
            (indicators["metric"] == "coal_output")
            & (indicators["entity"] == _entity(claim))
            & (indicators["unit"] == "Mt")
            & (indicators["qualifier"] == "exact")
            & (indicators["year"] <= reserves["year"].max())
        ]
        values = [r * 1000 / o for r in reserves["value"] for o in output["value"]]
        years = ", ".join(str(y) for y in sorted(set(output["year"])))
        return values, t(
            "analysis.basis.coal",
            "reserves ({year}) over output ({years})",
            year=str(int(reserves["year"].max())),
            years=years,
        )


def _computed_evidence(
    claim: pd.Series, computed: _Computed
) -> tuple[tuple[float, float] | None, str]:
    name = str(claim["metric"]).removeprefix("computed:")
    rule: Callable[[pd.Series], tuple[list[float], str]] | None = getattr(
        computed, name, None
    )
    if rule is None or name.startswith("_"):
        msg = (
            f"claims.csv: claim '{claim['claim_id']}': no computed evidence named "
            f"'{name}'; known: {', '.join(sorted(_computed_names()))}"
        )
        raise KeyError(msg)
    values, how = rule(claim)
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return None, how
    return (min(values), max(values)), how


def _computed_names() -> list[str]:
    return [n for n in vars(_Computed) if not n.startswith("_") and n != "network"]


def claim_verdicts(
    claims: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    *,
    data_dir: str | None = None,
) -> pd.DataFrame:
    """Every claim with its verdict; numeric verdicts computed by the rule above.

    Parameters
    ----------
    claims, indicators
        Frames as the loaders return them (default: the loaders, from ``data_dir``).
    data_dir
        The data folder for the defaults and for computed evidence.

    Returns
    -------
    pandas.DataFrame
        The claims plus ``evidence_low``, ``evidence_high`` (numeric claims), and
        ``evidence_basis`` (whose figures or which computation, in the language in
        use), with ``verdict`` (a code) filled in for numeric claims.
    """
    claims = load_claims(data_dir) if claims is None else claims.copy()
    indicators = load_indicators(data_dir) if indicators is None else indicators
    computed = _Computed(data_dir)
    lows, highs, bases, verdicts = [], [], [], []
    for _, claim in claims.iterrows():
        if claim["kind"] != "number":
            lows.append(None)
            highs.append(None)
            bases.append("")
            verdicts.append(claim["verdict"])
            continue
        if str(claim["metric"]).startswith("computed:"):
            evidence, basis = _computed_evidence(claim, computed)
        else:
            evidence, basis = _indicator_evidence(claim, indicators)
        low = float(claim["claimed_value"])
        high = claim["claimed_high"]
        high = low if high is None or pd.isna(high) else float(high)
        verdicts.append(number_verdict((low, high), evidence))
        lows.append(None if evidence is None else evidence[0])
        highs.append(None if evidence is None else evidence[1])
        bases.append(basis)
    claims["evidence_low"] = lows
    claims["evidence_high"] = highs
    claims["evidence_basis"] = bases
    claims["verdict"] = verdicts
    return claims
