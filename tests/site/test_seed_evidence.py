"""The site shows each draw's seed evidence: the drand round and how to verify it, the
commitment's timestamp (or that only git records its time), 演示 marks, the protocol page."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from spotcheck.trust import drand
from tests.commands.test_draw_command import JOINT, beacon_commit
from tests.commands.test_draw_command import spotcheck as draw_command
from tests.commands.test_draw_seeds import (
    AFTER_ROUND,
    QUICKNET,
    QUICKNET_ROUND,
    STAMPED,
    configure_tsa,
    drand_commit,
)
from tests.fixtures import make_district
from tests.site.conftest import spotcheck
from tests.trust.demo_tsa import DemoAuthority

SIGNATURE = "929906c959032ab363c9f26570d215d66f5c06cb0c44fe508c12bb5839f04ec895bb6868e5b9ff13ab289bdb5266b394"


def text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_task_pages_show_the_seed_and_timestamp_evidence(tmp_path: Path) -> None:
    root = make_district(tmp_path / "district")
    authority = DemoAuthority.create("测试时间戳服务")
    configure_tsa(root, authority)
    prepared = tmp_path / "commitment.yaml"
    assert drand_commit(root, "--prepare", str(prepared)).returncode == 0
    token = tmp_path / "commitment.tsr"
    token.write_bytes(authority.stamp(hashlib.sha256(prepared.read_bytes()).digest(), at=STAMPED))
    assert drand_commit(root, "--timestamp-token", str(token)).returncode == 0
    ran = draw_command(
        root, "draw", "run", "2026-SCJG-01", "--beacon", str(QUICKNET), now=AFTER_ROUND
    )
    assert ran.returncode == 0, ran.stderr
    assert beacon_commit(root, JOINT).returncode == 0  # the other kind, without a token
    assert draw_command(root, "draw", "run", JOINT, "--seed", "7d3f0a9e").returncode == 0

    site = tmp_path / "site"
    built = spotcheck(
        "build", "--repo", str(root), "--site-dir", str(site), "--today", "2026-04-01", "--no-draw"
    )
    assert built.returncode == 0, built.stdout + built.stderr

    page = text(site / "tasks/2026-SCJG-01/index.html")
    chain_hash = drand.get_chain("quicknet").chain_hash
    assert f"第 {QUICKNET_ROUND} 轮" in page
    assert "2024年10月15日 01:13" in page  # the computed round time
    assert (
        f"spotcheck seed drand --chain quicknet --round {QUICKNET_ROUND} --signature {SIGNATURE}"
        in page
    )
    assert f"https://api.drand.sh/{chain_hash}/public/{QUICKNET_ROUND}" in page
    assert "测试时间戳服务 签发，时间 2024年10月15日 01:00" in page
    assert "openssl ts -verify -in commitment.tsr -data commitment.yaml" in page
    assert "演示" in page  # the district is a demo one
    raw = (site / "tasks/2026-SCJG-01/index.html").read_text(encoding="utf-8")
    assert 'href="../../protocol/"' in raw
    assert "commitment.tsr" in raw and "trust/test-tsa/root-ca.pem" in raw

    joint = text(site / f"tasks/{JOINT}/index.html")
    assert "承诺时间仅有 git 记录" in joint
    assert "spotcheck seed drand" not in joint

    assert (
        site / "downloads/draws/2026/2026-SCJG-01/commitment.tsr"
    ).read_bytes() == token.read_bytes()
    assert (site / "downloads/trust/test-tsa/root-ca.pem").is_file()
    protocol = text(site / "protocol/index.html")
    assert "spotcheck-draw/1" in protocol and "drand" in protocol
