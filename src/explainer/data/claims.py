"""The article's claims and what the evidence says: ``claims.csv``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from explainer.data.errors import Problems, said
from explainer.data.ledger import PathLike, _cached, _data_dir, _rows, load_sources
from explainer.data.reading import check_known, read_table
from explainer.data.schema import CLAIMS
from explainer.data.translated import localized

__all__ = ["load_claims"]

#: ``metric`` of a numeric claim: a metric of ``indicators.csv``, or
#: ``computed:<name>`` for evidence our own geometry and model give.
#: Verdicts that rest on evidence, which must then be cited.
JUDGED = ("supported", "partly_supported", "contradicted")
METRIC = re.compile(r"^(?:computed:)?[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _check_claim(
    frame: pd.DataFrame, problems: Problems, where: Callable[[int], str]
) -> None:
    """A number has a value and a metric and no typed verdict; a statement a verdict."""
    for i, row in frame.iterrows():
        if row["kind"] == "number":
            if row["claimed_value"] is None:
                problems.add(where(i), "claimed_value", "the claimed number", None)
            if row["metric"] is None or not METRIC.match(str(row["metric"])):
                problems.add(
                    where(i),
                    "metric",
                    "a metric of indicators.csv or 'computed:<name>'",
                    row["metric"],
                )
            if row["verdict"] is not None:
                problems.add(
                    where(i),
                    "verdict",
                    "nothing: a numeric claim's verdict is computed by a rule",
                    row["verdict"],
                )
            low, high = row["claimed_value"], row["claimed_high"]
            if low is not None and high is not None and high < low:
                problems.add(
                    where(i),
                    "claimed_high",
                    f"a number >= claimed_value ({low:g})",
                    said(f"{high:g}"),
                )
        elif row["kind"] == "statement" and row["verdict"] is None:
            problems.add(where(i), "verdict", "a verdict for a statement", None)
        elif row["verdict"] in JUDGED and not row["evidence_source_ids"]:
            problems.add(
                where(i),
                "evidence_source_ids",
                f"the sources of the evidence for a '{row['verdict']}' verdict",
                None,
            )


def load_claims(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the claims the explainer checks, ``claims.csv``.

    Returns
    -------
    pandas.DataFrame
        ``claim_id, notebook, topic, claim, claimant, claim_source_ids, kind, metric,
        entity, claimed_value, claimed_high, unit, verdict, evidence,
        evidence_source_ids, note, checked``. ``verdict`` is empty for numeric claims:
        :func:`explainer.claim_verdicts` computes it.

    Raises
    ------
    DataError
        If the file breaks a rule of ``data/README.md``.
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / "claims.csv", "claims.csv", CLAIMS, "claim_id"
        )
        where = _rows(frame, "claim_id")
        known = set(load_sources(folder)["source_id"])
        for column in ("claim_source_ids", "evidence_source_ids"):
            check_known(
                frame, column, known, "source ids of sources.csv", problems, where
            )
        _check_claim(frame, problems, where)
        problems.raise_if_any()
        return frame

    folder = _data_dir(data_dir)
    return localized("claims", _cached("claims", folder, build), folder)
