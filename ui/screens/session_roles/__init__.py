"""The roles of one session: the screen and its window (``screen``, ``dialog``), who is here
(``people``), the team's rules (``team_rules``), the rota as rows (``rota_rows``), and the
dialogs that change a role or a person's opt-outs (``change_dialogs``, ``optout_dialog``)."""

from ui.screens.session_roles.change_dialogs import ReassignDialog, SwapDialog
from ui.screens.session_roles.dialog import SessionRolesDialog
from ui.screens.session_roles.optout_dialog import OptOutDialog
from ui.screens.session_roles.rota_rows import Candidate
from ui.screens.session_roles.screen import SessionRolesScreen

__all__ = [
    "Candidate",
    "OptOutDialog",
    "ReassignDialog",
    "SessionRolesDialog",
    "SessionRolesScreen",
    "SwapDialog",
]
