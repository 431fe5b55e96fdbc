"""Every key binding of the app by its id, for the settings' ``[keymap]`` (which rebinds them
through Textual's keymap) and for checking that keymap."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode

from autoletter_tui import screens, widgets


@dataclass(frozen=True, slots=True)
class BindingInfo:
    key: str  # the default key(s)
    where: str  # the class that holds it: keys clash only within one


@cache
def all_bindings() -> dict[str, BindingInfo]:
    """The bindings of the app, its screens and its widgets, by id."""
    from autoletter_tui.app import AutoLetterApp

    classes: list[type[object]] = [AutoLetterApp]
    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            loaded = importlib.import_module(module.name)
            classes += [
                cls for _, cls in inspect.getmembers(loaded, inspect.isclass)
                if cls.__module__ == loaded.__name__
            ]  # fmt: skip
    found: dict[str, BindingInfo] = {}
    for cls in classes:
        if not (issubclass(cls, DOMNode) or cls is AutoLetterApp):
            continue
        for binding in vars(cls).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(
                    binding.id,
                    BindingInfo(binding.key, cls.__name__),
                )
    return found


def _keys(text: str) -> set[str]:
    from textual.app import App

    # Textual's own spelling ("?" -> "question_mark"), so that "?" and "question_mark" meet.
    return set(App._normalize_keymap({"k": text})["k"].split(","))


def clashes(keymap: Mapping[str, str]) -> list[str]:
    """Bindings that lose their key to the keymap: another binding of the same screen or
    widget was given it (Textual keeps the keymap's). As ``id (key)``."""
    bindings = all_bindings()
    keys = {i: _keys(keymap[i]) if i in keymap else _keys(b.key) for i, b in bindings.items()}
    lost = []
    for given, new in keymap.items():
        if given not in bindings:
            continue
        for other, info in bindings.items():
            if other == given or info.where != bindings[given].where:
                continue
            taken = keys[other] & _keys(new)
            if taken and (other not in keymap or other < given):  # a pair once
                lost.append(f"{other} ({', '.join(sorted(taken))})")
    return sorted(lost)
