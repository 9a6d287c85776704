"""Evidence that a draw's seed could not be chosen: drand beacon seeds and timestamped commitments.

Two kinds of evidence, each checked against keys the official running the draw does not hold
(docs/protocol.md §4.10 and §4.11):

- a **drand seed**: the commitment names a chain and a round; the round's time is computed from
  the chain's genesis and period (`available_at` is never typed); at the draw the round's
  signature is verified against the chain's public key and the seed is its randomness, the
  lowercase hex of SHA-256(signature bytes). The draw (and a reveal) carry the signature, so
  `draw verify` checks it again.
- a **trusted timestamp** (RFC 3161) over the commitment file's bytes, committed beside it as
  `commitment[-n].tsr`: it proves the commitment existed before the seed did, whatever git's
  dates say.

`spotcheck.draw.service` calls this module at a few points of `draw commit | run | verify`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spotcheck import yamlio
from spotcheck.draw.engine import CHINA, DrawError
from spotcheck.layout import RECORDS_DIR
from spotcheck.trust import drand
from spotcheck.trust import timestamp as tsa

DRAND = "drand"
# `--round-after` defaults to now + this: the commitment must be committed and published first.
DEFAULT_MARGIN = dt.timedelta(minutes=10)
TOKEN_SUFFIX = ".tsr"

RULE_BEACON = "seed.beacon"  # the draw's drand signature, seed or round time do not check out
RULE_TOKEN_INVALID = "timestamp.invalid"  # the token does not verify (chain, imprint, signature)
RULE_TOKEN_LATE = "timestamp.after-seed"  # the stamped time is not before the seed existed
RULE_TOKEN_MISSING = "timestamp.missing"  # required by config, and absent


# --- drand seed sources ------------------------------------------------------------------------


def round_time_text(chain: str, round_number: int) -> str:
    """A round's time as the commitment writes `available_at`: China time with its offset."""
    return drand.round_time(chain, round_number).astimezone(CHINA).isoformat()


def choose_round(chain: str, *, after: dt.datetime) -> int:
    """The first round of `chain` whose time is strictly after `after`."""
    found = drand.round_at(chain, after)
    if drand.round_time(chain, found) <= after:
        found += 1
    return found


def drand_source(source: Mapping[str, Any]) -> dict[str, Any]:
    """A drand seed source with `available_at` computed from its chain and round.

    A typed `available_at` is refused unless it is that time: the chain decides, not the official.
    """
    chain_name = source.get("chain")
    round_number = source.get("round")
    if not chain_name or not round_number:
        raise DrawError(
            "种子来源“drand 公共随机信标”须指定链（--chain）和轮次（--round 或 --round-after）"
        )
    try:
        chain = drand.get_chain(str(chain_name))
        computed = round_time_text(chain.name, int(round_number))
    except drand.DrandError as error:
        raise DrawError(str(error)) from None
    typed = source.get("available_at")
    if typed and _moment(str(typed)) != dt.datetime.fromisoformat(computed):
        raise DrawError(
            f"drand {chain.name} 第 {round_number} 轮的时间由链参数算出，为 {computed}；"
            f"不能另填种子产生时间 {typed}（省略 --available-at 即可）"
        )
    return {**source, "chain": chain.name, "round": int(round_number), "available_at": computed}


def parse_time(text: str, what: str) -> dt.datetime:
    """A time given on the command line; China time when no offset is written."""
    moment = _moment(text)
    if moment is None:
        raise DrawError(f"{what} 的时间格式不对：{text}（应为 2024-10-15T01:00:00+08:00）")
    return moment


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


@dataclass(frozen=True)
class BeaconInput:
    """Where `draw run` takes a drand round's signature from (at most one of these)."""

    file: Path | None = None  # drand's JSON for the round (`--beacon`)
    signature: str | None = None
    previous_signature: str | None = None
    fetch: bool = False

    @property
    def given(self) -> bool:
        return self.file is not None or self.signature is not None or self.fetch


def seed_for_run(
    source: Mapping[str, Any],
    typed_seed: str | None,
    given: BeaconInput | None,
    reveal: Mapping[str, Any] | None,
) -> tuple[str | None, dict[str, Any]]:
    """(seed, fields the draw adds) for drawing on a commitment with this seed source.

    For a drand source the seed is the verified round's randomness, from the beacon given or
    the signature recorded in the attempt's reveal; other sources pass the typed seed through.
    """
    if source.get("kind") != DRAND:
        if given is not None and given.given:
            raise DrawError(
                "只有种子来源为 drand 的承诺才使用信标签名（--beacon/--signature/--fetch）"
            )
        return typed_seed, {}
    try:
        beacon = _beacon(source, given, reveal)
    except drand.DrandError as error:
        raise DrawError(str(error)) from None
    if typed_seed is not None and typed_seed != beacon.randomness:
        raise DrawError(
            f"输入的种子 {typed_seed} 不是 drand 第 {beacon.round} 轮的随机数 {beacon.randomness}"
        )
    return beacon.randomness, {"beacon": beacon_record(beacon)}


