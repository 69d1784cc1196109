"""``python -m explainer build``: execute the notebooks and write the static site."""

from explainer.site.cli import main

raise SystemExit(main())
