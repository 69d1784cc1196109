"""ipywidgets explorers, composed from the views and the analysis.

Explorers hold no data logic: they read their controls, call library functions and
put the results into ``Output`` widgets. Outputs are set by assigning
``Output.outputs`` (see :func:`show_in`) rather than by capturing prints, so the
displayed state is part of the widget model: it is stored when a notebook is
executed (the static pages show it) and tests can read it directly.
"""

from __future__ import annotations

from explainer.widgets.common import EXPLORER_CLASS as EXPLORER_CLASS
from explainer.widgets.common import mimebundle as mimebundle
from explainer.widgets.common import show_in
from explainer.widgets.corridors import CorridorExplorer as CorridorExplorer
from explainer.widgets.corridors import corridor_explorer
from explainer.widgets.partners import PartnerExplorer as PartnerExplorer
from explainer.widgets.partners import partner_explorer
from explainer.widgets.reforms import ReformExplorer as ReformExplorer
from explainer.widgets.reforms import reform_explorer

__all__ = ["corridor_explorer", "partner_explorer", "reform_explorer", "show_in"]
