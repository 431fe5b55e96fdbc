"""Errors an operator can fix; their message is one line, shown without a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Something the operator can act on; the CLI prints it and exits with code 2."""


class DatabaseError(UserError):
    """A database that cannot be used."""


class DemoError(UserError):
    """The demo cannot be built here."""
