"""Known vulnerabilities in the dependencies: pip-audit for Python, npm audit for npm.

Both need their advisory service (PyPI's JSON API, the npm registry's audit endpoint). Where it
cannot be reached — some sovereign networks mirror packages but not advisories — the audit says
so plainly and is not run; AUDIT_REQUIRED=1 makes that a failure instead. Advisories accepted
after review go in .ci/audit-ignore, one identifier a line with its reason after a #.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
REQUIRED = os.environ.get("AUDIT_REQUIRED") == "1"


def reachable(url: str, data: bytes | None = None) -> str:
    """'' when the service answers as expected, else why not."""
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (https only)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (fixed https URLs)
            return "" if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except OSError as error:
        return str(getattr(error, "reason", error))


def ignored() -> list[str]:
    path = ROOT / ".ci" / "audit-ignore"
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def skipped(tool: str, why: str) -> int:
    print(f"{tool}: advisory service unreachable from this machine ({why}); audit NOT run.")  # noqa: T201
    return 1 if REQUIRED else 0


def python_audit() -> int:
    # pip-audit asks for each release's record, with its vulnerabilities.
    from importlib.metadata import version

    why = reachable(f"https://pypi.org/pypi/django/{version('django')}/json")
    if why:
        return skipped("pip-audit", why)
    command = [str(BIN / "pip-audit"), "--strict", "--progress-spinner", "off", "--skip-editable"]
    for identifier in ignored():
        command += ["--ignore-vuln", identifier]
    return subprocess.call(command)  # noqa: S603 (our own command line)


def npm_audit() -> int:
    why = reachable(
        "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
        data=json.dumps({"htmx.org": ["2.0.0"]}).encode(),
    )
    if why:
        return skipped("npm audit", why)
    return subprocess.call(["npm", "audit", "--audit-level=high"], cwd=ROOT)  # noqa: S603,S607


if __name__ == "__main__":
    sys.exit(max(python_audit(), npm_audit()))
