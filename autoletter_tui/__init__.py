"""autoletter-tui: the keyboard-driven customer desk for AutoLetter."""

__version__ = "0.1.0"
