"""``python -m explainer build``: execute the notebooks and write the static site."""

from explainer.site.publish import main

raise SystemExit(main())
