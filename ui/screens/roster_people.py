"""The roster's people table: one row a person, cells edited in place (F2, double-click or
typing), whole rows selected, the name and area columns wide enough for real names."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.editing import KeepTextDelegate
from ui.models.participants_model import (
    COL_ACTIVE,
    COL_AREA,
    COL_NAME,
    COL_NOTE,
    ParticipantsModel,
)


def people_table(model: ParticipantsModel) -> QTableView:
    """A table view of ``model`` as the roster screen shows it."""
    table = QTableView()
    table.setAccessibleName("Team members")
    table.setModel(model)
    table.setTabKeyNavigation(False)  # arrows move between cells, Tab moves on
    table.setItemDelegate(KeepTextDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    head = table.horizontalHeader()
    head.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(COL_AREA, QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
    head.setSectionResizeMode(COL_ACTIVE, QHeaderView.ResizeMode.ResizeToContents)
    table.setColumnWidth(COL_NAME, 260)
    table.setColumnWidth(COL_AREA, 280)
    return table
