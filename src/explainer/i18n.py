"""Languages: the one the reader chose, and each message's text in it (base layer).

The explainer is written in English and published in Kazakh and Russian as well.
English text stays where it is used (in the code, or in the notebook's markdown
cell); each message has a stable, language-independent key, and its translations
live in catalogues, one YAML file per language and domain::

    src/explainer/locales/<lang>/<domain>.yaml

where the domain is the key's first dotted part (``charts.fleet.title`` is in
``charts.yaml``; a notebook's messages are in a file named after the notebook).
Each entry holds the translation and a hash of the English it translates::

    charts.fleet.title:
      source: 3f2a9c1b0d
      text: Каспийский фидерный флот и план на год

so that :func:`check` can say which translations are missing and which are stale
(their English changed since they were written). A translation may depend on a
number: ``text`` is then a mapping of CLDR plural categories (``one``, ``few``,
``many``, ``other``), chosen with Babel's plural rules by the ``count`` value.

Usage::

    from explainer.i18n import t
    t("charts.fleet.title", "Caspian feeder fleet against the plan for the year")
    t("maps.segments", {"one": "{count} segment", "other": "{count} segments"}, count=n)
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LANGUAGES", "language", "set_language", "t"]

#: The editions: language code to the language's own name.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}

#: The language the explainer is written in.
SOURCE_LANGUAGE = "en"

#: Where the catalogues are: ``<lang>/<domain>.yaml``.
LOCALES_DIR = Path(__file__).parent / "locales"

#: Set by the site build for a notebook's kernel, and by readers who prefer it.
ENV_VAR = "EXPLAINER_LANGUAGE"

Message = str | Mapping[str, str]

_language: str = SOURCE_LANGUAGE


def _checked(lang: str) -> str:
    code = str(lang).strip().lower().replace("_", "-")
    if code not in LANGUAGES:
        options = ", ".join(f"{c!r} ({n})" for c, n in LANGUAGES.items())
        msg = f"unknown language {lang!r}: expected one of {options}"
        raise ValueError(msg)
    return code


def set_language(lang: str) -> str:
    """Choose the language of everything the explainer writes from now on.

    Put it at the top of a notebook: chart titles, axes and tooltips, map legends
    and popups, widget labels and computed sentences built afterwards follow it.

    Parameters
    ----------
    lang
        ``"en"`` (English), ``"ru"`` (Russian) or ``"kk"`` (Kazakh).

    Returns
    -------
    str
        The language now in use.

    Raises
    ------
    ValueError
        For any other code, naming the ones there are.
    """
    global _language  # one reader, one language per kernel
    _language = _checked(lang)
    return _language


def language() -> str:
    """The language in use (``EXPLAINER_LANGUAGE`` until :func:`set_language`)."""
    return _language


def source_hash(english: Message) -> str:
    """The hash stored with a translation: 10 hex digits of the English's SHA-256.

    A plural message hashes its forms in CLDR order, so reordering them in the
    code does not make translations stale.
    """
    if isinstance(english, Mapping):
        order = ("zero", "one", "two", "few", "many", "other")
        text = "\x1f".join(f"{k}={english[k]}" for k in order if k in english)
    else:
        text = str(english)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def domain_of(key: str) -> str:
    """The catalogue a key lives in: its first dotted part."""
    return key.split(".", 1)[0]


@functools.cache
def catalogue(lang: str, domain: str) -> dict[str, dict[str, Any]]:
    """One catalogue file, as ``{key: {"source": hash, "text": translation}}``.

    A file that does not exist reads as empty (every message then falls back to
    English, and :func:`check` reports them missing).

    Raises
    ------
    ValueError
        When the file is not a mapping of keys to entries with ``text``, naming
        the file and the entry.
    """
    path = LOCALES_DIR / lang / f"{domain}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        found = type(data).__name__
        msg = f"{path}: expected a mapping of message keys to entries, found {found}"
        raise ValueError(msg)
    for key, entry in data.items():
        if not isinstance(entry, dict) or "text" not in entry:
            msg = (
                f"{path}: entry {key!r}: expected a mapping with 'source' (hash of "
                f"the English) and 'text', found {entry!r}"
            )
            raise ValueError(msg)
        if domain_of(str(key)) != domain:
            msg = f"{path}: entry {key!r} belongs in {domain_of(str(key))}.yaml"
            raise ValueError(msg)
    return data


def plural_category(count: float, lang: str) -> str:
    """The CLDR plural category of a number in a language (Babel's rules)."""
    from babel import Locale  # only when a plural message is translated

    return Locale.parse(lang).plural_form(abs(count))


def _pick(message: Message, lang: str, values: Mapping[str, Any]) -> str:
    if not isinstance(message, Mapping):
        return str(message)
    count = values.get("count")
    category = "other" if count is None else plural_category(float(count), lang)
    return str(
        message.get(category, message.get("other", next(iter(message.values()))))
    )


def translation(key: str, lang: str, english: Message | None = None) -> Message | None:
    """The stored translation of a key (``None`` when there is none).

    Given the ``english`` it translates, a *stale* translation (stored for another
    English, as after an edit of the data) counts as none, so the reader sees the
    current English rather than a translation of text that is no longer there (as
    gettext leaves out its "fuzzy" entries). ``python -m explainer translations``
    lists the stale ones.
    """
    entry = catalogue(lang, domain_of(key)).get(key)
    if entry is None or entry.get("text") in (None, ""):
        return None
    if english is not None and entry.get("source") != source_hash(english):
        return None
    return entry["text"]


def t(key: str, english: Message, /, **values: Any) -> str:
    """A message in the language in use, with its ``{placeholders}`` filled.

    Parameters
    ----------
    key
        The message's stable id, e.g. ``"charts.fleet.title"``.
    english
        The English text (the source the translations are made from), or a
        mapping of plural categories to texts chosen by ``count``.
    **values
        Values for the ``{name}`` placeholders; pass numbers already formatted
        by :mod:`explainer.text`, except ``count``.

    Returns
    -------
    str
        The translation when the catalogue has one, else the English.
    """
    lang = _language
    message: Message = english
    if lang != SOURCE_LANGUAGE:
        message = translation(key, lang, english) or english
    text = _pick(message, lang, values)
    return text.format(**values) if values else text


def _initial() -> str:
    wanted = os.environ.get(ENV_VAR, "").strip()
    return _checked(wanted) if wanted else SOURCE_LANGUAGE


_language = _initial()
