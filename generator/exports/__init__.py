"""Exports of the records: the task sheet (XLSX), GSXT publication data, open data."""
