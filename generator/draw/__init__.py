"""The pure draw core (docs/protocol.md §1–§3): tickets, sampling, inspector assignment.

Plain data in, plain data out — no files, git or clock — so that an independent verifier can
recompute every draw from the commitment and the seed.  `ALGORITHM_VERSION` names these rules.
"""

from spotcheck.draw.assignment import (
    AssignedOfficer,
    Assignment,
    AssignmentImpossible,
    AssignmentRules,
    Candidate,
    TargetSlotRequest,
    assign,
    assignment_ticket,
)
from spotcheck.draw.sampling import (
    Sample,
    StratumSample,
    StratumSpec,
    population_bytes,
    population_digest,
    sample,
)
from spotcheck.draw.tickets import (
    ALGORITHM_VERSION,
    ordered,
    sha256_hex,
    ticket,
    ticketer,
    uniform,
)

__all__ = [
    "ALGORITHM_VERSION",
    "AssignedOfficer",
    "Assignment",
    "AssignmentImpossible",
    "AssignmentRules",
    "Candidate",
    "Sample",
    "StratumSample",
    "StratumSpec",
    "TargetSlotRequest",
    "assign",
    "assignment_ticket",
    "ordered",
    "population_bytes",
    "population_digest",
    "sample",
    "sha256_hex",
    "ticket",
    "ticketer",
    "uniform",
]
