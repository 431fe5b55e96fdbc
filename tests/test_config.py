"""Settings: options over the environment over the settings file over defaults; where the
database and the file are; a file with credentials must be private; shops from the file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from autoletter_tui.config import Settings, load_settings
from autoletter_tui.data.db import Database
from autoletter_tui.data.errors import UserError
from autoletter_tui.sources.accounts import configured_accounts, shopify_account
from tests.conftest import AS_OF


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


# -- the settings file ---------------------------------------------------------------------


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("AUTOLETTER_DB", "AUTOLETTER_OPERATOR", "AUTOLETTER_SHOPIFY_SHOP",
                 "AUTOLETTER_SHOPIFY_TOKEN", "AUTOLETTER_BILLBEE_USER"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "config.toml"
    monkeypatch.setenv("AUTOLETTER_CONFIG", str(path))
    return path


def test_options_win_over_the_environment_which_wins_over_the_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(config, 'db = "from-file.db"\noperator = "File"\nrecent_days = 14\n')
    assert (load_settings().db, load_settings().operator) == ("from-file.db", "File")
    monkeypatch.setenv("AUTOLETTER_DB", "from-env.db")
    settings = load_settings()
    assert (settings.db, settings.operator, settings.recent_days) == ("from-env.db", "File", 14)
    assert load_settings(db="from-option.db").db == "from-option.db"
    assert load_settings(db=None).db == "from-env.db"  # an option not given changes nothing


def test_the_file_can_be_named(tmp_path: Path, config: Path) -> None:
    other = write(tmp_path / "desk.toml", 'operator = "Desk 2"\n')
    assert load_settings(other).operator == "Desk 2"
    assert load_settings().operator == ""  # the default path has no file: no error


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('databse = "x.db"\n', "unknown settings: databse"),
        ("db = \n", "is not valid TOML"),
        ('recent_days = "soon"\n', "recent_days: Input should be a valid integer"),
        ('[[shopify_shops]]\ntoken = "t"\n', "shopify_shops.0.shop: Field required"),
    ],
)
def test_a_bad_file_is_refused_with_where_and_what(config: Path, text: str, message: str) -> None:
    write(config, text)
    with pytest.raises(UserError, match=message) as caught:
        load_settings()
    assert str(config) in str(caught.value)


def test_a_file_with_credentials_must_be_private(config: Path) -> None:
    write(config, 'billbee_password = "api-pass"\n', mode=0o644)
    with pytest.raises(UserError, match=r"others can read it \(mode 0644\)") as caught:
        load_settings()
    assert f"chmod 600 {config}" in str(caught.value)
    assert "api-pass" not in str(caught.value)
    config.chmod(0o600)
    assert load_settings().billbee_password is not None
    write(config, 'operator = "Desk"\n', mode=0o644)  # no credentials: others may read it
    assert load_settings().operator == "Desk"
    write(config, '[[shopify_shops]]\nshop = "a"\ntoken = "shpat_x"\n', mode=0o640)
    with pytest.raises(UserError, match="holds credentials"):
        load_settings()


def test_config_init_writes_a_private_template_once(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from autoletter_tui.cli import main

    assert main(["config", "--init"]) == 0
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert load_settings().model_dump() == Settings().model_dump()  # all of it is comments
    assert main(["config", "--init"]) == 2
    assert "There is a config file already" in capsys.readouterr().err
    write(config, 'shopify_shop = "my-store"\nshopify_token = "shpat_secret"\n')
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"Settings file: {config}" in out
    assert "shopify_shop = 'my-store'" in out
    assert "shpat_secret" not in out


def test_the_file_configures_several_shops(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        config,
        """\
shopify_shop = "main-store"
shopify_token = "shpat_main"
[[shopify_shops]]
shop = "second-store"
token = "shpat_second"
[[shopify_shops]]
shop = "third-store.myshopify.com"
[[shopify_shops]]
shop = "evil.example.com"
token = "shpat_x"
""",
    )
    accounts = configured_accounts(load_settings())
    assert [(a.account, a.key.get_secret_value() if a.key else None) for a in accounts] == [
        ("main-store.myshopify.com", "shpat_main"),
        ("second-store.myshopify.com", "shpat_second"),
        ("third-store.myshopify.com", None),
        ("evil.example.com", None),  # shown with why, never sent a token
    ]
    assert [bool(a.problem) for a in accounts] == [False, False, True, True]
    assert (
        str(accounts[2].problem)
        == "Set the token of third-store.myshopify.com in the settings file to sync."
    )
    assert "is not a shop domain" in str(accounts[3].problem)
    # The environment names one shop and its token over the file.
    monkeypatch.setenv("AUTOLETTER_SHOPIFY_SHOP", "second-store")
    monkeypatch.setenv("AUTOLETTER_SHOPIFY_TOKEN", "shpat_env")
    second = shopify_account(load_settings(), "second-store")
    assert second.key is not None
    assert second.key.get_secret_value() == "shpat_env"


async def test_the_theme_and_the_recent_days_reach_the_tui(cast_copy: Database) -> None:
    from textual.widgets import Input

    from autoletter_tui.app import AutoLetterApp
    from autoletter_tui.screens.campaign import CampaignScreen
    from tests.test_app import settle

    app = AutoLetterApp(cast_copy, operator="t", theme="nord", clock=lambda: AS_OF, recent_days=14)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CampaignScreen)
        assert app.screen.query_one("#days", Input).value == "14"


async def test_an_unknown_theme_is_named_and_the_desk_opens(cast_copy: Database) -> None:
    from autoletter_tui.app import AutoLetterApp
    from tests.test_app import settle

    app = AutoLetterApp(cast_copy, operator="t", theme="[b]nope", clock=lambda: AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        (note,) = app._notifications
        assert note.message.startswith("Unknown theme '[b]nope'; known: ")


def test_the_keymap_comes_from_its_table(config: Path) -> None:
    write(config, '[keymap]\n"customers.sync" = "ctrl+y"\n"list.down" = "down,j"\n')
    assert load_settings().keymap == {"customers.sync": "ctrl+y", "list.down": "down,j"}


def test_a_keymap_variable_that_is_no_json_is_named(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOLETTER_KEYMAP", "customers.sync=ctrl+y")
    with pytest.raises(UserError, match=r"^AUTOLETTER_KEYMAP: not valid JSON \(Expecting value"):
        load_settings()
    monkeypatch.setenv("AUTOLETTER_KEYMAP", '{"customers.sync": "ctrl+y"}')
    assert load_settings().keymap == {"customers.sync": "ctrl+y"}


def test_readme_lists_every_setting() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| key (file) |", 1)[1].split("\n\n", 1)[0]
    missing = [name for name in Settings.model_fields if name not in table]
    assert missing == []
