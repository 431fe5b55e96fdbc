"""How a customer is named on screen."""

from __future__ import annotations


def display_name(first_name: str, last_name: str, email: str) -> str:
    """First and last name; the email when there is no name."""
    return f"{first_name} {last_name}".strip() or email.strip()
