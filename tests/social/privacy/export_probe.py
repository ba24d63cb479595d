"""Build one export in a process of its own and print its peak memory (for the memory test):

python -m tests.social.privacy.export_probe <export id>     (prints JSON)
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from social.privacy.export import export_build  # noqa: E402


def high_water_kb() -> int:
    """The process's peak resident memory (VmHWM; getrusage's ru_maxrss would report the
    parent's peak too: it survives fork and exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def main(export_id: int) -> dict:
    before = high_water_kb()
    export = export_build(export_id)
    peak = high_water_kb()
    return {"status": export.status, "size": export.size, "before_kb": before, "peak_kb": peak}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))  # noqa: T201 (read by the test)
