"""What every screen of the desk shares."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from autoletter_tui.widgets.literal import clean

ResultType = TypeVar("ResultType")


class DeskScreen(Screen[ResultType]):
    """A screen whose database and network workers report failures in one way.

    Worker state messages go to the node that started the worker and do not bubble, so the
    handling lives here, in the base class of every screen that starts workers.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            # markup=False: the message may quote user data or SQL with brackets in it.
            self.notify(
                clean(f"{type(error).__name__}: {error}".splitlines()[0]),
                title="Error",
                severity="error",
                markup=False,
                timeout=10,
            )
