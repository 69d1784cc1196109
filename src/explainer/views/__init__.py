"""The views layer: style and theme, the one HTML path, figures, maps and charts.

Builders take data (loaders are the defaults) and return objects; nothing here calls
``display()`` or reads files itself.
"""
