"""The run screen, a package: the screen's composition (``screen``), its keys in one table
(``keys``), the timer and agenda widgets (``timer_view``), the speakers card (``speakers``),
the handover during the run (``handover_flow``), the projector link (``projector``) and the
inline bars and timer settings (``bars``)."""

from ui.screens.run.screen import RunScreen

__all__ = ["RunScreen"]
