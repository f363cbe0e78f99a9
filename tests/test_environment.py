"""The pinned environment: requirements.txt, environment.yml and requirements.lock agree, and the running
environment is the locked one."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import yaml
from newasia.paths import REPO_ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def _file_pins(name: str) -> dict[str, str]:
    return _pins((REPO_ROOT / name).read_text().splitlines())


def _conda_pins() -> dict[str, str]:
    spec = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in spec["dependencies"] if isinstance(item, dict) and "pip" in item)
    assert "python=3.11" in spec["dependencies"]
    return _pins(pip_section)


def test_every_direct_dependency_is_pinned_exactly():
    lines = [
        line
        for line in (REPO_ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines and all(PIN.match(line) for line in lines), "every line of requirements.txt must be name==version"


def test_environment_yml_declares_the_same_pins_as_requirements_txt():
    assert _conda_pins() == _file_pins("requirements.txt")


def test_lock_contains_every_direct_pin_at_the_same_version():
    lock = _file_pins("requirements.lock")
    direct = _file_pins("requirements.txt")
    assert {name: lock.get(name) for name in direct} == direct


def test_running_environment_matches_the_lock():
    lock = _file_pins("requirements.lock")
    mismatched = {name: (pinned, version(name)) for name, pinned in lock.items() if version(name) != pinned}
    assert not mismatched, f"installed versions differ from requirements.lock: {mismatched}"


def test_pyproject_requires_python_311():
    assert 'requires-python = "==3.11.*"' in Path(REPO_ROOT / "pyproject.toml").read_text()