def beacon_record(beacon: drand.Beacon) -> dict[str, Any]:
    """The draw's `beacon` field: what anyone needs to verify the round again."""
    record: dict[str, Any] = {"signature": beacon.signature.hex()}
    if beacon.previous_signature is not None:
        record["previous_signature"] = beacon.previous_signature.hex()
    return record


def _beacon(
    source: Mapping[str, Any], given: BeaconInput | None, reveal: Mapping[str, Any] | None
) -> drand.Beacon:
    chain, round_number = str(source.get("chain")), int(source.get("round", 0))
    if given is not None and given.file is not None:
        name = str(given.file)
        try:
            text = given.file.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise DrawError(f"无法读取信标文件 {name}：{error.strerror}") from None
        fields = drand.parse_beacon_json(text, name)
        return drand.beacon_from_fields(chain, fields, name, expected_round=round_number)
    if given is not None and given.signature is not None:
        return drand.check_beacon(chain, round_number, given.signature, given.previous_signature)
    if given is not None and given.fetch:
        return drand.fetch_beacon(chain, round_number)
    if reveal is not None and reveal.get("signature"):
        return drand.check_beacon(
            chain, round_number, str(reveal["signature"]), reveal.get("previous_signature")
        )
    raise DrawError(
        f"种子来源为 drand {chain} 第 {round_number} 轮：请提供该轮签名（--beacon 文件、"
        "--signature 十六进制，或联网时 --fetch），或先提交记有签名的种子揭示记录"
    )


def beacon_problems(
    path: str,
    draw: Mapping[str, Any],
    commitment: Mapping[str, Any],
    reveal: Mapping[str, Any] | None,
) -> list[str]:
    """Why a drawn drand seed does not check out (empty when it does, or for other kinds);
    each message starts with the draw file's `path`."""
    return [f"{path}：{problem}" for problem in _beacon_problems(draw, commitment, reveal)]


def _beacon_problems(
    draw: Mapping[str, Any], commitment: Mapping[str, Any], reveal: Mapping[str, Any] | None
) -> list[str]:
    source = commitment.get("seed_source") or {}
    evidence = draw.get("beacon")
    if source.get("kind") != DRAND:
        return (
            ["抽取记录带有信标签名，但承诺的种子来源不是 drand（规则 seed.beacon）"]
            if evidence
            else []
        )
    chain, round_number = str(source.get("chain")), source.get("round")
    problems: list[str] = []
    try:
        computed = round_time_text(chain, int(str(round_number)))
        declared = dt.datetime.fromisoformat(str(source.get("available_at")))
        if declared != dt.datetime.fromisoformat(computed):
            problems.append(
                f"承诺所写的种子产生时间 {source.get('available_at')} 不是 drand {chain} 第 "
                f"{round_number} 轮的时间 {computed}（规则 {RULE_BEACON}）"
            )
        if not isinstance(evidence, Mapping) or not evidence.get("signature"):
            return [
                *problems,
                f"抽取记录缺少 drand 第 {round_number} 轮的签名（规则 {RULE_BEACON}）",
            ]
        beacon = drand.check_beacon(
            chain,
            int(str(round_number)),
            str(evidence["signature"]),
            evidence.get("previous_signature"),
        )
    except (drand.DrandError, ValueError) as error:
        return [*problems, f"{error}（规则 {RULE_BEACON}）"]
    if str(draw.get("seed")) != beacon.randomness:
        problems.append(
            f"种子 {draw.get('seed')} 不是 drand 第 {round_number} 轮签名的 SHA-256 "
            f"{beacon.randomness}（规则 {RULE_BEACON}）"
        )
    revealed = reveal.get("signature") if reveal is not None else None
    if revealed and drand.randomness(str(revealed)) != beacon.randomness:
        problems.append(f"种子揭示记录中的签名与抽取记录中的签名不同（规则 {RULE_BEACON}）")
    return problems


# --- trusted timestamps on commitments -----------------------------------------------------------


def token_path(commitment_path: str) -> str:
    """`…/commitment-2.yaml` → `…/commitment-2.tsr`."""
    return commitment_path.rsplit(".", 1)[0] + TOKEN_SUFFIX


def anchors_on_disk(root: Path, config: Mapping[str, Any]) -> list[Any]:
    """The configured trust anchors, read from the repository's records/."""
    return tsa.load_anchors(root / RECORDS_DIR, config)


def _anchors(root: Path, config: Mapping[str, Any]) -> list[Any]:
    try:
        return tsa.load_anchors(root / RECORDS_DIR, config)
    except tsa.TrustAnchorError as error:
        raise DrawError(str(error)) from None


