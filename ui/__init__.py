"""The PySide6 desktop app: thin widgets over the ``facilitator`` core. No SQL here."""
