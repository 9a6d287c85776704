"""`spotcheck seed drand`, run as a real process on real League of Entropy rounds."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "drand"
VECTORS = json.loads((DATA / "vectors.json").read_text(encoding="utf-8"))
QUICKNET = next(v for v in VECTORS["quicknet"] if v["round"] == 12040883)
MAINNET = next(v for v in VECTORS["mainnet"] if v["round"] == 5347804)


def spotcheck(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


def seed(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return spotcheck("seed", "drand", *args, **kwargs)


def _flip(hex_text: str, bit: int) -> str:
    data = bytearray(bytes.fromhex(hex_text))
    data[bit // 8] ^= 0x80 >> (bit % 8)
    return data.hex()


def test_a_real_quicknet_round_prints_its_randomness_then_time_and_chain() -> None:
    result = seed(
        "--chain", "quicknet", "--round", "12040883", "--signature", QUICKNET["signature"]
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == hashlib.sha256(bytes.fromhex(QUICKNET["signature"])).hexdigest()
    assert lines[0] == "173df1f57805453a8d2015268205d68147de12cafc2f451f7bc6adadca3571b3"
    text = "\n".join(lines[1:])
    assert "drand quicknet" in text
    assert "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971" in text
    assert "轮次：12040883" in text
    assert "轮次时间：2024-10-15 01:13:33 北京时间（2024-10-14T17:13:33Z）" in text


def test_a_real_mainnet_round_needs_and_checks_its_previous_signature() -> None:
    args = ["--chain", "mainnet", "--round", "5347804", "--signature", MAINNET["signature"]]
    result = seed(*args, "--previous-signature", MAINNET["previous_signature"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == MAINNET["published_randomness"]
    assert "2025-08-22T12:19:00Z" in result.stdout

    missing = seed(*args)
    assert missing.returncode == 2
    assert "须提供上一轮签名" in missing.stderr

    wrong = seed(*args, "--previous-signature", _flip(MAINNET["previous_signature"], 300))
    assert wrong.returncode == 1
    assert "签名核验失败" in wrong.stderr and not wrong.stdout


def test_altered_signatures_and_wrong_rounds_exit_1_with_a_chinese_message() -> None:
    for bit in (2, 77, 383):
        result = seed(
            "--chain", "quicknet", "--round", "12040883",
            "--signature", _flip(QUICKNET["signature"], bit),
        )  # fmt: skip
        assert result.returncode == 1, bit
        assert "错误：签名核验失败" in result.stderr and not result.stdout
    other_round = seed(
        "--chain", "quicknet", "--round", "12040884", "--signature", QUICKNET["signature"]
    )
    assert other_round.returncode == 1
    assert "第 12040884 轮" in other_round.stderr


def test_bad_arguments_exit_2() -> None:
    signature = QUICKNET["signature"]
    for args, message in (
        (["--chain", "quicknet", "--round", "1", "--signature", "xyz"], "不是十六进制"),
        (["--chain", "quicknet", "--round", "1", "--signature", signature[:-2]], "48 字节"),
        (["--chain", "fastnet", "--round", "1", "--signature", signature], "未知的 drand 链"),
        (["--chain", "quicknet", "--round", "0", "--signature", signature], "轮次应为正整数"),
        (["--chain", "quicknet", "--signature", signature], "--round"),
        (["--chain", "quicknet", "--round", "1"], "--signature"),
    ):
        result = seed(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)


def test_a_beacon_file_from_drands_http_api_for_air_gapped_machines(tmp_path: Path) -> None:
    result = seed("--chain", "mainnet", "--beacon", str(DATA / "mainnet-5347804.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == MAINNET["published_randomness"]

    pasted = (DATA / "quicknet-12040883.json").read_text(encoding="utf-8")
    from_stdin = seed("--chain", "quicknet", "--round", "12040883", "--beacon", "-", stdin=pasted)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout.splitlines()[0] == json.loads(pasted)["randomness"]

    asked_another = seed("--chain", "quicknet", "--round", "99", "--beacon", "-", stdin=pasted)
    assert asked_another.returncode == 1
    assert "不是所要的第 99 轮" in asked_another.stderr

    forged = json.loads(pasted) | {"signature": _flip(QUICKNET["signature"], 9)}
    forged_file = tmp_path / "forged.json"
    forged_file.write_text(json.dumps(forged), encoding="utf-8")
    rejected = seed("--chain", "quicknet", "--beacon", str(forged_file))
    assert rejected.returncode == 1 and "签名核验失败" in rejected.stderr

    broken = tmp_path / "broken.json"
    broken.write_text('{"round": 12040883,\n "signature": }', encoding="utf-8")
    unreadable = seed("--chain", "quicknet", "--beacon", str(broken))
    assert unreadable.returncode == 2
    assert f"{broken}:2:" in unreadable.stderr

    missing = seed("--chain", "quicknet", "--beacon", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "找不到信标文件" in missing.stderr


def test_json_output_for_scripts() -> None:
    result = seed(
        "--chain", "quicknet", "--round", "12040883",
        "--signature", QUICKNET["signature"], "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {
        "chain": "quicknet",
        "chain_hash": "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
        "round_time": "2024-10-14T17:13:33Z",
        "round": 12040883,
        "randomness": "173df1f57805453a8d2015268205d68147de12cafc2f451f7bc6adadca3571b3",
        "signature": QUICKNET["signature"],
    }
