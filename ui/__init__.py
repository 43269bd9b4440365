"""The PySide6 desktop app: thin widgets over the ``facilitator`` core. No SQL here."""

from ui.compat import pin_singletons

pin_singletons()  # before any Qt call: see ui/compat.py
