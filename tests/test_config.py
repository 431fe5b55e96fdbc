"""Where the database is: option over environment over the user data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoletter_tui.config import Settings


def test_default_database_lives_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUTOLETTER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = Path(Settings().database())
    assert path == tmp_path / "data" / "autoletter-tui" / "autoletter.db"
    assert path.parent.is_dir()  # created on first use, so SQLite can create the file


def test_environment_names_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOLETTER_DB", "postgresql+psycopg://desk@db.internal/autoletter")
    assert Settings().database() == "postgresql+psycopg://desk@db.internal/autoletter"


def test_operator_defaults_to_the_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTOLETTER_OPERATOR", raising=False)
    monkeypatch.setenv("USER", "petra")
    monkeypatch.setenv("LOGNAME", "petra")
    assert Settings().operator_name() == "petra"
    monkeypatch.setenv("AUTOLETTER_OPERATOR", "Support Desk 2")
    assert Settings().operator_name() == "Support Desk 2"
