"""Where the explainer's files live, independent of the working directory."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root: the folder of ``pyproject.toml``, ``data/`` and ``notebooks/``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The data folder shipped with the project.
DATA_DIR = PROJECT_ROOT / "data"
#: The notebooks folder.
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
#: The environment variable that points the loaders at another data folder.
DATA_DIR_ENV = "EXPLAINER_DATA_DIR"


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the data folder to read.

    Parameters
    ----------
    path
        An explicit folder. When ``None``, the environment variable
        ``EXPLAINER_DATA_DIR`` is used if set, else the project's ``data/``.

    Returns
    -------
    pathlib.Path
        The absolute folder.

    Raises
    ------
    FileNotFoundError
        If the folder does not exist, with what to do about it.
    """
    chosen = path if path is not None else os.environ.get(DATA_DIR_ENV) or DATA_DIR
    folder = Path(chosen).expanduser().resolve()
    if not folder.is_dir():
        origin = (
            "the data_dir argument"
            if path is not None
            else f"${DATA_DIR_ENV}"
            if os.environ.get(DATA_DIR_ENV)
            else "the project's default"
        )
        msg = (
            f"data folder {folder} (from {origin}) does not exist; pass data_dir=, or "
            f"set {DATA_DIR_ENV} to a folder holding sources.csv and geo/, or install "
            "the project from a clone with `pip install -e .`"
        )
        raise FileNotFoundError(msg)
    return folder
