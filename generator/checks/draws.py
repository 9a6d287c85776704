"""Draws and results across records (filled in with the draw and result record kinds)."""

from __future__ import annotations

DRAW_CHECKS: tuple = ()
