"""Altair chart builders, by topic.

Builders take frames (the loaders are the defaults) and return charts; they never
display. Each chart carries its sources in its tooltips and keeps conflicting
figures side by side (one mark per reporter), never averaged. The interactivity
lives in the chart itself (legend selections, parameters), so it still works in the
static pages with no kernel.
"""

from __future__ import annotations

from explainer.views.charts.common import with_sources as with_sources
from explainer.views.charts.freight import figures_chart, titr_volume_chart
from explainer.views.charts.partners import partnership_matrix, trade_chart
from explainer.views.charts.projects import project_timeline_chart
from explainer.views.charts.reforms import (
    parliament_chart,
    referendum_chart,
    reform_timeline,
)
from explainer.views.charts.routes import (
    breakdown_chart,
    model_chart,
    route_comparison_chart,
)
from explainer.views.theme import THEME as THEME
from explainer.views.theme import enable_theme
from explainer.views.theme import theme as theme

__all__ = [
    "breakdown_chart",
    "enable_theme",
    "figures_chart",
    "model_chart",
    "parliament_chart",
    "partnership_matrix",
    "project_timeline_chart",
    "referendum_chart",
    "reform_timeline",
    "route_comparison_chart",
    "titr_volume_chart",
    "trade_chart",
]
