"""The command line: ``python -m explainer build`` (what ``make html`` runs)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from explainer.i18n import LANGUAGES
from explainer.site.editions import EDITIONS, write_edition_notebooks
from explainer.site.execute import TIMEOUT, BuildError
from explainer.site.publish import build
from explainer.views import assets

__all__ = ["main"]


def parser() -> argparse.ArgumentParser:
    """The command line's options."""
    top = argparse.ArgumentParser(prog="python -m explainer")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute the notebooks and write the static site")
    b.add_argument("--force", action="store_true", help="rebuild every page")
    b.add_argument("--jobs", type=int, default=None, help="notebooks run at once")
    b.add_argument(
        "--out", type=Path, default=None, help="site folder (default: site/)"
    )
    b.add_argument(
        "--notebooks-dir",
        type=Path,
        default=None,
        help="where the notebooks are (default: notebooks/)",
    )
    b.add_argument(
        "--timeout",
        type=_seconds,
        default=TIMEOUT,
        metavar="SECONDS",
        help=f"seconds a cell may run (default: {TIMEOUT})",
    )
    b.add_argument(
        "--lang",
        action="append",
        choices=list(EDITIONS),
        help="build only this edition (repeat for more; default: all three)",
    )
    b.add_argument("notebooks", nargs="*", help="only these notebook file names")
    nb = sub.add_parser(
        "notebooks",
        help="write notebooks/<lang>/: the notebooks in Russian or Kazakh, for Lab",
    )
    nb.add_argument("--lang", required=True, choices=[c for c in EDITIONS if c != "en"])
    nb.add_argument(
        "--notebooks-dir",
        type=Path,
        default=None,
        help="where the notebooks are (default: notebooks/)",
    )
    sub.add_parser("assets", help="build the cached offline Vega bundle")
    tr = sub.add_parser(
        "translations",
        help="list missing, stale and unused translations (exit 1 if any)",
    )
    tr.add_argument("--lang", choices=["ru", "kk"], help="only this language")
    tr.add_argument("--domain", help="only this catalogue (e.g. charts)")
    tr.add_argument(
        "--stubs",
        action="store_true",
        help="print YAML entries to fill in (needs --lang)",
    )
    return top


def _translations(args: argparse.Namespace) -> int:
    from explainer.site import translations

    if args.stubs:
        if not args.lang:
            print("--stubs needs --lang", file=sys.stderr)
            return 2
        print(translations.stubs(args.lang, args.domain))
        return 0
    found = [
        p
        for p in translations.problems([args.lang] if args.lang else None)
        if not args.domain or p.key.split(".", 1)[0] == args.domain
    ]
    for problem in found:
        print(problem)
    print(f"{len(found)} translation problem(s)")
    return 1 if found else 0


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        msg = f"expected a whole number of seconds above 0, found {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    0 when the site was built; 1 when a notebook failed or the site folder cannot
    be written (one message each, on stderr); 130 on Ctrl-C (one line).
    """
    args = parser().parse_args(argv)
    if args.command == "translations":
        return _translations(args)
    if args.command == "notebooks":
        written = write_edition_notebooks(args.lang, args.notebooks_dir)
        for file in written:
            print(f"  wrote  {file}")
        print(f"{len(written)} notebook(s) in {LANGUAGES[args.lang]}")
        return 0
    if args.command == "assets":
        bundle = assets.vega_bundle()
        print(
            f"Vega bundle ready ({len(bundle) / 1024:,.0f} KiB) in {assets.cache_dir()}"
        )
        return 0
    start = time.perf_counter()
    print(
        "Building the explainer site "
        f"({'all pages' if args.force else 'changed pages'})",
        flush=True,
    )
    try:
        result = build(
            args.out,
            force=args.force,
            jobs=args.jobs,
            only=args.notebooks,
            notebooks_dir=args.notebooks_dir,
            timeout=args.timeout,
            log=lambda line: print(line, flush=True),
            langs=args.lang,
        )
    except BuildError as exc:
        print(f"\nBuild FAILED:\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "\nBuild interrupted: kernels stopped, the site was left as it was.",
            file=sys.stderr,
        )
        return 130
    print(
        f"Built {len(result['built'])} page(s), skipped {len(result['skipped'])}, "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0
