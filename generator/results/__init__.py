"""Inspection results: working days, publication deadlines, git history, credit records."""
