"""Keep third-party packages from loading anything from another host.

django-ninja (installed with Wagtail for its v3 API) ships two pages that pull Swagger UI and
ReDoc from a CDN, used when `ninja` is not an installed app. Parvis installs `ninja` (its local
templates and static files are then used) and removes those two files after every install
(`make install`, or `python -m cms.sovereign` in production), so no code path can serve them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

CDN_TEMPLATES = {"ninja": ("templates/ninja/swagger_cdn.html", "templates/ninja/redoc_cdn.html")}


def strip_cdn_templates() -> list[Path]:
    """Delete the installed templates that load assets from a CDN; returns those removed."""
    removed = []
    for package, files in CDN_TEMPLATES.items():
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        root = Path(spec.origin).parent
        for name in files:
            path = root / name
            if path.exists():
                path.unlink()
                removed.append(path)
    return removed


def cdn_templates_present() -> list[Path]:
    present = []
    for package, files in CDN_TEMPLATES.items():
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            root = Path(spec.origin).parent
            present += [root / name for name in files if (root / name).exists()]
    return present


if __name__ == "__main__":
    for path in strip_cdn_templates():
        print(f"removed {path} (loads assets from a CDN)")  # noqa: T201
