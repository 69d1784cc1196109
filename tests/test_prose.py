"""Sentences that compare or judge are computed, never typed in markdown.

A guard, not a proof: markdown cells may not use the words that place a figure or
state a verdict. Such sentences come from ``explainer.analysis.sentences`` in code
cells, so they change when the data does (tests/test_claims.py edits the data and
watches them change).
"""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

from explainer import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
#: Wording that compares numbers or judges a claim.
COMPARING = re.compile(
    r"\b(between (?:the|both)|below (?:both|all)|above (?:both|all)|"
    r"(?:lower|higher|more|fewer|less|faster|slower|shorter|longer|larger|smaller|"
    r"bigger|greater) than|several times|\d+ times|twice as|half as|"
    r"most (?:of them )?hold|most claims|lands (?:between|below|above)|"
    r"is (?:supported|contradicted|confirmed|false|true|wrong|right)\b|"
    r"could not be (?:found|checked)|not found (?:in|anywhere)|"
    r"grew|fell|rose|dipped|doubled|tripled|halved)",
    re.IGNORECASE,
)


def _markdown(path):
    nb = nbformat.read(path, as_version=4)
    return [
        (i, cell.source)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_states_no_comparison_or_verdict(path):
    found = [
        f"cell {i}: ...{text[max(0, m.start() - 40) : m.end() + 40]}..."
        for i, text in _markdown(path)
        for m in COMPARING.finditer(text)
    ]
    assert not found, "compute these sentences instead:\n" + "\n".join(found)


def _claims_by_notebook() -> dict[str, int]:
    with (paths.DATA_DIR / "claims.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["notebook"]] = counts.get(row["notebook"], 0) + 1
    return counts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_shows_the_claims_it_deals_with(path):
    code = "\n".join(
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.cell_type == "code"
    )
    if path.stem == "00-overview":
        assert re.search(r"claim_table\(verdicts\)", code), (
            "the overview shows every claim"
        )
    elif _claims_by_notebook().get(path.stem):
        assert f'notebook="{path.stem}"' in code and "claim_table(" in code
