"""The site layer: turn the notebooks into the static site.

Page discovery, notebook execution, the nbconvert exporter, widget snapshots and the
build of ``site/`` (``python -m explainer build``).
"""
