"""The attempts of a task's draw: commitment, reveal, draw and void records by attempt number,
and which draw is live.

A draw is live unless a void record names its task and attempt; a task's live draw is its
live draw of the highest attempt (a new attempt needs the previous one voided first, so
there is at most one in valid records). Every command, check, export and page asks here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spotcheck.records import Record, RecordSet

# record kind → the `Attempts` field that holds it
ATTEMPT_KINDS = (
    ("commitment", "commitments"),
    ("draw", "draws"),
    ("void", "voids"),
    ("reveal", "reveals"),
)


def attempt_of(record: Record) -> int:
    """The attempt a commitment, reveal, draw or void record belongs to (1 when unstated)."""
    value = record.data.get("attempt", 1)
    return value if isinstance(value, int) else 1


@dataclass
class Attempts:
    """The commitments, reveals, draws and voids of one task, by attempt number."""

    commitments: dict[int, Record] = field(default_factory=dict)
    draws: dict[int, Record] = field(default_factory=dict)
    voids: dict[int, Record] = field(default_factory=dict)
    reveals: dict[int, Record] = field(default_factory=dict)

    @property
    def latest(self) -> int:
        return max([*self.commitments, *self.draws, 0])

    @property
    def open_attempt(self) -> int | None:
        """The latest attempt if it is not voided (the one a draw step continues)."""
        latest = self.latest
        return latest if latest and latest not in self.voids else None

    @property
    def numbers(self) -> list[int]:
        """Every attempt with a commitment, draw or void, newest first."""
        return sorted({*self.commitments, *self.draws, *self.voids}, reverse=True)

    @property
    def live_attempt(self) -> int | None:
        live = [n for n in self.draws if n not in self.voids]
        return max(live) if live else None

    @property
    def live_draw(self) -> Record | None:
        attempt = self.live_attempt
        return self.draws[attempt] if attempt is not None else None

    @property
    def verify_attempt(self) -> int | None:
        """The attempt a reader should verify: the live draw, else the latest draw."""
        live = self.live_attempt
        return live if live is not None else (max(self.draws) if self.draws else None)

    @property
    def uncommitted(self) -> bool:
        """The live draw was made without a prior commitment."""
        draw = self.live_draw
        return draw is not None and draw.data.get("pre_committed") is False


def attempts_by_task(records: RecordSet) -> dict[str, Attempts]:
    """Every task's attempts, for each task any attempt record names."""
    found: dict[str, Attempts] = {}
    for kind, bucket in ATTEMPT_KINDS:
        for record in records.of(kind):
            attempts = found.setdefault(str(record.data.get("task")), Attempts())
            # two records of one attempt are an error (checks/identity); the first one counts
            getattr(attempts, bucket).setdefault(attempt_of(record), record)
    return found


def attempts_of(records: RecordSet, task_id: str) -> Attempts:
    found = Attempts()
    for kind, bucket in ATTEMPT_KINDS:
        for record in records.of(kind):
            if str(record.data.get("task")) == task_id:
                getattr(found, bucket).setdefault(attempt_of(record), record)
    return found


def live_draws(records: RecordSet) -> list[Record]:
    """Every draw record that has not been voided, in record order."""
    voided = {(str(v.data.get("task")), attempt_of(v)) for v in records.of("void")}
    return [d for d in records.of("draw") if (str(d.data.get("task")), attempt_of(d)) not in voided]
