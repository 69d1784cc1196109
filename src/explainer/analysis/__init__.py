"""The analysis layer: route network, model, selections and source lookup.

The route network, the transit-time model, selections of the data that figures
share, claim verdicts and source lookup. Nothing here draws or emits HTML.
"""
