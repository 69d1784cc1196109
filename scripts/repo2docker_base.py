"""Write repo2docker's base environment as pip requirements, from its conda lock file.

Binder (repo2docker) does not start from an empty environment: for the Python in
``binder/runtime.txt`` it first creates a conda environment from a lock file of its
own (``repo2docker/buildpacks/conda/environment.py-X.Y-linux-64.lock`` in the
jupyterhub/repo2docker repository), then runs ``pip install -r
binder/requirements.txt`` into it. ``make binder-check`` rebuilds that base as a venv
from the list this script writes (``scripts/repo2docker-base-pyX.Y.txt``).

What goes into the list: every Python package of the lock (a ``noarch`` package
whose build string starts with ``py``, or a platform package built for a CPython,
``py311...``), at its locked version, under its PyPI name. What is left out: Python
itself, the C libraries and tools (``openssl``, ``nodejs``, ...) and the conda
metapackages that only gather other entries (``jupyterhub-singleuser`` is
``jupyterhub-base``, i.e. PyPI's ``jupyterhub``; ``typing-extensions`` is
``typing_extensions``).

It reads only the file it is given (no network), with the standard library::

    python3 scripts/repo2docker_base.py LOCKFILE --source jupyterhub/repo2docker@SHA

with ``LOCKFILE`` a copy of ``environment.py-3.11-linux-64.lock``.

Get the lock file from the repo2docker release or commit that mybinder.org runs (its
path is above); ``--source`` names where it came from, for the header.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: conda-forge names whose PyPI distribution has another name.
CONDA_TO_PYPI = {
    "brotli-python": "brotli",
    "jupyterhub-base": "jupyterhub",
    "nbconvert-core": "nbconvert",
    "python-fastjsonschema": "fastjsonschema",
    "python-tzdata": "tzdata",
}
#: The lock file's own header lines worth keeping (``# Frozen on ...``).
_KEPT_HEADER = re.compile(r"^# (Frozen on|input_hash|platform)\b.*$")


@dataclass(frozen=True)
class Package:
    """One entry of a conda ``@EXPLICIT`` lock file."""

    name: str
    version: str
    build: str
    subdir: str

    @property
    def is_python(self) -> bool:
        """A Python distribution (not Python itself, a C library or a metapackage)."""
        if self.subdir == "noarch":
            return self.build.startswith("py")
        return bool(re.search(r"py3\d+", self.build))

    @property
    def pypi_name(self) -> str:
        """The name of the same distribution on PyPI, normalized (PEP 503)."""
        name = canonical(self.name)
        return CONDA_TO_PYPI.get(name, name)


def canonical(name: str) -> str:
    """PEP 503 normalization: lower case, runs of ``-_.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> tuple[list[str], list[Package]]:
    """The kept header lines and the packages of a conda explicit lock file.

    Raises
    ------
    ValueError
        When the text is not an ``@EXPLICIT`` lock or an entry cannot be read.
    """
    if "@EXPLICIT" not in text:
        msg = "not a conda explicit lock file (no @EXPLICIT line)"
        raise ValueError(msg)
    header, packages = [], []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if _KEPT_HEADER.match(line):
            header.append(line[2:])
        if not line.startswith(("https://", "http://", "file://")):
            continue
        url = line.split("#", 1)[0]
        parts = url.rsplit("/", 2)
        filename = parts[-1]
        stem = re.sub(r"\.(conda|tar\.bz2)$", "", filename)
        fields = stem.rsplit("-", 2)
        if stem == filename or len(fields) != 3 or len(parts) < 3:
            msg = f"line {number}: cannot read a package from {url!r}"
            raise ValueError(msg)
        packages.append(Package(*fields, subdir=parts[-2]))
    return header, packages


def python_version(packages: list[Package]) -> str:
    """The version of Python the lock installs (``3.11.14``).

    Raises
    ------
    ValueError
        When the lock has no ``python`` package.
    """
    for package in packages:
        if package.name == "python":
            return package.version
    msg = "the lock file installs no python"
    raise ValueError(msg)


def requirements(packages: list[Package]) -> dict[str, str]:
    """``PyPI name -> version`` of the lock's Python packages.

    Raises
    ------
    ValueError
        When two entries give one PyPI name different versions.
    """
    pins: dict[str, str] = {}
    for package in packages:
        if not package.is_python:
            continue
        name = package.pypi_name
        if pins.get(name, package.version) != package.version:
            msg = f"{name}: the lock has {pins[name]} and {package.version}"
            raise ValueError(msg)
        pins[name] = package.version
    return dict(sorted(pins.items()))


def render(lock: Path, text: str, source: str) -> tuple[str, str]:
    """``(file name, contents)`` of the base list for a lock file's text."""
    header, packages = parse_lock(text)
    version = python_version(packages)
    short = ".".join(version.split(".")[:2])
    pins = requirements(packages)
    lines = [
        f"# repo2docker's base environment for Python {short}: the Python packages of",
        "# its conda lock file, at the locked versions, under their PyPI names.",
        "# `make binder-check` installs these in a fresh venv, then runs what",
        "# repo2docker runs: pip install --no-cache-dir -r binder/requirements.txt,",
        "# then binder/postBuild. Do not edit: regenerate with",
        f"#   python3 scripts/repo2docker_base.py LOCKFILE --source {source}",
        f"# Source: {source}",
        f"#   repo2docker/buildpacks/conda/{lock.name}",
        *(f"#   {line}" for line in header),
        f"#   python {version}; {len(pins)} Python packages of {len(packages)} entries",
        "# conda names -> PyPI names:",
        *(f"#   {c} -> {p}" for c, p in sorted(CONDA_TO_PYPI.items())),
        "# left out: python, C libraries and tools, conda metapackages",
        "# (jupyterhub-singleuser is jupyterhub-base, i.e. PyPI's jupyterhub).",
    ]
    lines += [f"{name}=={pin}" for name, pin in pins.items()]
    return f"repo2docker-base-py{short}.txt", "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the base list for a lock file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock", type=Path, help="environment.py-X.Y-linux-64.lock")
    parser.add_argument(
        "--source",
        required=True,
        help="where the lock came from, e.g. jupyterhub/repo2docker@<commit>",
    )
    parser.add_argument(
        "--out-dir", type=Path, default=ROOT / "scripts", help="default: scripts/"
    )
    parser.add_argument("--check", action="store_true", help="only compare")
    args = parser.parse_args(argv)
    try:
        lock_text = args.lock.read_text(encoding="utf-8")
        name, text = render(args.lock, lock_text, args.source)
    except (OSError, ValueError) as exc:
        print(f"{args.lock}: {exc}", file=sys.stderr)
        return 2
    target = args.out_dir / name
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == text
        print(f"{target} {'matches' if same else 'differs from'} {args.lock}")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count('==')} packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
