"""Chart of the infrastructure projects' status over time."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.i18n import t
from explainer.text import date_text
from explainer.views import style
from explainer.views.charts.common import (
    click_title,
    label_marks,
    row_layout,
    ticks,
    with_sources,
)
from explainer.views.charts.common import title as title_of

__all__ = ["project_timeline_chart"]


def project_timeline_chart(
    events: pd.DataFrame,
    projects: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Each project's dated status steps, from announcement to operation.

    Parameters
    ----------
    events
        ``project_events.csv`` (e.g. :func:`explainer.load_project_events`).
    projects
        ``projects.geojson`` (for the names).
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.LayerChart
        Clicking a status in the legend highlights its steps.
    """
    names = projects.set_index("id")["name"]
    data = with_sources(events, sources)
    data["project"] = data["project_id"].map(names)
    data["status_label"] = data["status"].map(
        lambda s: style.label(s, style.PROJECT_STATUS_LABELS)
    )
    data["when"] = [
        date_text(d, p)
        for d, p in zip(data["date"], data["date_precision"], strict=True)
    ]
    order = [style.label(s, style.PROJECT_STATUS_LABELS) for s in style.STATUS_ORDER]
    pick = alt.selection_point(
        fields=["status_label"], bind="legend", name="status_pick"
    )
    # Project names above their rows: beside them they took half a phone's width.
    projects_shown = sorted(data["project"].dropna().unique())
    rows = row_layout(projects_shown, bar=12)
    data["lines"] = data["project"].map(rows.lines)
    data["first_step"] = ~data["project"].duplicated()
    y = alt.Y("project:N", title=None, sort=projects_shown, axis=None)
    base = alt.Chart(data).encode(
        y=y,
        x=alt.X(
            "date:T",
            title=t("charts.projects.x", "Date of the step"),
            axis=alt.Axis(format="%Y", tickCount=ticks(70), labelFlush=True),
        ),
    )
    # A line joins a project's steps (a project of one step has none to draw).
    spans = (
        base.transform_joinaggregate(steps="count()", groupby=["project"])
        .transform_filter("datum.steps > 1")
        .mark_line(color="#bbbbbb", strokeWidth=2, yOffset=rows.below)
        .encode(detail="project:N")
    )
    steps = base.mark_point(filled=True, size=110, yOffset=rows.below).encode(
        color=alt.Color(
            "status_label:N",
            title=click_title(t("charts.tip.status", "Status")),
            scale=alt.Scale(
                domain=order,
                range=[style.STATUS_COLOURS[s] for s in style.STATUS_ORDER],
            ),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=[
            alt.Tooltip("project:N", title=t("charts.projects.project", "Project")),
            alt.Tooltip("when:N", title=t("charts.projects.when", "When")),
            alt.Tooltip(
                "status_label:N",
                title=t("charts.projects.status", "Status from then on"),
            ),
            alt.Tooltip(
                "event:N", title=t("charts.tip.what_happened", "What happened")
            ),
            alt.Tooltip("source:N", title=t("charts.tip.source", "Source")),
        ],
    )
    return (
        alt.layer(
            spans,
            steps,
            label_marks(base.transform_filter("datum.first_step"), "lines", rows),
        )
        .add_params(pick)
        .properties(
            width="container",
            height=alt.Step(rows.step),
            title=title_of(
                t(
                    "charts.projects.title",
                    "Status steps of the projects, as sources dated them",
                )
            ),
        )
    )
