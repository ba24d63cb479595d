"""The deploy files as shipped: systemd accepts every unit (systemd-analyze verify, with only the
install paths changed to this checkout), logrotate reads its file; nginx's is tested by running
it (conftest.py)."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").iterdir())

pytestmark = pytest.mark.stack


def installed_here(unit: Path, folder: Path) -> Path:
    text = unit.read_text()
    for old, new in {
        "/srv/parvis": str(ROOT),
        "/etc/parvis/parvis.env": str(folder / "parvis.env"),
        "User=parvis": "User=root",
        "Group=parvis": "Group=root",
    }.items():
        text = text.replace(old, new)
    (folder / unit.name).write_text(text)
    return folder / unit.name


def test_systemd_accepts_every_unit_without_a_warning(tmp_path):
    (tmp_path / "parvis.env").write_text("DJANGO_SETTINGS_MODULE=cms.settings.production\n")
    names = [installed_here(unit, tmp_path).name for unit in UNITS]
    instances = [
        name.replace("@.service", "@extraction.service") if name.endswith("@.service") else name
        for name in names
    ]
    result = subprocess.run(
        ["/usr/bin/systemd-analyze", "verify", "--man=no", *instances],  # noqa: S603
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    assert {"parvis-web.service", "parvis-beat.service", "parvis-worker@.service"} <= set(names)


def test_logrotate_reads_its_file(tmp_path):
    # The parvis user exists on the server (README); here root stands in for it.
    config = tmp_path / "parvis"
    config.write_text((ROOT / "deploy" / "logrotate" / "parvis").read_text().replace(
        "parvis parvis", "root root"
    ))  # fmt: skip
    result = subprocess.run(
        ["/usr/sbin/logrotate", "--debug", "--state", str(tmp_path / "state"), str(config)],  # noqa: S603
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
