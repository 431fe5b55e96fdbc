"""Maintenance scripts run with ``python -m tools.<name>`` from the project root."""
