"""Settings for `make load` only: the product's own settings, plus the benchmark's reference page.

`bench/load.py` starts the production server (`roundtable serve`) with
DJANGO_SETTINGS_MODULE=bench.load_settings, so /bench/reference/ is served beside the product's
pages in the same processes. Production runs `roundtable.settings`, whose URLconf never includes
the bench package (and the package that is installed, `roundtable*`, does not contain it).
"""

from roundtable.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
