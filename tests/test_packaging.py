"""The license travels with the code: LICENSE in the sdist and the wheel, and the
SPDX expression in the wheel's metadata."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    # The project's own build backend, called in-process: no network, no isolation.
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    wheel = next(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    sdist = next(SdistBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return {"wheel": Path(wheel), "sdist": Path(sdist)}


def test_the_wheel_carries_the_license_and_says_which(built: dict[str, Path]) -> None:
    gpl = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in gpl and "Version 3, 29 June 2007" in gpl
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = wheel.namelist()
        (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert wheel.read(license_file).decode("utf-8") == gpl
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        headers = wheel.read(metadata).decode("utf-8").split("\n\n", 1)[0].splitlines()
    assert "License-Expression: GPL-3.0-or-later" in headers
    assert "License-File: LICENSE" in headers


def test_the_sdist_carries_the_license(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        (member,) = [m for m in sdist.getmembers() if m.name.endswith("/LICENSE")]
        extracted = sdist.extractfile(member)
        assert extracted is not None
        assert extracted.read() == (ROOT / "LICENSE").read_bytes()
