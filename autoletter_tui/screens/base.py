"""What every screen of the desk shares: binding descriptions in the operator's language, and
one way to report a failed worker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from autoletter_tui.i18n import _
from autoletter_tui.widgets.literal import clean

ResultType = TypeVar("ResultType")


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The footer and the keys panel read ``active_bindings``: descriptions (``N_``-marked in
    ``BINDINGS``) are translated as they are read, so a language switch shows at once."""
    return {
        key: active._replace(
            binding=replace(active.binding, description=_(active.binding.description)),
            tooltip=_(active.tooltip) if active.tooltip else "",
        )
        for key, active in bindings.items()
    }


def report_failure(screen: Screen[Any], event: Worker.StateChanged) -> None:
    error = event.worker.error
    if event.state is WorkerState.ERROR and error is not None:
        # markup=False: the message may quote user data or SQL with brackets in it.
        screen.notify(
            clean(f"{type(error).__name__}: {error}".splitlines()[0]),
            title=_("Error"),
            severity="error",
            markup=False,
            timeout=10,
        )


class DeskScreen(Screen[ResultType]):
    """A full screen of the desk.

    Worker state messages go to the node that started the worker and do not bubble, so the
    handling lives here, in the base class of every screen that starts workers.
    """

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)


class DeskModal(ModalScreen[ResultType]):
    """A dialog of the desk (see ``DeskScreen``)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
