"""Trust anchors that do not depend on the official running a draw.

Each module checks one kind of evidence against keys shipped with the package, named in the
records, or kept by the public: a public randomness beacon's round (`drand`), a time-stamping
authority's token (`timestamp`), and git history that only grows (`history`, `checkpoint`).
"""
