"""R-PO1/R-PO2 on the Django side: the registry, the start-up system check and `microcred policy check`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.common.checks import check_policies
from microcred.common.policies import UnknownPolicyError, all_policies, clear_policy_cache, get_policy
from microcred.rules.errors import PolicyError

SHIPPED_DIR = Path(settings.BASE_DIR) / "policies"
ROOT = Path(settings.BASE_DIR)
MICROCRED = Path(sys.executable).parent / "microcred"


def policy_tree(tmp_path: Path, settings: SettingsWrapper, **edits: tuple[str, str]) -> Path:
    """A checkout-like tree under tmp_path with copies of the shipped policies, some lines replaced."""
    directory = tmp_path / "policies"
    directory.mkdir()
    for source in SHIPPED_DIR.glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        if source.stem in edits:
            old, new = edits[source.stem]
            assert old in text
            text = text.replace(old, new)
        (directory / source.name).write_text(text, encoding="utf-8")
    settings.BASE_DIR = tmp_path
    settings.POLICY_DIR = directory
    return directory


@pytest.fixture(autouse=True)
def _fresh_registry() -> None:
    clear_policy_cache()


def test_r_po1_registry_loads_every_policy_by_provider_slug() -> None:
    assert sorted(all_policies()) == ["ibers", "ou", "uol"]
    assert get_policy("uol").name == "University of London"
    assert get_policy("ibers").version == "2026.1"


def test_r_po1_registry_loads_once_per_process(tmp_path: Path, settings: SettingsWrapper) -> None:
    directory = policy_tree(tmp_path, settings)
    first = get_policy("ou")
    (directory / "ou.toml").write_text("not toml at all", encoding="utf-8")

    assert get_policy("ou") is first


def test_r_po1_an_unknown_provider_slug_is_a_clear_error() -> None:
    with pytest.raises(UnknownPolicyError) as raised:
        get_policy("oxford")

    assert str(raised.value) == 'no policy for provider "oxford" in policies (known: ibers, ou, uol)'


def test_r_po2_registry_refuses_to_serve_from_a_broken_policy_dir(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    policy_tree(tmp_path, settings, ou=('version = "2026.1"', 'version = ""'))

    with pytest.raises(PolicyError) as raised:
        get_policy("uol")

    assert str(raised.value) == 'policies/ou.toml: version: must be a version such as 2026.1, got ""'


def test_r_po2_system_check_passes_on_the_shipped_policies() -> None:
    assert check_policies() == []


def test_r_po2_system_check_reports_each_problem_as_e001(tmp_path: Path, settings: SettingsWrapper) -> None:
    policy_tree(
        tmp_path,
        settings,
        uol=('name = "PGDip"\ncredits = 120', 'name = "PGDip"\ncredits = 0'),
        ibers=("pass_mark = 70", "pass_mark = 170"),
    )

    assert check_policies() == [
        Error(
            "policies/ibers.toml: assessment.types[2].pass_mark: must be between 0 and 100, got 170",
            id="microcred.E001",
        ),
        Error("policies/uol.toml: awards.ladder[1].credits: must be > 0, got 0", id="microcred.E001"),
    ]


def test_r_po2_start_up_is_refused_on_a_broken_policy(tmp_path: Path, settings: SettingsWrapper) -> None:
    policy_tree(tmp_path, settings, uol=("pass_mark = 50", "pass_mark = 150"))

    with pytest.raises(
        SystemCheckError, match=r"policies/uol.toml: grading.pass_mark: must be between 0 and 100"
    ):
        call_command("check")


def test_r_po2_system_check_reports_a_missing_policy_dir(tmp_path: Path, settings: SettingsWrapper) -> None:
    settings.BASE_DIR = tmp_path
    settings.POLICY_DIR = tmp_path / "nowhere"

    assert check_policies() == [
        Error("nowhere: policy directory not found (set MICROCRED_POLICY_DIR)", id="microcred.E001")
    ]


def test_r_po2_system_check_reports_an_empty_policy_dir(tmp_path: Path, settings: SettingsWrapper) -> None:
    settings.BASE_DIR = tmp_path
    settings.POLICY_DIR = tmp_path

    assert check_policies() == [Error(".: no *.toml policy files", id="microcred.E001")]


def test_r_po2_policy_check_prints_ok_with_the_version_per_good_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("policy", "check", "policies/ibers.toml", "policies/ou.toml", "policies/uol.toml")

    assert capsys.readouterr().out == (
        "policies/ibers.toml: ok (version 2026.1)\n"
        "policies/ou.toml: ok (version 2026.1)\n"
        "policies/uol.toml: ok (version 2026.1)\n"
    )


def test_r_po2_policy_check_without_files_checks_the_policy_dir(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("policy", "check")

    assert capsys.readouterr().out.count(": ok (version 2026.1)\n") == 3


def test_r_po2_policy_check_reports_bad_files_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "uol.toml"
    broken.write_text((SHIPPED_DIR / "uol.toml").read_text(encoding="utf-8").replace("= 49500", "= -1"))

    with pytest.raises(CommandError) as raised:
        call_command("policy", "check", str(broken), "policies/ou.toml", str(tmp_path / "missing.toml"))

    output = capsys.readouterr()
    assert raised.value.returncode == 2
    assert str(raised.value) == "2 of 3 policy files refused"
    assert output.out == "policies/ou.toml: ok (version 2026.1)\n"
    assert output.err == (
        f"{broken}: tracks[0].price_minor: must be >= 0, got -1\n"
        f"{tmp_path / 'missing.toml'}: file not found\n"
    )


def run_microcred(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SECRET_KEY": "test-only-not-secret", "DJANGO_SETTINGS_MODULE": ""}
    environment.pop("DJANGO_SETTINGS_MODULE")
    return subprocess.run(
        [str(MICROCRED), *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_r_po2_microcred_policy_check_exits_0_on_the_shipped_policies() -> None:
    result = run_microcred("policy", "check", "policies/ibers.toml", "policies/ou.toml", "policies/uol.toml")

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "policies/ibers.toml: ok (version 2026.1)\npolicies/ou.toml: ok (version 2026.1)\n"
        "policies/uol.toml: ok (version 2026.1)\n",
        "",
    )


def test_r_po2_microcred_policy_check_exits_2_on_a_toml_syntax_error(tmp_path: Path) -> None:
    broken = tmp_path / "ou.toml"
    broken.write_text('provider = "ou"\nversion = 2026.1.2\n', encoding="utf-8")

    result = run_microcred("policy", "check", str(broken))

    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"{broken}: TOML syntax error: "
        "Expected newline or end of document after a statement (at line 2, column 17)\n"
        "CommandError: 1 of 1 policy files refused\n"
    )
