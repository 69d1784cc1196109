"""``python -m explainer build``: execute the notebooks and write the static site."""

from explainer.publish import main

raise SystemExit(main())
