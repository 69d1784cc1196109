"""Words per language: the notebooks' narrative, the other messages, the data.

``python benchmarks/word_counts.py`` prints a table for the closing notes and the
README; it counts what a reader of each edition reads (the English from the
sources the translation check reads, the translations from the catalogues).
"""

from __future__ import annotations

import re
from collections import Counter

from explainer import i18n
from explainer.site.translations import messages

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def words(message: i18n.Message) -> int:
    """Words of a message (all plural forms of a plural one)."""
    texts = message.values() if isinstance(message, dict) else [message]
    return sum(len(WORD.findall(re.sub(r"\{\w+\}", " ", str(x)))) for x in texts)


def part(key: str) -> str:
    """Notebook narrative, data, or the rest of the interface."""
    if ".md." in key:
        return "notebook narrative"
    if key.startswith("data-"):
        return "data text"
    return "labels, sentences, charts, maps"


def main() -> None:
    found = messages()
    counts: Counter[tuple[str, str]] = Counter()
    for key, (english, _) in found.items():
        counts["en", part(key)] += words(english)
        for lang in ("ru", "kk"):
            counts[lang, part(key)] += words(i18n.translation(key, lang) or "")
    parts = sorted({p for _, p in counts})
    print(f"{'':34}" + "".join(f"{lang:>10}" for lang in i18n.LANGUAGES))
    for p in parts:
        row = "".join(f"{counts[lang, p]:>10,}" for lang in i18n.LANGUAGES)
        print(f"{p:34}{row}")
    total = "".join(
        f"{sum(v for (lang2, _), v in counts.items() if lang2 == lang):>10,}"
        for lang in i18n.LANGUAGES
    )
    print(f"{'total':34}{total}")
    print(f"{len(found):,} messages")


if __name__ == "__main__":
    main()
