"""Stamp a file with the DEMO time-stamping authority — 演示用, never a real 可信时间戳.

    python benchmarks/demo_tsa.py FILE [--at 2026-03-02T09:30:15Z] [--out FILE.tsr]
    python benchmarks/demo_tsa.py --new-keys

Writes a DER TimeStampResp over FILE's SHA-256 (default FILE.tsr beside it), verifies it with
`spotcheck.trust.timestamp.verify_token` against records/trust/demo-tsa/root-ca.pem, and prints
the stamped time. `--at` backdates the stamp at will: that is exactly why the demo authority,
whose keys are public in tests/data/demo-tsa/, proves nothing — it only shows the format and the
checks. `--new-keys` makes a new root and TSA certificate (valid 2024–2045: the example draw
seeded by a real 2024 drand round is stamped in 2024), writing the keys to
tests/data/demo-tsa/ and the root certificate to records/trust/demo-tsa/root-ca.pem; tokens
stamped before then no longer verify.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))  # the demo authority lives with the tests

from spotcheck.trust.timestamp import verify_token  # noqa: E402
from tests.trust.demo_tsa import DEMO_DIRECTORY, DemoAuthority  # noqa: E402

ANCHOR = REPOSITORY / "records" / "trust" / "demo-tsa" / "root-ca.pem"
VALID_FROM, VALID_UNTIL = datetime(2024, 1, 1, tzinfo=UTC), datetime(2045, 1, 1, tzinfo=UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="the file to stamp")
    parser.add_argument("--at", help="stamped time, ISO 8601 (default: now)")
    parser.add_argument("--out", type=Path, help="token file (default: FILE.tsr)")
    parser.add_argument("--new-keys", action="store_true", help="regenerate the demo authority")
    args = parser.parse_args()

    if args.new_keys:
        authority = DemoAuthority.create(
            root_validity=(VALID_FROM, VALID_UNTIL), not_before=VALID_FROM, not_after=VALID_UNTIL
        )
        authority.save(DEMO_DIRECTORY)
        ANCHOR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEMO_DIRECTORY / "root-ca.pem", ANCHOR)
        print(f"demo authority written to {DEMO_DIRECTORY} and {ANCHOR}")
        if args.file is None:
            return 0
    if args.file is None:
        parser.error("FILE is required")

    at = datetime.fromisoformat(args.at.replace("Z", "+00:00")) if args.at else None
    if at is not None and at.tzinfo is None:
        parser.error("--at needs a time zone, e.g. 2026-03-02T09:30:15Z or +08:00")
    digest = hashlib.sha256(args.file.read_bytes()).digest()
    token = DemoAuthority.load().stamp(digest, at=at)
    info = verify_token(token, digest, [ANCHOR.read_bytes()])
    out = args.out or args.file.with_name(args.file.name + ".tsr")
    out.write_bytes(token)
    print(f"{out}: demo token over sha256 {digest.hex()}")
    print(f"stamped at {info.gen_time.isoformat()} (no later than {info.latest.isoformat()})")
    print(f"signer {info.signer}; anchor {info.anchor}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
