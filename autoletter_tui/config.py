"""Settings: environment variables (``AUTOLETTER_...``) over defaults; options over both.

Paths follow the platform's conventions through platformdirs (on Linux the database lives in
``~/.local/share/autoletter-tui/``).
"""

from __future__ import annotations

import getpass
from pathlib import Path

from platformdirs import user_data_path
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "autoletter-tui"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "autoletter.db"


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "operator"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTOLETTER_", extra="ignore")

    db: str | None = None
    """Database URL (any SQLAlchemy URL) or SQLite file path; default: the user data dir."""
    operator: str = ""
    """Name recorded in the timeline for edits; default: the login name."""
    tracking_url: str = "https://scan.autoletter.example/q"
    """Base of the URL in each letter's QR code; the letter's token is appended."""
    shopify_shop: str = ""
    """The Shopify shop the TUI syncs (NAME.myshopify.com); the command line's default."""
    # Shop credentials: SecretStr keeps them out of reprs, tracebacks and logs.
    shopify_token: SecretStr | None = None
    """Admin API access token of the shop's custom app (read_customers, read_orders)."""
    shopify_api_base: str | None = None
    """A proxy or test server in place of the shop (``--api-base``)."""
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
