"""Trust anchors that do not depend on the official running a draw.

Each module checks one kind of third-party evidence (a public randomness beacon's round, a
time-stamping authority's token) against keys shipped with the package or named in the records.
"""
