"""Which messages the explainer has, and which translations are missing or stale.

The English of every message is read from where it is written, without running
anything:

- calls ``t("key", "English", ...)`` in the library and in the notebooks' code
  cells (the key and the English must be literals, so they can be found here),
  and ``{{ t("key", "English") }}`` in the templates (double-quoted literals);
- every markdown cell of every notebook, keyed ``<notebook stem>.md.<cell id>``
  (cell ids are stable: a reworded cell keeps its id, so its translation turns
  stale rather than lost);
- the data's translatable fields (:data:`extra_sources`, filled by the data layer).

:func:`problems` compares them with the catalogues of :mod:`explainer.i18n`:
a translation is *missing* (no entry, or an empty text), *stale* (its stored
hash is not the hash of the English now) or *unused* (its key is nowhere in the
sources). ``python -m explainer translations`` prints them; ``tests/test_i18n.py``
fails on any.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from explainer import i18n, paths
from explainer.data.translated import data_messages

__all__ = ["Problem", "messages", "problems", "stubs"]

#: More message sources (each returns ``{key: english}``), e.g. the data's names.
extra_sources: list[Callable[[], Mapping[str, i18n.Message]]] = [data_messages]


@dataclass(frozen=True)
class Problem:
    """One translation that is missing, stale or unused."""

    kind: str  # "missing" | "stale" | "unused"
    lang: str
    key: str
    where: str

    def __str__(self) -> str:
        return f"{self.lang}: {self.kind} {self.key} ({self.where})"


def _literal(node: ast.expr) -> i18n.Message | None:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return value
    return None


def _calls(source: str, where: str) -> Iterator[tuple[str, i18n.Message, str]]:
    """``(key, english, where)`` of each ``t(...)`` call in Python source."""
    tree = ast.parse(source, where)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name != "t" or not node.args:
            continue
        if len(node.args) < 2:
            msg = f"{where}, line {node.lineno}: t() needs a key and the English text"
            raise ValueError(msg)
        key, english = node.args[0], node.args[1]
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            msg = (
                f"{where}, line {node.lineno}: the key of t() must be a string literal"
            )
            raise ValueError(msg)
        text = _literal(english)
        if text is None:
            msg = (
                f"{where}, line {node.lineno}: the English of t({key.value!r}) must be "
                "a string literal or a dict of plural forms (use placeholders, not "
                "f-strings)"
            )
            raise ValueError(msg)
        yield key.value, text, f"{where}:{node.lineno}"


#: ``t("key", "English"`` in a Jinja template (double-quoted literals only).
_TEMPLATE_CALL = re.compile(r'\bt\(\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)*)"')


def _template_calls(source: str, where: str) -> Iterator[tuple[str, str, str]]:
    """``(key, english, where)`` of each ``t("key", "English")`` in a template."""
    for match in _TEMPLATE_CALL.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        english = ast.literal_eval(f'"{match.group(2)}"')
        yield match.group(1), english, f"{where}:{line}"


def _notebook(path: Path) -> Iterator[tuple[str, i18n.Message, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell.get("source", ""))
        where = f"{path.name} cell {index}"
        if cell["cell_type"] == "markdown" and source.strip():
            yield notebook_key(path.stem, cell["id"]), source, where
        elif cell["cell_type"] == "code":
            yield from _calls(source, where)


def notebook_key(stem: str, cell_id: str) -> str:
    """The key of a notebook's markdown cell."""
    return f"{stem}.md.{cell_id}"


def messages(
    library: Path | None = None, notebooks: Path | None = None
) -> dict[str, tuple[i18n.Message, str]]:
    """Every message: ``{key: (english, where it is written)}``.

    Raises
    ------
    ValueError
        When a ``t()`` call is not literal, or one key has two different English
        texts (naming both places).
    """
    extra = extra_sources if library is None else []  # a test's own library: none
    library = library or Path(i18n.__file__).parent
    notebooks = notebooks or paths.NOTEBOOKS_DIR
    found: dict[str, tuple[i18n.Message, str]] = {}

    def add(items: Iterable[tuple[str, i18n.Message, str]]) -> None:
        for key, english, where in items:
            if key in found and found[key][0] != english:
                msg = (
                    f"message {key!r} has two English texts: at {found[key][1]} and "
                    f"at {where}; give one of them its own key"
                )
                raise ValueError(msg)
            found.setdefault(key, (english, where))

    for file in sorted(library.rglob("*.py")):
        where = str(file.relative_to(library.parent))
        add(_calls(file.read_text(encoding="utf-8"), where))
    for file in sorted(library.rglob("*.j2")):
        where = str(file.relative_to(library.parent))
        add(_template_calls(file.read_text(encoding="utf-8"), where))
    for file in sorted(notebooks.glob("[0-9][0-9]-*.ipynb")):
        add(_notebook(file))
    for source in extra:
        add((k, v, "data") for k, v in source().items())
    return found


def problems(
    langs: Iterable[str] | None = None,
    found: Mapping[str, tuple[i18n.Message, str]] | None = None,
) -> list[Problem]:
    """Missing, stale and unused translations, in key order."""
    found = messages() if found is None else found
    out: list[Problem] = []
    for lang in langs or [c for c in i18n.LANGUAGES if c != i18n.SOURCE_LANGUAGE]:
        domains = {i18n.domain_of(k) for k in found}
        folder = i18n.LOCALES_DIR / lang
        domains |= {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        for domain in sorted(domains):
            stored = i18n.catalogue(lang, domain)
            file = f"locales/{lang}/{domain}.yaml"
            for key in sorted(k for k in found if i18n.domain_of(k) == domain):
                english, where = found[key]
                entry = stored.get(key)
                if entry is None or entry.get("text") in (None, ""):
                    out.append(Problem("missing", lang, key, where))
                elif str(entry.get("source")) != i18n.source_hash(english):
                    out.append(Problem("stale", lang, key, f"{where}; {file}"))
            for key in sorted(set(stored) - set(found)):
                out.append(Problem("unused", lang, key, file))
    return out


def stubs(lang: str, domain: str | None = None) -> str:
    """YAML entries to fill in for the missing and stale messages of a language.

    Each has the hash of the English now and the English as a comment; stale ones
    keep their old text to revise.
    """
    found = messages()
    lines: list[str] = []
    for problem in problems([lang], found):
        if problem.kind == "unused":
            continue
        if domain and i18n.domain_of(problem.key) != domain:
            continue
        english, where = found[problem.key]
        old = i18n.translation(problem.key, lang)
        lines.append(f"# {problem.kind}: {where}")
        if isinstance(english, str):
            shown = english.splitlines()
        else:
            shown = yaml.safe_dump(dict(english), allow_unicode=True).splitlines()
        lines.extend(f"# en: {line}".rstrip() for line in shown)
        entry = {
            problem.key: {"source": i18n.source_hash(english), "text": old or None}
        }
        lines.append(
            yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=88)
        )
    return "\n".join(lines)
