"""drand seeds and commitment timestamp tokens through `spotcheck draw commit|run|verify`, on
real temporary git repositories, with real published drand beacons and a local demo TSA."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from spotcheck import yamlio
from tests.commands.test_draw_command import TASK, spotcheck, state
from tests.fixtures import git, make_district
from tests.trust.demo_tsa import DemoAuthority, serving

DATA = Path(__file__).resolve().parents[1] / "data" / "drand"
QUICKNET = DATA / "quicknet-12040883.json"  # produced 2024-10-14T17:13:33Z
QUICKNET_ROUND = 12040883
QUICKNET_TIME = "2024-10-15T01:13:33+08:00"
MAINNET = DATA / "mainnet-5347804.json"
BEFORE_ROUND = "2024-10-15T01:00:00+08:00"
AFTER_ROUND = "2024-10-15T01:20:00+08:00"
FOLDER = "records/draws/2026/2026-SCJG-01"
COMMITMENT = f"{FOLDER}/commitment.yaml"
TOKEN = f"{FOLDER}/commitment.tsr"
DRAW = f"{FOLDER}/draw.yaml"


@pytest.fixture
def district(tmp_path: Path) -> Path:
    return make_district(tmp_path / "district")


def drand_commit(
    root: Path, *extra: str, now: str = BEFORE_ROUND, round_number: int = QUICKNET_ROUND
):
    return spotcheck(
        root,
        "draw",
        "commit",
        TASK,
        "--seed-source",
        "drand",
        "--chain",
        "quicknet",
        "--round",
        str(round_number),
        *extra,
        now=now,
    )


def read(root: Path, path: str) -> dict[str, Any]:
    return yamlio.parse((root / path).read_text(encoding="utf-8"), path)


def configure_tsa(root: Path, authority: DemoAuthority, **section: Any) -> None:
    """Trust `authority` in records/config.yaml (its root under records/trust/) and commit."""
    anchor = root / "records/trust/test-tsa/root-ca.pem"
    anchor.parent.mkdir(parents=True, exist_ok=True)
    anchor.write_bytes(authority.root.public_bytes(encoding=_pem()))
    config_path = root / "records/config.yaml"
    config = yamlio.parse(config_path.read_text(encoding="utf-8"), "config.yaml")
    config["timestamp_authority"] = {
        "name": "测试时间戳服务",
        "anchors": ["trust/test-tsa/root-ca.pem"],
        **section,
    }
    config_path.write_text(yamlio.dump(config), encoding="utf-8")
    git(root, "add", "records")
    git(root, "commit", "-q", "-m", "Trust the test time-stamping authority")


def _pem() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.PEM


class FixedTime:
    """An authority that answers requests with a chosen time (a TSA's clock, simulated)."""

    def __init__(self, authority: DemoAuthority, at: datetime) -> None:
        self.authority, self.at = authority, at

    def respond(self, request: bytes) -> bytes:
        return self.authority.respond(request, at=self.at)


def commit_add(root: Path, path: str, data: bytes, message: str = "Add a file") -> None:
    (root / path).write_bytes(data)
    git(root, "add", path)
    git(root, "commit", "-q", "-m", message)


# --- drand seeds -------------------------------------------------------------------------------


def test_a_drand_draw_end_to_end(district: Path) -> None:
    committed = drand_commit(district)
    assert committed.returncode == 0, committed.stderr
    source = read(district, COMMITMENT)["seed_source"]
    assert source == {
        "kind": "drand",
        "chain": "quicknet",
        "round": QUICKNET_ROUND,
        "available_at": QUICKNET_TIME,  # computed from the chain, not typed
    }

    ran = spotcheck(district, "draw", "run", TASK, "--beacon", str(QUICKNET), now=AFTER_ROUND)

    assert ran.returncode == 0, ran.stderr
    draw = read(district, DRAW)
    beacon = json.loads(QUICKNET.read_text(encoding="utf-8"))
    signature = bytes.fromhex(beacon["signature"])
    assert draw["seed"] == hashlib.sha256(signature).hexdigest() == beacon["randomness"]
    assert draw["beacon"] == {"signature": beacon["signature"]}
    assert draw["seed_source"] == source
    verified = spotcheck(district, "draw", "verify", TASK, now=AFTER_ROUND)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "drand 签名核验 1 次" in verified.stdout


def test_a_chained_mainnet_round_keeps_its_previous_signature(district: Path) -> None:
    beacon = json.loads(MAINNET.read_text(encoding="utf-8"))
    committed = spotcheck(
        district,
        "draw",
        "commit",
        TASK,
        "--seed-source",
        "drand",
        "--chain",
        "mainnet",
        "--round",
        str(beacon["round"]),
        now="2025-08-22T20:00:00+08:00",
    )
    assert committed.returncode == 0, committed.stderr
    assert read(district, COMMITMENT)["seed_source"]["available_at"] == "2025-08-22T20:19:00+08:00"

    ran = spotcheck(
        district, "draw", "run", TASK, "--beacon", str(MAINNET), now="2025-08-22T21:00:00+08:00"
    )

    assert ran.returncode == 0, ran.stderr
    draw = read(district, DRAW)
    assert draw["beacon"]["previous_signature"] == beacon["previous_signature"]
    assert draw["seed"] == beacon["randomness"]
    assert spotcheck(district, "draw", "verify", "--all").returncode == 0


def test_round_after_picks_the_first_round_after_that_time(district: Path) -> None:
    committed = drand_commit(district, now=BEFORE_ROUND, round_number=QUICKNET_ROUND)
    assert committed.returncode == 0
    other = make_district(district.parent / "other")
    chosen = spotcheck(
        other,
        "draw",
        "commit",
        TASK,
        "--seed-source",
        "drand",
        "--chain",
        "quicknet",
        "--round-after",
        "2024-10-15T01:13:31+08:00",
        now=BEFORE_ROUND,
    )
    assert chosen.returncode == 0, chosen.stderr
    assert read(other, COMMITMENT)["seed_source"] == read(district, COMMITMENT)["seed_source"]


def test_a_round_not_after_the_commitment_is_refused(district: Path) -> None:
    before = state(district)

    late = drand_commit(district, now=AFTER_ROUND)

    assert late.returncode != 0
    assert "不晚于承诺时间" in late.stderr
    assert state(district) == before


def test_a_typed_time_for_a_drand_round_is_refused(district: Path) -> None:
    typed = drand_commit(district, "--available-at", "2024-10-16T09:00:00+08:00")
    assert typed.returncode != 0
    assert "由链参数算出" in typed.stderr


def test_a_drand_draw_needs_the_verified_signature(district: Path) -> None:
    assert drand_commit(district).returncode == 0
    beacon = json.loads(QUICKNET.read_text(encoding="utf-8"))
    flipped = beacon["signature"][:-1] + ("0" if beacon["signature"][-1] != "0" else "1")
    before = state(district)

    typed = spotcheck(district, "draw", "run", TASK, "--seed", "1234", now=AFTER_ROUND)
    forged = spotcheck(district, "draw", "run", TASK, "--signature", flipped, now=AFTER_ROUND)

    assert typed.returncode != 0 and "请提供该轮签名" in typed.stderr
    assert forged.returncode != 0 and "签名核验失败" in forged.stderr
    assert state(district) == before


def test_a_tampered_signature_in_the_draw_fails_verify(district: Path) -> None:
    assert drand_commit(district).returncode == 0
    ran = spotcheck(district, "draw", "run", TASK, "--beacon", str(QUICKNET), now=AFTER_ROUND)
    assert ran.returncode == 0, ran.stderr
    text = (district / DRAW).read_text(encoding="utf-8")
    signature = read(district, DRAW)["beacon"]["signature"]
    tampered = signature[:10] + ("a" if signature[10] != "a" else "b") + signature[11:]
    commit_add(district, DRAW, text.replace(signature, tampered).encode(), "Edit the draw")

    verified = spotcheck(district, "draw", "verify", TASK)

    assert verified.returncode == 1
    assert f"{DRAW}：签名核验失败" in verified.stdout
    assert "规则 seed.beacon" in verified.stdout


def test_a_reveal_with_the_signature_feeds_the_draw(district: Path) -> None:
    assert drand_commit(district).returncode == 0
    beacon = json.loads(QUICKNET.read_text(encoding="utf-8"))
    reveal = {
        "task": TASK,
        "attempt": 1,
        "seed": beacon["randomness"],
        "signature": beacon["signature"],
        "evidence": "https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/12040883",
    }
    commit_add(district, f"{FOLDER}/reveal.yaml", yamlio.dump(reveal).encode(), "Reveal")

    ran = spotcheck(district, "draw", "run", TASK, now=AFTER_ROUND)

    assert ran.returncode == 0, ran.stderr
    assert read(district, DRAW)["seed"] == beacon["randomness"]
    assert spotcheck(district, "draw", "verify", TASK).returncode == 0


# --- timestamp tokens --------------------------------------------------------------------------


STAMPED = datetime(2024, 10, 14, 17, 0, 5, tzinfo=UTC)  # BEFORE_ROUND, as the TSA's clock says


@pytest.fixture
def authority() -> DemoAuthority:
    return DemoAuthority.create("测试时间戳服务")


def test_commit_gets_a_token_from_the_configured_authority(
    district: Path, authority: DemoAuthority
) -> None:
    with serving(FixedTime(authority, STAMPED)) as url:  # type: ignore[arg-type]
        configure_tsa(district, authority, url=url)
        committed = drand_commit(district)
    assert committed.returncode == 0, committed.stderr
    assert f"可信时间戳已随承诺提交：{TOKEN}" in committed.stdout
    files = git(district, "show", "--name-only", "--format=", "HEAD").split()
    assert TOKEN in files and COMMITMENT in files  # in the same commit

    ran = spotcheck(district, "draw", "run", TASK, "--beacon", str(QUICKNET), now=AFTER_ROUND)
    assert ran.returncode == 0, ran.stderr
    verified = spotcheck(district, "draw", "verify", "--all")
    assert verified.returncode == 0, verified.stdout
    assert "可信时间戳核验 1 次" in verified.stdout
    validated = spotcheck(district, "validate", "--today", "2026-04-01")
    assert validated.returncode == 0, validated.stdout
    assert "不认识的文件" not in validated.stdout  # the layout knows the token file


def test_a_token_obtained_elsewhere_for_the_prepared_commitment(
    district: Path, authority: DemoAuthority, tmp_path: Path
) -> None:
    configure_tsa(district, authority, required=True)
    prepared = tmp_path / "commitment.yaml"
    assert drand_commit(district, "--prepare", str(prepared)).returncode == 0
    assert not (district / COMMITMENT).exists()
    token = tmp_path / "commitment.tsr"
    token.write_bytes(authority.stamp(hashlib.sha256(prepared.read_bytes()).digest(), at=STAMPED))

    later = "2024-10-15T01:07:30+08:00"  # the token came back a while later
    committed = drand_commit(
        district, "--prepared", str(prepared), "--timestamp-token", str(token), now=later
    )

    assert committed.returncode == 0, committed.stderr
    assert (district / TOKEN).read_bytes() == token.read_bytes()
    assert (district / COMMITMENT).read_bytes() == prepared.read_bytes()
    assert read(district, COMMITMENT)["committed_at"] == BEFORE_ROUND
    assert git(district, "log", "-1", "--format=%cI").strip() == later
    ran = spotcheck(district, "draw", "run", TASK, "--beacon", str(QUICKNET), now=AFTER_ROUND)
    assert ran.returncode == 0, ran.stderr
    assert spotcheck(district, "draw", "verify", TASK).returncode == 0


def test_a_prepared_commitment_that_no_longer_matches_is_refused(
    district: Path, authority: DemoAuthority, tmp_path: Path
) -> None:
    configure_tsa(district, authority)
    prepared = tmp_path / "commitment.yaml"
    assert drand_commit(district, "--prepare", str(prepared)).returncode == 0
    prepared.write_bytes(prepared.read_bytes().replace(b"pool_size: ", b"pool_size: 1"))
    before = state(district)

    refused = drand_commit(district, "--prepared", str(prepared), now="2024-10-15T01:07:30+08:00")

    assert refused.returncode != 0 and "不一致" in refused.stderr
    assert state(district) == before


def test_a_required_token_that_is_missing_refuses_the_commitment(
    district: Path, authority: DemoAuthority
) -> None:
    configure_tsa(district, authority, required=True)
    before = state(district)

    refused = drand_commit(district)

    assert refused.returncode != 0
    assert "timestamp_authority.required" in refused.stderr
    assert state(district) == before


def test_a_token_for_another_file_is_refused_at_commit(
    district: Path, authority: DemoAuthority, tmp_path: Path
) -> None:
    configure_tsa(district, authority)
    token = tmp_path / "other.tsr"
    token.write_bytes(authority.stamp(hashlib.sha256(b"another file").digest(), at=STAMPED))
    before = state(district)

    refused = drand_commit(district, "--timestamp-token", str(token))

    assert refused.returncode != 0 and "不是为这个文件签发的" in refused.stderr
    assert state(district) == before


def drawn_without_token(root: Path) -> None:
    assert drand_commit(root).returncode == 0
    ran = spotcheck(root, "draw", "run", TASK, "--beacon", str(QUICKNET), now=AFTER_ROUND)
    assert ran.returncode == 0, ran.stderr


def test_verify_names_file_and_rule_of_a_bad_token(
    district: Path, authority: DemoAuthority
) -> None:
    configure_tsa(district, authority)
    drawn_without_token(district)
    commitment = (district / COMMITMENT).read_bytes()
    digest = hashlib.sha256(commitment).digest()
    stranger = DemoAuthority.create("未配置的时间戳服务")
    cases = {
        "不是为这个文件签发的（规则 timestamp.invalid）": authority.stamp(
            hashlib.sha256(b"another file").digest(), at=STAMPED
        ),
        "签发者不受信任（规则 timestamp.invalid）": stranger.stamp(digest, at=STAMPED),
        "不能证明承诺先于种子（规则 timestamp.after-seed）": authority.stamp(
            digest, at=datetime(2024, 10, 14, 17, 13, 40, tzinfo=UTC)
        ),
    }
    for expected, token in cases.items():
        (district / TOKEN).write_bytes(token)
        git(district, "add", TOKEN)
        git(district, "commit", "-q", "-m", "A token")

        verified = spotcheck(district, "draw", "verify", TASK)

        assert verified.returncode == 1, expected
        assert f"{TOKEN}：" in verified.stdout, verified.stdout
        assert expected in verified.stdout, verified.stdout


def test_verify_fails_a_draw_without_a_required_token(
    district: Path, authority: DemoAuthority
) -> None:
    drawn_without_token(district)
    assert spotcheck(district, "draw", "verify", TASK).returncode == 0
    configure_tsa(district, authority, required=True)

    verified = spotcheck(district, "draw", "verify", TASK)

    assert verified.returncode == 1
    assert f"{TOKEN}：缺少抽取承诺 {COMMITMENT} 的可信时间戳文件" in verified.stdout
    assert "规则 timestamp.missing" in verified.stdout