def commitment_token(
    root: Path,
    config: Mapping[str, Any],
    commitment_file: str,
    commitment_bytes: bytes,
    available_at: str,
    token_file: Path | None,
) -> dict[str, bytes]:
    """The token file to commit beside a commitment ({} when there is none to commit).

    From `token_file` (obtained elsewhere) or from the configured authority's URL; either way it
    is verified before anything is committed. Refused when the configuration requires a token
    and none can be had, or when it stamps a time not before the seed's availability.
    """
    authority = tsa.authority_from_config(config)
    path = token_path(commitment_file)
    digest = hashlib.sha256(commitment_bytes).digest()
    if token_file is not None:
        try:
            token = token_file.read_bytes()
        except OSError as error:
            raise DrawError(f"无法读取时间戳文件 {token_file}：{error.strerror}") from None
        source = str(token_file)
    elif authority is not None and authority.url:
        try:
            token = tsa.obtain_token(authority.url, digest)
        except tsa.TimestampError as error:
            raise DrawError(str(error)) from None
        source = authority.url
    elif authority is not None and authority.required:
        raise DrawError(
            "本区配置（records/config.yaml 的 timestamp_authority.required）要求每份抽取承诺都有"
            "可信时间戳，但没有配置时间戳服务地址（url）：请在别处取得承诺文件的时间戳后用 "
            "--timestamp-token 文件 提交（可先用 --prepare 文件 生成承诺文件）"
        )
    else:
        return {}
    if authority is None:
        raise DrawError(
            "records/config.yaml 没有配置时间戳服务（timestamp_authority）及其信任根证书，"
            "无法核验所给的时间戳"
        )
    try:
        info = tsa.verify_token(token, digest, _anchors(root, config), source=source)
    except tsa.TimestampError as error:
        raise DrawError(f"{error}：时间戳未提交") from None
    available = dt.datetime.fromisoformat(available_at)
    if info.latest >= available:
        raise DrawError(
            f"{source}：时间戳时间 {info.gen_time.isoformat()} 不早于种子产生时间 {available_at}，"
            "不能证明承诺先于种子"
        )
    return {path: token}


def prepared_time(prepared: bytes, now: dt.datetime) -> dt.datetime:
    """The `committed_at` of a commitment file written by `draw commit --prepare`."""
    try:
        data = yamlio.parse(prepared.decode("utf-8"), "commitment")
        moment = _moment(str(data["committed_at"]))
    except (yamlio.YamlSyntaxError, UnicodeDecodeError, KeyError, TypeError):
        moment = None
    if moment is None:
        raise DrawError("所给的承诺文件不是 draw commit --prepare 写出的抽取承诺（缺少承诺时间）")
    if moment > now:
        raise DrawError(f"所给承诺文件的承诺时间 {moment.isoformat()} 晚于现在 {now.isoformat()}")
    return moment


def require_prepared(path: str, computed: bytes, prepared: bytes) -> None:
    """Refuse a prepared commitment that differs from the one computed now (records changed)."""
    if computed != prepared:
        raise DrawError(
            f"所给的承诺文件与按当前记录重新生成的 {path} 不一致（准备之后记录或种子来源有变化？）："
            "请重新 --prepare 并取得时间戳"
        )


@dataclass(frozen=True)
class TokenEvidence:
    """What a commitment's token proves, for `draw verify` and the site."""

    path: str
    info: tsa.TimestampInfo | None  # None: no token, or one that does not verify
    problems: tuple[str, ...]


def token_evidence(
    config: Mapping[str, Any],
    commitment_file: str,
    commitment_bytes: bytes | None,
    token: bytes | None,
    available_at: str,
    anchors: Callable[[], Sequence[Any]],
) -> TokenEvidence:
    """Check a commitment's token: chain to the configured anchors (certificates or their PEM
    bytes, read only when there is a token), imprint = the commitment's SHA-256, stamped time
    (with its accuracy) before the seed's availability."""
    path = token_path(commitment_file)
    authority = tsa.authority_from_config(config)
    if token is None:
        problems = ()
        if authority is not None and authority.required:
            problems = (
                f"{path}：缺少抽取承诺 {commitment_file} 的可信时间戳文件；本区配置要求每份承诺都有"
                f"（timestamp_authority.required）（规则 {RULE_TOKEN_MISSING}）",
            )
        return TokenEvidence(path, None, problems)
    if commitment_bytes is None:
        return TokenEvidence(path, None, (f"{path}：找不到它所证明的承诺文件 {commitment_file}",))
    try:
        roots = list(anchors()) if authority else []
        info = tsa.verify_token(
            token, hashlib.sha256(commitment_bytes).digest(), roots, source=path
        )
    except (tsa.TimestampError, tsa.TrustAnchorError, ValueError) as error:
        return TokenEvidence(path, None, (f"{error}（规则 {RULE_TOKEN_INVALID}）",))
    try:
        available = dt.datetime.fromisoformat(available_at)
    except ValueError:
        return TokenEvidence(path, info, ())
    if available.tzinfo is None:
        available = available.replace(tzinfo=CHINA)
    if info.latest >= available:
        late = (
            f"{path}：时间戳时间 {info.gen_time.astimezone(CHINA).isoformat()}（含误差）不早于种子"
            f"产生时间 {available_at}，不能证明承诺先于种子（规则 {RULE_TOKEN_LATE}）"
        )
        return TokenEvidence(path, info, (late,))
    return TokenEvidence(path, info, ())
