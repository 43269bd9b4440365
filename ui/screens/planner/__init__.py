"""The session planner, in parts of one job each: the screen that composes them
(``screen``), the session's details (``details``), who is present (``attendance``), the
format library (``library``), the agenda with its undo (``agenda_editor``) and saving the
agenda as a template (``templates``)."""

from ui.screens.planner.screen import PlannerScreen
from ui.screens.planner.templates import SaveTemplateDialog

__all__ = ["PlannerScreen", "SaveTemplateDialog"]
