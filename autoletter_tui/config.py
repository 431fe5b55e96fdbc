"""Settings: options over environment variables (``AUTOLETTER_...``) over the config file
over defaults.

The config file is TOML (``config.toml`` in the user config directory, e.g.
``~/.config/autoletter-tui/`` on Linux; ``--config`` or ``AUTOLETTER_CONFIG`` name another).
Its keys are the settings' names, those of the environment without the prefix. A file that
holds credentials must not be readable by others: it is refused with what to do. Paths follow
the platform's conventions through platformdirs.
"""

from __future__ import annotations

import getpass
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_path, user_data_path
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from autoletter_tui.data.errors import UserError
from autoletter_tui.i18n import _
from autoletter_tui.library_messages import os_error_text, validation_error_text

APP_NAME = "autoletter-tui"
CONFIG_ENV = "AUTOLETTER_CONFIG"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "autoletter.db"


def default_config_path() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "operator"


class ShopifyShop(BaseModel):
    """One more Shopify shop, from the config file's ``[[shopify_shops]]`` tables."""

    model_config = ConfigDict(extra="forbid")

    shop: str
    """NAME or NAME.myshopify.com."""
    token: SecretStr | None = None
    api_base: str | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTOLETTER_", extra="forbid")

    db: str | None = None
    """Database URL (any SQLAlchemy URL) or SQLite file path; default: the user data dir."""
    operator: str = ""
    """Name recorded in the timeline for edits; default: the login name."""
    language: Literal["", "en", "de", "es"] = ""
    """en, de or es; default: the language of LC_ALL / LC_MESSAGES / LANG, else en."""
    tracking_url: str = "https://scan.autoletter.example/q"
    """Base of the URL in each letter's QR code; the letter's token is appended."""
    theme: str = ""
    """A Textual theme (textual-dark, nord, gruvbox, ...); default: Textual's."""
    recent_days: int = 30
    """A new campaign skips customers who got a letter within this many days (its default)."""
    merge_guests: bool = True
    """Whether a shop sync merges guests (orders without an account) by email like everyone
    else; false: each guest order is an entry of its own."""
    shopify_shop: str = ""
    """The Shopify shop the TUI syncs (NAME.myshopify.com); the command line's default."""
    # Shop credentials: SecretStr keeps them out of reprs, tracebacks and logs.
    shopify_token: SecretStr | None = None
    """Admin API access token of the shop's custom app (read_customers, read_orders)."""
    shopify_api_base: str | None = None
    """A proxy or test server in place of the shop (``--api-base``)."""
    keymap: dict[str, str] = {}
    """Binding id -> key(s), e.g. "customers.sync" = "ctrl+y" (README lists the ids)."""
    shopify_shops: list[ShopifyShop] = []
    """More Shopify shops, each with its own token (config file only)."""
    billbee_api_base: str | None = None
    billbee_api_key: SecretStr | None = None
    billbee_user: str = ""
    billbee_password: SecretStr | None = None
    """The API password from Billbee's settings (not the login password)."""

    def database(self) -> str:
        """The database to open, creating the default location's folder on first use."""
        if self.db:
            return self.db
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    def operator_name(self) -> str:
        return self.operator or _login_name()


# Setting names that hold credentials: a file with any of them must be private.
SECRETS = ("shopify_token", "billbee_api_key", "billbee_password")


def load_settings(config: Path | None = None, **options: Any) -> Settings:
    """The settings: ``options`` (from the command line, None = not given) over the
    environment over the config file at ``config`` (else ``AUTOLETTER_CONFIG``, else the
    default path; a missing file is no error) over defaults. Raises ``UserError`` for a file
    that cannot be read, has unknown keys or bad values, or holds credentials others can
    read."""
    path = config or Path(os.environ.get(CONFIG_ENV) or default_config_path())
    values = read_config(path)

    class FromFile(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return init_settings, env_settings, InitSettingsSource(settings_cls, values)

    try:
        return FromFile(**{k: v for k, v in options.items() if v is not None})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {validation_error_text(e)}"
            for e in error.errors()
        )
        raise UserError(
            _("Settings ({path} or AUTOLETTER_...): {problems}").format(
                path=path, problems=problems
            )
        ) from None
    except SettingsError as error:  # a table given by the environment (keymap) is no JSON
        field = re.search(r'field "(\w+)"', str(error))
        variable = f"AUTOLETTER_{field.group(1).upper()}" if field else "AUTOLETTER_..."
        raise UserError(
            _("{variable}: not valid JSON ({detail})").format(
                variable=variable, detail=error.__cause__ or error
            )
        ) from None


def read_config(path: Path) -> dict[str, Any]:
    """The config file's values ({} when there is none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise UserError(_("{path}: not a text file in UTF-8").format(path=path)) from None
    except OSError as error:
        raise UserError(
            _("Cannot read the config file {path}: {error}").format(
                path=path, error=os_error_text(error)
            )
        ) from None
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(
            _("The config file {path} is not valid TOML: {error}").format(path=path, error=error)
        ) from None
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        raise UserError(
            _("The config file {path} has unknown settings: {unknown} (known: {known})").format(
                path=path, unknown=", ".join(unknown), known=", ".join(Settings.model_fields)
            )
        )
    holds_secrets = any(values.get(k) for k in SECRETS) or any(
        isinstance(shop, dict) and shop.get("token") for shop in values.get("shopify_shops", [])
    )
    if holds_secrets and os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise UserError(
                _(
                    "The config file {path} holds credentials and others can read it (mode "
                    "{mode}). Run: chmod 600 {path} (or give the credentials in the "
                    "environment instead)."
                ).format(path=path, mode=f"{mode:04o}")
            )
    return values


TEMPLATE = """\
# autoletter-tui settings. Environment variables (AUTOLETTER_<NAME>) override these, and
# command-line options override both. Every key is optional; README lists them all.
# This file may hold credentials: keep it private (it was created with mode 0600).

# db = "postgresql+psycopg://desk@db.internal/autoletter"   # or an SQLite file path
# operator = "Support Desk 2"                                # in the timeline of edits
# language = "de"                                            # en, de, es; default: LANG
# theme = "textual-dark"
# recent_days = 30              # a new campaign skips customers with a letter this recent
# tracking_url = "https://scan.autoletter.example/q"
# merge_guests = false          # each guest order its own entry (default: merged by email)

# shopify_shop = "my-store"                  # the Shopify shop to sync
# shopify_token = "shpat_..."                # or AUTOLETTER_SHOPIFY_TOKEN
# [[shopify_shops]]                          # more shops, each with its own token
# shop = "second-store"
# token = "shpat_..."

# billbee_user = "shop@example.de"
# billbee_api_key = "..."
# billbee_password = "..."                   # the API password, not the login password
"""


def write_template(path: Path) -> None:
    """A commented config file, private from the start (mode 0600, no moment of 0644).
    Raises ``UserError`` if there is one already."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UserError(f"There is a config file already: {path}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(TEMPLATE)
