"""Seeds from the League of Entropy's drand beacons: chain parameters, round times, verification.

Every `period` seconds from its genesis, a drand chain publishes a round: a threshold BLS12-381
signature by the League's key over a message fixed in advance by the round number — quicknet
(unchained) signs sha256(round as 8 bytes big-endian) with signatures on G1; the chained mainnet
(`default`) signs sha256(previous signature ‖ round) with signatures on G2. The round's
randomness is sha256(signature). Nobody, the official running a draw included, can choose or know
it before the round's time, and anyone can check it against the chain's public key, which ships
with this package (`drand_chains.json`) so that a round's time is computed, never typed.

Signatures must be canonical compressed points of the prime-order subgroup: the randomness is a
hash of the signature's bytes, so a second encoding of a valid signature (another point differing
by a small-order component, or a non-reduced coordinate) would be a second "valid" randomness to
choose from.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import struct
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from py_arkworks_bls12381 import GT, G1Point, G2Point

from spotcheck.errors import SpotcheckError, UsageError

CHAIN_NAMES = ("quicknet", "mainnet")
# drand calls the mainnet chain by its beacon id "default"; accept that name too.
CHAIN_ALIASES = {"default": "mainnet"}

# The drand relays of the League of Entropy (HTTP API v1: /{chain hash}/public/{round}).
RELAYS = (
    "https://api.drand.sh",
    "https://api2.drand.sh",
    "https://api3.drand.sh",
    "https://drand.cloudflare.com",
)

_MAX_ROUND = 2**64 - 1  # rounds are unsigned 64-bit in drand's messages
_DATA_FILE = "drand_chains.json"


class DrandError(SpotcheckError):
    """Anything about a drand beacon that ends a command with a Chinese message."""


class UnknownChainError(DrandError, UsageError):
    """The chain name is not one this package ships the parameters of (exit code 2)."""


class BeaconFormatError(DrandError, UsageError):
    """Input that is not a beacon at all: bad hex, wrong length, bad round, bad JSON (exit 2)."""


class BeaconVerificationError(DrandError):
    """A well-formed beacon that the chain's public key does not vouch for (exit code 1)."""


class BeaconUnavailableError(DrandError):
    """The beacon could not be fetched (offline, relays down, round not yet produced)."""


class ChainDataError(DrandError):
    """The shipped chain parameters are inconsistent with their own chain hash."""


@dataclass(frozen=True)
class Scheme:
    """How a drand scheme builds and signs a round's message."""

    id: str
    signature_group: Literal["G1", "G2"]
    chained: bool
    dst: bytes  # RFC 9380 domain separation tag of hash-to-curve

    @property
    def signature_length(self) -> int:
        return 48 if self.signature_group == "G1" else 96


SCHEMES = {
    scheme.id: scheme
    for scheme in (
        Scheme(
            "bls-unchained-g1-rfc9380",
            "G1",
            chained=False,
            dst=b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_",
        ),
        Scheme(
            "pedersen-bls-chained",
            "G2",
            chained=True,
            dst=b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_",
        ),
    )
}


