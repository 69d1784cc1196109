"""JavaScript run with a map: a folium element whose data goes in as JSON."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from explainer.views.html import script_json

PARENT = "\x00parent\x00"  # JSON never contains a raw NUL, so data cannot fake it


class _Script(MacroElement):
    """JavaScript run with the map; :data:`PARENT` stands for the parent's variable.

    Folium's own Tooltip and Popup paste text into a JavaScript template literal (and
    Popup needs jQuery); here every text goes in as an HTML-safe JSON string.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this.code.replace(this.marker, this._parent.get_name()) }}"
        "{% endmacro %}"
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self.code = code
        self.marker = PARENT


def _js(value: object) -> str:
    r"""A value as JSON that is safe inside a ``<script>`` element.

    Written in UTF-8: a Cyrillic letter takes 2 bytes, not a 6-byte ``\u04xx`` escape.
    """
    return str(script_json(value, compact=False))
