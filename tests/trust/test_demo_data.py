"""The shipped demo authority: its anchor in records/, its public keys in tests/data, the script."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml

from spotcheck.trust.timestamp import authority_from_config, load_anchors, verify_token
from tests.trust.demo_tsa import DEMO_DIRECTORY, DemoAuthority

REPOSITORY = Path(__file__).resolve().parents[2]
RECORDS = REPOSITORY / "records"


def shipped_config() -> dict[str, object]:
    return yaml.safe_load((RECORDS / "config.yaml").read_text(encoding="utf-8"))


def test_the_example_district_trusts_the_demo_root_and_does_not_require_tokens() -> None:
    config = shipped_config()
    authority = authority_from_config(config)
    assert authority is not None and not authority.required
    assert "演示" in authority.name

    anchors = load_anchors(RECORDS, config)

    assert anchors == [DemoAuthority.load().root]
    readme = (RECORDS / "trust/demo-tsa/README.md").read_text(encoding="utf-8")
    assert "演示数据，不是真正的可信时间戳服务" in readme


def test_the_demo_keys_stamp_tokens_the_shipped_anchor_verifies() -> None:
    demo = DemoAuthority.load()
    digest = hashlib.sha256(b"commitment").digest()
    at = datetime(2026, 3, 2, 1, 30, 15, tzinfo=UTC)

    info = verify_token(demo.stamp(digest, at=at), digest, load_anchors(RECORDS, shipped_config()))

    assert info.gen_time == at
    assert "演示" in info.signer


def test_no_private_key_is_published_with_the_records() -> None:
    for path in RECORDS.rglob("*"):
        if path.is_file() and path.suffix in {".pem", ".key", ".der", ".crt", ".cer"}:
            assert b"PRIVATE KEY" not in path.read_bytes(), path
    assert (DEMO_DIRECTORY / "tsa.key.pem").is_file()


def test_the_demo_script_stamps_a_file(tmp_path: Path) -> None:
    commitment = tmp_path / "commitment.yaml"
    commitment.write_text("task: 2026-SCJG-01\n", encoding="utf-8")

    done = subprocess.run(
        [
            sys.executable,
            str(REPOSITORY / "benchmarks/demo_tsa.py"),
            str(commitment),
            "--at",
            "2026-03-02T09:30:15+08:00",
        ],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "2026-03-02T01:30:15+00:00" in done.stdout
    token = (tmp_path / "commitment.yaml.tsr").read_bytes()
    digest = hashlib.sha256(commitment.read_bytes()).digest()
    info = verify_token(token, digest, load_anchors(RECORDS, shipped_config()))
    assert info.gen_time == datetime(2026, 3, 2, 1, 30, 15, tzinfo=UTC)
