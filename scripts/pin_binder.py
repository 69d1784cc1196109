"""Pin ``binder/requirements.txt`` to what the project's environment runs.

The pins are the runtime dependencies of the ``explainer`` package with its
``binder`` extra (``notebook``: see below), followed recursively through the installed
packages' metadata (with the extras each one asks for, and environment markers
evaluated here), each at its installed version. Binder
installs exactly these (repo2docker reads only ``binder/``), and ``make`` installs the
project's ``.venv`` with them as constraints, so the tests run with what Binder runs.

Binder installs them into repo2docker's base environment, which already holds
Jupyter packages (``scripts/repo2docker-base-py3.11.txt``). pip upgrades the ones
pinned here; the others stay, and their requirements must still hold (``pip check``
in ``binder/postBuild``). The base's ``notebook`` pins JupyterLab to its own minor
version, so the ``binder`` extra pins a ``notebook`` that accepts ours.

One documented exception: ``rfc3987-syntax`` (asked for by ``jupyter-events`` through
``jsonschema[format-nongpl]``) is pinned but uninstalled after the install, by the
Makefile and by ``binder/postBuild``: it costs ~3 s on every ``import jsonschema`` and
nothing here uses it. Its version is read from the current file, not the environment.

Usage, with the project's environment::

    .venv/bin/python scripts/pin_binder.py          # rewrite the file
    .venv/bin/python scripts/pin_binder.py --check  # exit 1 if it is out of date

To upgrade: make a fresh venv, ``pip install -e ".[binder]"`` without constraints,
uninstall ``rfc3987-syntax``, run this script with that venv's python, then ``make
test`` and ``make binder-check`` (which also proves the pins fit repo2docker's base).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "binder" / "requirements.txt"
PACKAGE = "explainer"
#: The package's extras that Binder's environment needs besides its dependencies.
EXTRAS = frozenset({"binder"})
#: Pinned, but removed after the install (see the module docstring), with its own
#: runtime dependencies (they stay installed, so they stay pinned).
UNINSTALLED = {"rfc3987-syntax": ("lark",)}
HEADER = """\
# Exact runtime versions for Binder (repo2docker reads only binder/) and for the
# project's own .venv (the Makefile installs with these as constraints), so the
# tests run with what Binder installs. Generated from the installed runtime
# dependencies of the package: .venv/bin/python scripts/pin_binder.py
# rfc3987-syntax is pinned but removed after the install (see that script).
# notebook (the "binder" extra) is pinned so that repo2docker's base environment,
# which has an older notebook, accepts this JupyterLab: `make binder-check`.
"""
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*$")


@dataclass
class Node:
    """A package of the runtime closure: who asks for it, and how."""

    name: str
    extras: set[str] = field(default_factory=set)
    wanted_by: list[tuple[str, Requirement]] = field(default_factory=list)

    @property
    def installed(self) -> str | None:
        """The installed version, or ``None`` when it is not installed."""
        try:
            return metadata.version(self.name)
        except metadata.PackageNotFoundError:
            return None

    @property
    def display_name(self) -> str:
        """The name as the package spells it (e.g. ``Jinja2``)."""
        try:
            return metadata.metadata(self.name)["Name"]
        except metadata.PackageNotFoundError:
            return self.name


def _applies(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": e}) for e in extras | {""})


def runtime_closure(
    package: str = PACKAGE, extras: frozenset[str] = EXTRAS
) -> dict[str, Node]:
    """Every package that ``package[extras]`` needs at run time, by canonical name.

    The package itself is not part of it (``binder/postBuild`` installs it from the
    repository). A package that is not installed (the documented exception) is kept,
    with what asks for it; its own dependencies come from :data:`UNINSTALLED`.
    """
    closure: dict[str, Node] = {}
    todo: list[tuple[str, set[str]]] = [(package, set(extras))]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        key = (canonicalize_name(name), frozenset(extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            requires = list(UNINSTALLED.get(key[0], ()))
        for text in requires:
            requirement = Requirement(text)
            if not _applies(requirement, extras):
                continue
            dep = canonicalize_name(requirement.name)
            node = closure.setdefault(dep, Node(requirement.name))
            node.extras |= requirement.extras
            node.wanted_by.append((name, requirement))
            todo.append((requirement.name, set(requirement.extras)))
    closure.pop(canonicalize_name(package), None)
    return closure


def read_pins(path: Path = REQUIREMENTS) -> dict[str, tuple[str, str]]:
    """``canonical name -> (name as written, version)`` of a pins file.

    Raises
    ------
    ValueError
        For a line that is not a comment and not ``name==version``.
    """
    pins = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        match = _PIN.match(text)
        if not match:
            msg = f"{path.name}:{number}: expected name==version, found {text!r}"
            raise ValueError(msg)
        pins[canonicalize_name(match[1])] = (match[1], match[2])
    return pins


def _sort_key(line: str) -> str:
    return line.split("==")[0].lower()


def render(closure: dict[str, Node], old: dict[str, tuple[str, str]]) -> str:
    """The pins file for a closure (versions of uninstalled packages from ``old``).

    Raises
    ------
    SystemExit
        When a package other than the documented exception is not installed, or the
        exception has no pin to keep.
    """
    lines = []
    for name, node in closure.items():
        version = node.installed
        if version is None:
            if name not in UNINSTALLED or name not in old:
                asked = ", ".join(f"{who} ({req})" for who, req in node.wanted_by)
                msg = f"{name} is not installed (asked for by {asked}); install it"
                raise SystemExit(msg)
            lines.append(f"{old[name][0]}=={old[name][1]}")
        else:
            lines.append(f"{node.display_name}=={version}")
    return HEADER + "".join(f"{line}\n" for line in sorted(lines, key=_sort_key))


def main(argv: list[str] | None = None) -> int:
    """Write the pins (or, with ``--check``, compare them with the file)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare")
    args = parser.parse_args(argv)
    text = render(runtime_closure(), read_pins())
    current = REQUIREMENTS.read_text(encoding="utf-8")
    if args.check:
        if text != current:
            print(f"{REQUIREMENTS} is out of date: run scripts/pin_binder.py")
            return 1
        print(f"{REQUIREMENTS} matches the environment")
        return 0
    REQUIREMENTS.write_text(text, encoding="utf-8")
    print(f"wrote {REQUIREMENTS} ({text.count('==')} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
