"""JavaScript run with a map: a folium element whose data goes in as JSON."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template as FoliumTemplate
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


class LayerControl(folium.LayerControl):
    r"""Folium's layer switch, its layer names written in UTF-8 (as :func:`_js`).

    Folium writes each name with ``tojson``, a Cyrillic letter as a 6-byte ``\u04xx``
    escape; the rest of its template is its own (options by ``tojavascript``).
    """

    _template = FoliumTemplate(
        """
        {% macro script(this,kwargs) %}
            var {{ this.get_name() }}_layers = {
                base_layers : {
                    {%- for key, val in this.base_layers.items() %}
                    {{ this.js(key) }} : {{val}},
                    {%- endfor %}
                },
                overlays :  {
                    {%- for key, val in this.overlays.items() %}
                    {{ this.js(key) }} : {{val}},
                    {%- endfor %}
                },
            };
            let {{ this.get_name() }} = L.control.layers(
                {{ this.get_name() }}_layers.base_layers,
                {{ this.get_name() }}_layers.overlays,
                {{ this.options|tojavascript }}
            ).addTo({{this._parent.get_name()}});
        {% endmacro %}
        """
    )

    @staticmethod
    def js(value: object) -> str:
        """``value`` as script-safe JSON in UTF-8 (for the template)."""
        return _js(value)
