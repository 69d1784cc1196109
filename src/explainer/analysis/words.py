"""Labels that follow the language: a mapping whose values are translated messages.

Code that looks labels up by key (``LABELS[code]``) keeps working unchanged while
each value is read in the language in use at the moment of the lookup, not the one
in use when the module was imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

__all__ = ["Translated"]


class Translated(Mapping[str, str]):
    """A read-only mapping of keys to messages, each made when it is looked up.

    Parameters
    ----------
    messages
        Key to a function of no arguments returning the message, typically
        ``lambda: t("domain.key", "English")`` (so the extractor finds the literal).

    Examples
    --------
    >>> from explainer.i18n import t
    >>> words = Translated({"rail": lambda: t("demo.rail", "rail")})
    >>> words["rail"], list(words)
    ('rail', ['rail'])
    """

    def __init__(self, messages: Mapping[str, Callable[[], str]]) -> None:
        self._messages = dict(messages)

    def __getitem__(self, key: str) -> str:
        return self._messages[key]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def __repr__(self) -> str:
        return f"Translated({dict(self)!r})"
