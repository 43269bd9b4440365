"""Shipped data: fonts, icons, sounds and the format library. Reach it via facilitator.assets."""
