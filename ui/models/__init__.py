"""Qt item models wrapping core objects."""
