"""The desktop bundle builds from packaging/facilitator.spec and works headless.

Builds once per run (about a minute) into a temporary folder, then drives the bundled
executable like a user's script would: --version, demo, sessions, report (once that command
exists), and a start of the real window offscreen that paints once and exits. Skipped when
PyInstaller is not installed (`make test` without the dev extra); CI installs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import __version__

pytest.importorskip("PyInstaller", reason="the bundle needs PyInstaller (the dev extra)")

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "facilitator.spec"
BUILD_TIMEOUT_S = 30 * 60
RUN_TIMEOUT_S = 120
# A browser engine in the bundle would more than double it.
MAX_BUNDLE_MIB = 250
UNWANTED = re.compile(
    r"Qt6?(WebEngine|Pdf|3D|Charts|Designer|VirtualKeyboard|"
    r"MultimediaWidgets|Sql|Test)",
    re.IGNORECASE,
)
# QML and Quick may come only with Qt's ffmpeg media back end (the sound cues), which
# links them; anything else bringing them in is a mistake.
QML = re.compile(r"Qt6?(Qml|Quick)", re.IGNORECASE)
MEDIA_BACKEND = re.compile(r"plugins/multimedia/.*ffmpeg", re.IGNORECASE)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder bundle, built from the spec; its folder."""
    work = tmp_path_factory.mktemp("bundle")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"PyInstaller failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    folder = work / "dist" / "facilitator"
    assert folder.is_dir(), proc.stderr[-2000:]
    return folder


@pytest.fixture
def exe(bundle: Path) -> Path:
    return bundle / ("facilitator.exe" if sys.platform == "win32" else "facilitator")


def run(exe: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    environment.pop("PYTHONPATH", None)  # the bundle must need nothing from the tree
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env=environment,
        cwd=exe.parent.parent,
        check=False,
    )


def test_version(exe: Path) -> None:
    out = run(exe, "--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"facilitator, version {__version__}"


def test_demo_then_sessions_then_check(exe: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "bundle.db")
    demo = run(exe, "demo", "--db", db)
    assert demo.returncode == 0, demo.stderr
    sample = demo.stdout.strip()
    listed = run(exe, "sessions", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert sample in {row["id"] for row in rows}
    assert any("Bristol" in row["title"] for row in rows)
    check = run(exe, "check", "--db", db)
    assert check.returncode == 0 and "healthy" in check.stdout, check.stderr


def test_report_on_the_demo(exe: Path, tmp_path: Path) -> None:
    commands = run(exe, "--help")
    assert commands.returncode == 0, commands.stderr
    if not re.search(r"^\s+report\s", commands.stdout, re.MULTILINE):
        pytest.skip("this build has no report command yet")
    db = str(tmp_path / "bundle.db")
    assert run(exe, "demo", "--db", db).returncode == 0
    pdf = tmp_path / "report.pdf"
    report = run(exe, "report", "latest", "--out", str(pdf), "--db", db)
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 1
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "Bristol" in text  # the sample session's title, drawn with the bundled font


def test_errors_stay_one_line(exe: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    out = run(exe, "sessions", "--db", str(garbage))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1


def test_window_starts_and_paints_offscreen(exe: Path, tmp_path: Path) -> None:
    """The GUI path: Qt's platform plugin, fonts, icons and every start-up module are in."""
    db = tmp_path / "gui.db"
    out = run(exe, "--db", str(db), FACILITATOR_QUIT_AFTER_PAINT="1")
    assert out.returncode == 0, out.stderr
    assert db.exists()  # the window opened (and created) its database
    assert "Traceback" not in out.stderr


def test_bundle_holds_the_resources_and_stays_small(bundle: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    names = {p.relative_to(bundle).as_posix() for p in files}
    for needed in (
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/LICENSE-DejaVu.txt",
        "resources/formats.json",
        "resources/roles.json",
        "resources/icons/facilitator-256.png",
    ):
        assert any(name.endswith(needed) for name in names), needed
    unwanted = sorted(name for name in names if UNWANTED.search(Path(name).name))
    assert not unwanted, f"unused Qt modules crept in: {unwanted[:10]}"
    qml = sorted(name for name in names if QML.search(Path(name).name))
    if qml:
        assert any(MEDIA_BACKEND.search(name) for name in names), (
            f"QML/Quick without the media back end that needs them: {qml[:10]}"
        )
    size_mib = sum(p.stat().st_size for p in files) / 2**20
    print(f"bundle: {size_mib:.0f} MiB in {len(files)} files")
    assert size_mib < MAX_BUNDLE_MIB
