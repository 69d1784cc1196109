"""Writing the site safely: atomic files, the manifest, the lock, the digest in a page.

Every file of the site is written to a unique temporary file in its own folder and
renamed over the old one (``os.replace``), so a reader, a crash or a full disk never
sees half a file. :func:`write_files` writes a whole set in two phases: every
temporary file first, then the renames; when a write fails, the temporary files are
removed and no file of the set has changed.

A page carries the digest of its inputs in ``<meta name="explainer-digest">`` and a
key of its navigation links in ``<meta name="explainer-nav">``: whatever happened to
the manifest, a page is skipped only when the page itself says it was built from the
same inputs.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from explainer.site.execute import BuildError

__all__ = [
    "LOCK",
    "BuildLock",
    "SiteWriteError",
    "clean_debris",
    "page_meta",
    "read_manifest",
    "write_files",
]

#: The lock file, in the site folder: one build at a time writes a site.
LOCK = ".build.lock"
#: How temporary files are named: ``.<name>.<random>.tmp`` beside their target.
TMP_SUFFIX = ".tmp"
_META = re.compile(r"<meta\b[^>]*>")
_NAME = re.compile(r'\bname="explainer-(digest|nav)"')
_CONTENT = re.compile(r'\bcontent="([0-9a-f]+)"')


class SiteWriteError(BuildError):
    """The site folder cannot be written (read-only, full, not a folder)."""


def os_problem(exc: OSError, path: Path) -> SiteWriteError:
    """One clear line for an ``OSError`` met while writing ``path``."""
    reason = exc.strerror or type(exc).__name__
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        what = f"no space left on the device while writing {path}"
    elif exc.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
        what = f"cannot write to {path} ({reason})"
    else:
        what = f"cannot write {path} ({reason})"
    return SiteWriteError(f"{what}; the previous site was left as it was")


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write files atomically, as one set; return those that changed.

    Files whose content is already on disk are not touched. Every changed file is
    first written to a temporary file beside it; only when all are written are they
    renamed into place.

    Raises
    ------
    SiteWriteError
        When a file cannot be written (no space, read-only); no file has changed and
        no temporary file is left.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent
            )
            staged.append((Path(tmp), path))
            os.fchmod(handle, 0o644)  # mkstemp makes 0600; a site is world-readable
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
    except OSError as exc:
        _remove(tmp for tmp, _ in staged)
        raise os_problem(exc, path) from None
    except BaseException:  # Ctrl-C while writing: leave no temporary file
        _remove(tmp for tmp, _ in staged)
        raise
    for tmp, path in staged:
        tmp.replace(path)
    return [path for _, path in staged]


def _remove(paths: Iterable[Path]) -> None:
    for tmp in paths:
        with contextlib.suppress(OSError):
            tmp.unlink()


def clean_debris(folder: Path) -> list[Path]:
    """Remove the temporary files a killed build left in ``folder`` and below.

    Only call this while holding the :class:`BuildLock` (another build's temporary
    files would otherwise go).
    """
    found = [
        p
        for pattern in (
            f".*{TMP_SUFFIX}",
            f"static/.*{TMP_SUFFIX}",
            f"data/*/.*{TMP_SUFFIX}",
            # the other editions' folders (ru/, kk/)
            f"[a-z][a-z]/.*{TMP_SUFFIX}",
            f"[a-z][a-z]/data/*/.*{TMP_SUFFIX}",
        )
        for p in folder.glob(pattern)
    ]
    _remove(found)
    return found


def read_manifest(path: Path, warn: Callable[[str], None]) -> dict[str, str]:
    """The manifest (page name to input digest); a corrupt one counts as empty."""
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        manifest = exc
    if not isinstance(manifest, dict) or not all(
        isinstance(v, str) for v in manifest.values()
    ):
        warn(
            f"  warning: {path.name} is unreadable or corrupt ({_short(manifest)}); "
            "treating it as empty, so every page is rebuilt"
        )
        return {}
    return manifest


def _short(found: object) -> str:
    if isinstance(found, Exception):
        return f"{type(found).__name__}: {found}".splitlines()[0]
    return f"a {type(found).__name__}, not an object of digests"


def manifest_bytes(manifest: Mapping[str, str]) -> bytes:
    """The manifest as written."""
    return (json.dumps(dict(manifest), indent=1, sort_keys=True) + "\n").encode()


def page_meta(path: Path) -> dict[str, str]:
    """The digest and navigation key a built page carries (empty if none)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            head = stream.read(1 << 16)
    except OSError:
        return {}
    found = {}
    for tag in _META.findall(head.split("</head>")[0]):
        name, content = _NAME.search(tag), _CONTENT.search(tag)
        if name and content:
            found[name[1]] = content[1]
    return found


class BuildLock:
    """An exclusive lock on a site folder, held while a build writes it.

    The lock is an ``flock`` on ``.build.lock``, which holds the builder's pid. The
    system releases it when the process ends, however it ends: a lock left by a
    build that died (a stale lock) is simply taken over.

    Raises
    ------
    BuildError
        On entering, when another build holds the lock ("another build is running,
        pid N").
    SiteWriteError
        When the folder or its lock file cannot be created (not writable).
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise os_problem(exc, self.path.parent) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            msg = (
                f"another build is running, pid {holder} (it holds {self.path}); "
                "wait for it to finish"
            )
            raise BuildError(msg) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def check_writable(folder: Path) -> None:
    """Check that a file can be written in ``folder`` (call it under the lock).

    Raises
    ------
    SiteWriteError
        In one line, when it cannot (read-only, full).
    """
    try:
        handle, probe = tempfile.mkstemp(
            prefix=".write-check.", suffix=TMP_SUFFIX, dir=folder
        )
        try:
            os.write(handle, f"{os.getpid()} {time.time_ns()}\n".encode())
            os.fsync(handle)
        finally:
            os.close(handle)
            Path(probe).unlink()
    except OSError as exc:
        raise os_problem(exc, folder) from None
