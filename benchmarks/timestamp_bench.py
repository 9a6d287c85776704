"""Cost of checking one trusted timestamp (RFC 3161 token) per draw.

    python benchmarks/timestamp_bench.py [--rounds 7] [--per-round 200]

Tokens come from the local demo authority (tests/trust/demo_tsa.py): ECDSA P-256 and RSA-2048
signers, directly under the root or through an intermediate. Prints the median over rounds of
the mean time per call: the full `verify_token` (parse, path to the anchor, purpose, CMS
signature by rfc3161-client), rfc3161-client's verification alone, parsing alone, and reading
the anchors of records/config.yaml.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))  # the demo authority lives with the tests

from rfc3161_client import VerifierBuilder, decode_timestamp_response  # noqa: E402

from spotcheck.trust.timestamp import load_anchors, verify_token  # noqa: E402
from tests.trust.demo_tsa import DemoAuthority, issue_certificate  # noqa: E402


def per_call(action: Callable[[], object], rounds: int, per_round: int) -> float:
    """Median over rounds of the mean seconds per call."""
    action()  # warm up
    means = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            action()
        means.append((time.perf_counter() - start) / per_round)
    return statistics.median(means)


def report(label: str, seconds: float) -> None:
    print(f"{label:<52} {seconds * 1e3:8.3f} ms")


def bench_signer(kind: str, digest: bytes, rounds: int, per_round: int) -> None:
    authority = DemoAuthority.create(key_kind=kind)
    token = authority.stamp(digest)
    anchors = [authority.root]
    name = {"ec": "ECDSA P-256", "rsa": "RSA-2048"}[kind]
    report(
        f"verify_token, {name} signer under the root",
        per_call(lambda: verify_token(token, digest, anchors), rounds, per_round),
    )
    verifier = VerifierBuilder(roots=anchors).build()
    report(
        f"  rfc3161-client Verifier.verify alone ({name})",
        per_call(
            lambda: verifier.verify(decode_timestamp_response(token), digest), rounds, per_round
        ),
    )
    report(
        f"  decode_timestamp_response + tst_info ({name})",
        per_call(lambda: decode_timestamp_response(token).tst_info, rounds, per_round),
    )
    intermediate, intermediate_key = issue_certificate(
        authority.root, authority.root_key, "演示中间证书", ca=True
    )
    certificate, key = issue_certificate(intermediate, intermediate_key, "演示下级时间戳服务")
    chained = DemoAuthority(
        authority.root, authority.root_key, certificate, key, [intermediate]
    ).stamp(digest)
    report(
        f"verify_token, {name} signer via an intermediate",
        per_call(lambda: verify_token(chained, digest, anchors), rounds, per_round),
    )
    print(f"{'  token size':<52} {len(token):8d} B ({len(chained)} B with intermediate)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-round", type=int, default=200)
    args = parser.parse_args()
    digest = hashlib.sha256(b"commitment.yaml").digest()
    for kind in ("ec", "rsa"):
        bench_signer(kind, digest, args.rounds, args.per_round)
    records = REPOSITORY / "records"
    config = yaml.safe_load((records / "config.yaml").read_text(encoding="utf-8"))
    report(
        "load_anchors(records/, config) (demo root, PEM)",
        per_call(lambda: load_anchors(records, config), args.rounds, args.per_round),
    )


if __name__ == "__main__":
    main()
