"""Settings for preparing a release (`make release`): collect the static files (htmx and the other
npm assets included) with production's storage, on the build machine, so that servers need
neither Node nor node_modules. Never used to serve anything."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "release-build-only-never-serves-" + "x" * 30  # noqa: S105
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "static_collected"))  # noqa: F405