@dataclass(frozen=True)
class Chain:
    """One drand chain's public parameters (as its relays publish them at /{hash}/info)."""

    name: str
    beacon_id: str
    scheme: Scheme
    public_key: bytes
    period: int  # seconds between rounds
    genesis_time: int  # Unix seconds of round 1
    genesis_seed: bytes
    chain_hash: str
    sources: tuple[str, ...]

    @property
    def genesis(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.genesis_time, dt.UTC)

    def computed_hash(self) -> str:
        """drand's chain hash of these parameters (drand common/chain/info.go, Info.Hash)."""
        digest = hashlib.sha256()
        digest.update(struct.pack(">Iq", self.period, self.genesis_time))
        digest.update(self.public_key)
        digest.update(self.genesis_seed)
        if self.beacon_id != "default":  # drand leaves the default id out, for old clients
            digest.update(self.beacon_id.encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class Beacon:
    """A round whose signature has been verified against its chain's public key."""

    chain: Chain
    round: int
    signature: bytes
    previous_signature: bytes | None

    @property
    def randomness(self) -> str:
        return randomness(self.signature)

    @property
    def time(self) -> dt.datetime:
        return round_time(self.chain, self.round)

    def as_json(self) -> dict[str, Any]:
        """The beacon in the shape of drand's HTTP API (v1), for files and `--beacon`."""
        data: dict[str, Any] = {
            "round": self.round,
            "randomness": self.randomness,
            "signature": self.signature.hex(),
        }
        if self.previous_signature is not None:
            data["previous_signature"] = self.previous_signature.hex()
        return data


@dataclass(frozen=True)
class BeaconFields:
    """A beacon as read from drand's JSON, not yet verified."""

    round: int
    signature: str
    previous_signature: str | None
    randomness: str | None


# ---------------------------------------------------------------------------------------------
# Chains


@functools.cache
def chains() -> Mapping[str, Chain]:
    """The chains shipped with the package, each checked against its own chain hash."""
    text = resources.files("spotcheck.trust").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return load_chains(text)


def load_chains(text: str) -> dict[str, Chain]:
    """Chains from the JSON of `drand_chains.json`; ChainDataError if a hash does not match."""
    loaded: dict[str, Chain] = {}
    for name, entry in json.loads(text)["chains"].items():
        chain = Chain(
            name=name,
            beacon_id=entry["beacon_id"],
            scheme=SCHEMES[entry["scheme"]],
            public_key=bytes.fromhex(entry["public_key"]),
            period=int(entry["period"]),
            genesis_time=int(entry["genesis_time"]),
            genesis_seed=bytes.fromhex(entry["genesis_seed"]),
            chain_hash=entry["chain_hash"],
            sources=tuple(entry["sources"]),
        )
        if chain.computed_hash() != chain.chain_hash:
            raise ChainDataError(
                f"随附的 drand 链参数 {name} 与其链哈希 {chain.chain_hash} 不符"
                f"（按参数算得 {chain.computed_hash()}）：{_DATA_FILE} 已被改动"
            )
        loaded[name] = chain
    return loaded


def get_chain(chain: Chain | str) -> Chain:
    """A chain by name (`quicknet`, `mainnet` or drand's `default`), or the chain itself."""
    if isinstance(chain, Chain):
        return chain
    name = CHAIN_ALIASES.get(chain, chain)
    try:
        return chains()[name]
    except KeyError:
        known = "、".join(CHAIN_NAMES)
        raise UnknownChainError(f"未知的 drand 链：{chain}（可用：{known}）") from None


# ---------------------------------------------------------------------------------------------
# Round arithmetic


def _check_round(round_number: int) -> int:
    if isinstance(round_number, bool) or not isinstance(round_number, int):
        raise BeaconFormatError(f"drand 轮次应为整数：{round_number!r}")
    if not 1 <= round_number <= _MAX_ROUND:
        raise BeaconFormatError(f"drand 轮次应在 1 到 {_MAX_ROUND} 之间：{round_number}")
    return round_number


def round_time(chain: Chain | str, round_number: int) -> dt.datetime:
    """When a round is produced (UTC): genesis + (round − 1) × period."""
    chain = get_chain(chain)
    _check_round(round_number)
    try:
        return chain.genesis + dt.timedelta(seconds=(round_number - 1) * chain.period)
    except OverflowError:
        raise BeaconFormatError(f"drand 轮次 {round_number} 过大：其时间超出公元 9999 年") from None


def round_at(chain: Chain | str, moment: dt.datetime) -> int:
    """The first round whose time is at or after `moment` (round 1 for moments before genesis)."""
    chain = get_chain(chain)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise BeaconFormatError(f"时间必须带时区（如 +08:00）：{moment.isoformat()}")
    elapsed_us = (moment - chain.genesis) // dt.timedelta(microseconds=1)
    if elapsed_us <= 0:
        return 1
    period_us = chain.period * 1_000_000
    return 1 + -(-elapsed_us // period_us)  # ceiling division, exact on integers


# ---------------------------------------------------------------------------------------------
# Verification


def randomness(signature: bytes | str) -> str:
    """A round's randomness, as drand derives it: sha256 of the signature's bytes, in hex."""
    if isinstance(signature, str):
        signature = _hex_bytes(signature, "签名")
    return hashlib.sha256(signature).hexdigest()


def beacon_message(
    chain: Chain | str, round_number: int, previous_signature: bytes | None = None
) -> bytes:
    """The 32-byte digest the chain's key signs for a round."""
    chain = get_chain(chain)
    round_bytes = struct.pack(">Q", _check_round(round_number))
    if chain.scheme.chained:
        if previous_signature is None:
            raise BeaconFormatError(
                f"drand {chain.name} 是链式网络，核验第 {round_number} 轮须提供上一轮签名"
                "（previous_signature）"
            )
        return hashlib.sha256(previous_signature + round_bytes).digest()
    return hashlib.sha256(round_bytes).digest()


def verify_beacon(
    chain: Chain | str,
    round_number: int,
    signature: bytes | str,
    previous_signature: bytes | str | None = None,
) -> bool:
    """Whether `signature` is the chain's signature of the round (hex or bytes).

    False for any signature of the right length that is not the chain's canonical signature of
    this round (flipped bits, another round, another previous signature, a point off the curve
    or outside the subgroup, a non-canonical encoding). Raises BeaconFormatError for input that
    is not a signature at all (not hex, wrong length) or lacks the previous signature a chained
    chain needs.
    """
    chain = get_chain(chain)
    signature_bytes, previous_bytes = _signature_inputs(
        chain, round_number, signature, previous_signature
    )
    message = beacon_message(chain, round_number, previous_bytes)
    return _pairing_holds(chain, message, signature_bytes)


def check_beacon(
    chain: Chain | str,
    round_number: int,
    signature: bytes | str,
    previous_signature: bytes | str | None = None,
) -> Beacon:
    """The verified beacon, or BeaconVerificationError with a Chinese message."""
    chain = get_chain(chain)
    signature_bytes, previous_bytes = _signature_inputs(
        chain, round_number, signature, previous_signature
    )
    if not _pairing_holds(
        chain, beacon_message(chain, round_number, previous_bytes), signature_bytes
    ):
        extra = "和上一轮签名" if chain.scheme.chained else ""
        raise BeaconVerificationError(
            f"签名核验失败：该签名不是 drand {chain.name} 网络（链哈希 {chain.chain_hash[:16]}…）"
            f"对第 {round_number} 轮的签名，请核对轮次、签名{extra}是否原样复制"
        )
    return Beacon(chain, round_number, signature_bytes, previous_bytes)


def _signature_inputs(
    chain: Chain,
    round_number: int,
    signature: bytes | str,
    previous_signature: bytes | str | None,
) -> tuple[bytes, bytes | None]:
    _check_round(round_number)
    signature_bytes = (
        _hex_bytes(signature, "签名") if isinstance(signature, str) else bytes(signature)
    )
    expected = chain.scheme.signature_length
    if len(signature_bytes) != expected:
        raise BeaconFormatError(
            f"drand {chain.name} 的签名应为 {expected} 字节（{2 * expected} 个十六进制字符），"
            f"实为 {len(signature_bytes)} 字节"
        )
    if isinstance(previous_signature, str):
        previous_signature = _hex_bytes(previous_signature, "上一轮签名") or None
    if not chain.scheme.chained:
        if previous_signature:
            raise BeaconFormatError(
                f"drand {chain.name} 是非链式网络，每轮只签轮次，不使用上一轮签名"
            )
        return signature_bytes, None
    if previous_signature is None:
        raise BeaconFormatError(
            f"drand {chain.name} 是链式网络，核验第 {round_number} 轮须提供上一轮签名"
            "（previous_signature）"
        )
    # Round 1 chains from the genesis seed; every later round from a signature.
    allowed = {expected} | ({len(chain.genesis_seed)} if round_number == 1 else set())
    if len(previous_signature) not in allowed:
        raise BeaconFormatError(
            f"drand {chain.name} 的上一轮签名应为 {expected} 字节，实为 {len(previous_signature)} 字节"
        )
    return signature_bytes, bytes(previous_signature)


@functools.cache
def _public_key_g1(chain: Chain) -> G1Point:
    return G1Point.from_compressed_bytes(chain.public_key)


@functools.cache
def _public_key_g2(chain: Chain) -> G2Point:
    return G2Point.from_compressed_bytes(chain.public_key)


def _pairing_holds(chain: Chain, message: bytes, signature: bytes) -> bool:
    """e(signature, generator) == e(hash_to_curve(message), public key), on canonical points.

    `from_compressed_bytes` checks that the point is on the curve and in the prime-order
    subgroup; re-encoding it checks that these bytes are its one canonical encoding.
    """
    dst = chain.scheme.dst
    on_g1 = chain.scheme.signature_group == "G1"
    public_key = _public_key_g2(chain) if on_g1 else _public_key_g1(chain)
    try:
        if on_g1:
            point_g1 = G1Point.from_compressed_bytes(signature)
            if point_g1.to_compressed_bytes() != signature:
                return False
            hashed_g1 = G1Point.hash_to_curve(message, dst)
            return GT.pairing_check([point_g1, -hashed_g1], [G2Point(), public_key])
        point_g2 = G2Point.from_compressed_bytes(signature)
        if point_g2.to_compressed_bytes() != signature:
            return False
        hashed_g2 = G2Point.hash_to_curve(message, dst)
        return GT.pairing_check([G1Point(), -public_key], [point_g2, hashed_g2])
    except ValueError:  # not a point of the group
        return False


def _hex_bytes(text: str, what: str) -> bytes:
    cleaned = "".join(text.split())
    if cleaned[:2].lower() == "0x":
        cleaned = cleaned[2:]
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
        raise BeaconFormatError(f"{what}不是十六进制字符串：{shown}") from None


# ---------------------------------------------------------------------------------------------
# drand's JSON (HTTP API v1 and v2), from a file or a relay


def parse_beacon_json(text: str, source: str) -> BeaconFields:
    """The fields of a beacon as drand's HTTP API returns it; `source` names it in messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BeaconFormatError(
            f"{source}:{error.lineno}:{error.colno}：不是有效的 JSON（{error.msg}）"
        ) from None
    if not isinstance(data, dict):
        raise BeaconFormatError(f"{source}：应为 drand 信标的 JSON 对象（含 round、signature）")
    round_number = data.get("round")
    if isinstance(round_number, bool) or not isinstance(round_number, int):
        raise BeaconFormatError(f"{source}：字段 round（轮次）应为正整数，实为 {round_number!r}")
    fields: dict[str, str | None] = {}
    for key, title, required in (
        ("signature", "签名", True),
        ("previous_signature", "上一轮签名", False),
        ("randomness", "随机数", False),
    ):
        value = data.get(key)
        if value is None and not required:
            fields[key] = None
        elif not isinstance(value, str) or (required and not value.strip()):
            raise BeaconFormatError(f"{source}：字段 {key}（{title}）应为十六进制字符串")
        else:
            fields[key] = value.strip() or None
    assert fields["signature"] is not None
    return BeaconFields(
        round_number, fields["signature"], fields["previous_signature"], fields["randomness"]
    )


def beacon_from_fields(
    chain: Chain | str, fields: BeaconFields, source: str, expected_round: int | None = None
) -> Beacon:
    """Verify a beacon read from JSON: the round asked for, the signature, its randomness."""
    chain = get_chain(chain)
    if expected_round is not None and fields.round != expected_round:
        raise BeaconVerificationError(
            f"{source}：这是第 {fields.round} 轮的信标，不是所要的第 {expected_round} 轮"
        )
    beacon = check_beacon(chain, fields.round, fields.signature, fields.previous_signature)
    if fields.randomness is not None:
        stated = _hex_bytes(fields.randomness, "随机数").hex()
        if stated != beacon.randomness:
            raise BeaconVerificationError(
                f"{source}：randomness（随机数）{stated} 不是签名的 SHA-256 {beacon.randomness}"
            )
    return beacon


def fetch_beacon(
    chain: Chain | str,
    round_number: int,
    *,
    relays: Sequence[str] = RELAYS,
    timeout: float = 10.0,
    now: dt.datetime | None = None,
) -> Beacon:
    """Fetch a round from the League's relays over HTTPS and verify it (relays are not trusted)."""
    chain = get_chain(chain)
    due = round_time(chain, round_number)
    current = now or dt.datetime.now(dt.UTC)
    if due > current:
        raise BeaconUnavailableError(
            f"drand {chain.name} 第 {round_number} 轮要到 {due.isoformat()} 才产生，现在还取不到"
        )
    failures: list[str] = []
    for relay in relays:
        url = f"{relay.rstrip('/')}/{chain.chain_hash}/public/{round_number}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                body = response.read(64 * 1024).decode("utf-8")
        except urllib.error.HTTPError as error:
            failures.append(f"{relay}：HTTP {error.code}")
            continue
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "reason", error)
            failures.append(f"{relay}：{reason}")
            continue
        try:
            fields = parse_beacon_json(body, url)
            return beacon_from_fields(chain, fields, url, expected_round=round_number)
        except DrandError as error:  # a relay is not trusted: say why, try the next one
            failures.append(f"{relay}：{error}")
    raise BeaconUnavailableError(
        f"无法从 drand 中继取得 {chain.name} 第 {round_number} 轮（是否离线？）："
        + "；".join(failures)
        + "。离线时可在联网的电脑上取得该轮的 JSON，用 --beacon 文件 或 --signature 提供"
    )
