"""The page template as an nbconvert exporter (``--to explainer``)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode, default
from traitlets.config import Config

import explainer
from explainer import i18n
from explainer.i18n import t
from explainer.site.anchors import section_ids
from explainer.site.editions import edition_folder, in_language, language_links
from explainer.site.pages import REPOSITORY, Page, binder_url, footer
from explainer.site.snapshot import WidgetSnapshotPreprocessor
from explainer.site.story import StoryOrderPreprocessor, demote
from explainer.views import assets
from explainer.views.figure_data import build_date

__all__ = ["ExplainerExporter", "nav_key", "render_page"]


TEMPLATES = Path(__file__).parent / "templates"
#: When the page's charts are drawn: the first at once, the others after it
#: (inlined in the head of every page, site and single file).
CHARTS_JS = TEMPLATES / "explainer" / "charts.js"
_NOTEBOOK_LINK = re.compile(r'href="(\d\d-[\w-]+)\.ipynb(#[^"]*)?"')


@functools.cache
def charts_js() -> str:
    """The page's chart scheduler (:data:`CHARTS_JS`), read once per process."""
    return CHARTS_JS.read_text(encoding="utf-8")


def site_links(page: str) -> str:
    """Point links between notebooks (``NN-slug.ipynb``) at their site pages."""
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', page)


def nav_key(prev: Page | None, next_: Page | None) -> str:
    """A short key of a page's navigation links (their targets and titles)."""
    links = [[p.href, p.title] if p else None for p in (prev, next_)]
    return hashlib.sha256(json.dumps(links).encode()).hexdigest()[:16]


class AssetPreprocessor(Preprocessor):
    """Drop the outputs that put Vega on the page (the template does it once).

    With ``shared=True`` (the site), also swap the inline ``data:`` URIs of every map
    (Leaflet, the base map) for the shared ``static/`` files, and compile every
    chart's Vega-Lite spec to Vega: the site's pages load Vega alone.
    """

    shared = Bool(False).tag(config=True)
    static = Unicode("static/").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.get("cell_type") != "code":
            return cell, resources
        kept = []
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get(assets.ASSET_MARK):
                continue
            data = output.get("data", {})
            if self.shared and "text/html" in data:
                value = data["text/html"]
                text = "".join(value) if isinstance(value, list) else value
                text = assets.inline_to_shared(text, self.static)
                data["text/html"] = assets.compile_charts(text)
            kept.append(output)
        cell["outputs"] = kept
        return cell, resources


class ExplainerExporter(HTMLExporter):
    """An offline HTML page of an executed notebook, story first, without its code.

    The cells' tags set the page's order (:mod:`explainer.site.story`); code input
    stays in the notebook. By default (``--to explainer``) one self-contained file:
    Leaflet, Vega and the CSS inlined. The site build sets ``shared=True`` to link
    them from ``static/``.
    """

    export_from_notebook = "Explainer offline HTML"
    shared = Bool(
        False, help="Link shared assets from static/ instead of inlining them"
    ).tag(config=True)
    static = Unicode("static/").tag(config=True)

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True
        self.exclude_input = True
        self.register_preprocessor(
            WidgetSnapshotPreprocessor(parent=self), enabled=True
        )
        self.register_preprocessor(
            AssetPreprocessor(shared=self.shared, static=self.static, parent=self),
            enabled=True,
        )
        self.register_preprocessor(StoryOrderPreprocessor(parent=self), enabled=True)

    @property
    def default_config(self) -> Config:
        """HTMLExporter's, without the code-highlighting CSS (no code is shown)."""
        config = super().default_config.copy()
        config.merge(Config({"CSSHTMLHeaderPreprocessor": {"enabled": False}}))
        return config

    @default("template_name")
    def _explainer_template_name(self) -> str:
        return "explainer"

    @default("extra_template_basedirs")
    def _explainer_template_dirs(self) -> list[str]:
        return [str(TEMPLATES)]

    def _create_environment(self) -> Any:
        """The Jinja environment of nbconvert, with ``t()`` for the page's own text."""
        env = super()._create_environment()
        env.globals["t"] = t
        return env

    def default_filters(self) -> Any:
        """The filters of nbconvert and the page's own.

        ``section_ids`` gives the headings their ids, ``demote`` puts headings one
        level down (in the about box).
        """
        yield from super().default_filters()
        yield ("section_ids", section_ids)
        yield ("demote", demote)

    def _init_resources(self, resources: dict[str, Any]) -> dict[str, Any]:
        resources = super()._init_resources(resources)
        extra = {
            "shared": self.shared,
            "static": self.static,
            "summary": "",
            "nav": False,
            "lang": i18n.language(),
            "languages": [],
            "footer": footer(),
            "version": explainer.__version__,
            "build_date": build_date(),
            "digest": "",
            "nav_key": "",
            "repository": REPOSITORY,
            "binder": binder_url(_notebook_name(resources), i18n.language()),
            "toc": [],
            "charts_js": charts_js(),
        }
        extra.update(resources.get("explainer", {}))
        if not self.shared:
            extra["page_css"] = assets.page_css()
            extra["vega_bundle"] = assets.vega_bundle().replace(
                "</script", "<\\/script"
            )
            extra["vega_debug"] = assets.vega_debug_js()
        resources["explainer"] = extra
        return resources


def _notebook_name(resources: dict[str, Any]) -> str | None:
    """The notebook's file name when it is one of the explainer's (``NN-slug``)."""
    name = str(resources.get("metadata", {}).get("name", ""))
    return f"{name}.ipynb" if re.fullmatch(r"\d\d-[\w-]+", name) else None


def render_page(
    nb: nbformat.NotebookNode,
    page: Page,
    *,
    prev: Page | None = None,
    next_: Page | None = None,
    shared: bool = True,
    digest: str = "",
) -> str:
    """Render an executed notebook as a site page (or a standalone file).

    Parameters
    ----------
    nb
        The executed notebook.
    page
        What the page is (title, summary, file names).
    prev, next_
        The neighbouring pages the navigation links to (site pages only).
    shared
        A site page (assets linked from ``static/``), else one self-contained file.
    digest
        The digest of the page's inputs, written into the page (see
        :mod:`explainer.site.store`).

    The page is written in its edition's language (``page.lang``): ``<html
    lang>``, the template's text, and a language switch to the same page in
    the other editions (site pages only), whose assets are one folder up.
    """
    with in_language(page.lang):
        return _render_page(nb, page, prev, next_, shared, digest)


def _render_page(
    nb: nbformat.NotebookNode,
    page: Page,
    prev: Page | None,
    next_: Page | None,
    shared: bool,
    digest: str,
) -> str:
    up = "../" if edition_folder(page.lang) else ""
    exporter = ExplainerExporter(
        shared=shared, static=f"{up}static/", language_code=page.lang
    )
    resources = {
        "metadata": {"name": page.title, "path": str(page.path.parent)},
        "explainer": {
            "summary": page.summary,
            "lang": page.lang,
            "languages": language_links(page.lang, page.href) if shared else [],
            "nav": shared,
            "prev": prev and {"href": prev.href, "title": prev.title},
            "next": next_ and {"href": next_.href, "title": next_.title},
            "binder": binder_url(page.name, page.lang),
            "digest": digest,
            "nav_key": nav_key(prev, next_) if shared else "",
        },
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return site_links(body) if shared else body
