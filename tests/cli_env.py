"""A store home holding the committed sample, loaded through the command line, for the CLI tests."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.settings import SAMPLE_DIR

#: The date the CLI tests load the sample at.
AS_OF = "2026-11-01"


def loaded_sample(root: Path, lang: str = "zh") -> dict[str, str]:
    """The environment of a fresh store home under ``root`` with the sample loaded at :data:`AS_OF`
    (its own pseudonymization key beside it)."""
    env = {"GONGJIAN_HOME": str(root / "home"), "GONGJIAN_KEY_FILE": str(root / "key"), "GONGJIAN_LANG": lang}
    result = CliRunner().invoke(app, ["load", str(SAMPLE_DIR), "--as-of", AS_OF], env=env)
    assert result.exit_code == 0, result.output
    return env
