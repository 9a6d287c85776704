"""drand beacons: shipped chain parameters, round arithmetic, and verification on real rounds.

The vectors in tests/data/drand/vectors.json are real League of Entropy rounds found in drand's
documentation and public repositories (each names its source); nothing here uses the network
except a relay served on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spotcheck.trust import drand
from spotcheck.trust.drand import (
    BeaconFormatError,
    BeaconUnavailableError,
    BeaconVerificationError,
    ChainDataError,
    UnknownChainError,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "drand"
VECTORS: dict[str, list[dict[str, Any]]] = json.loads(
    (DATA / "vectors.json").read_text(encoding="utf-8")
)
QUICKNET = VECTORS["quicknet"]
MAINNET = VECTORS["mainnet"]
ALL = [("quicknet", v) for v in QUICKNET] + [("mainnet", v) for v in MAINNET]
UTC = dt.UTC


def _id(item: tuple[str, dict[str, Any]]) -> str:
    return f"{item[0]}-{item[1]['round']}"


def _flip(hex_text: str, bit: int) -> str:
    data = bytearray(bytes.fromhex(hex_text))
    data[bit // 8] ^= 0x80 >> (bit % 8)
    return data.hex()


def _verify(chain: str, vector: dict[str, Any], **changes: Any) -> bool:
    fields = {
        "round_number": vector["round"],
        "signature": vector["signature"],
        "previous_signature": vector.get("previous_signature"),
        **changes,
    }
    return drand.verify_beacon(chain, **fields)


# --- chain parameters ----------------------------------------------------------------------


def test_shipped_chains_match_their_published_chain_hashes() -> None:
    quicknet = drand.get_chain("quicknet")
    mainnet = drand.get_chain("mainnet")
    assert quicknet.chain_hash == "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
    assert mainnet.chain_hash == "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce"
    for chain in (quicknet, mainnet):
        assert chain.computed_hash() == chain.chain_hash
    assert (quicknet.period, quicknet.genesis_time) == (3, 1692803367)
    assert (mainnet.period, mainnet.genesis_time) == (30, 1595431050)
    assert quicknet.scheme.signature_group == "G1" and not quicknet.scheme.chained
    assert mainnet.scheme.signature_group == "G2" and mainnet.scheme.chained
    assert drand.get_chain("default") is mainnet  # drand's own name for the mainnet beacon


def test_a_changed_key_period_or_genesis_in_the_data_file_is_refused() -> None:
    text = (Path(drand.__file__).parent / "drand_chains.json").read_text(encoding="utf-8")
    assert set(drand.load_chains(text)) == {"quicknet", "mainnet"}
    pristine = json.loads(text)
    for field, value in (
        ("period", 4),
        ("genesis_time", 1692803368),
        ("public_key", "a" + pristine["chains"]["quicknet"]["public_key"][1:]),
        ("beacon_id", "default"),
    ):
        tampered = json.loads(text)
        tampered["chains"]["quicknet"][field] = value
        with pytest.raises(ChainDataError, match="quicknet"):
            drand.load_chains(json.dumps(tampered))


def test_unknown_chain_names_are_a_usage_error() -> None:
    with pytest.raises(UnknownChainError, match="未知的 drand 链：fastnet") as caught:
        drand.get_chain("fastnet")
    assert caught.value.exit_code == 2


# --- real beacons --------------------------------------------------------------------------


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_real_beacons_verify_and_give_the_published_randomness(
    item: tuple[str, dict[str, Any]],
) -> None:
    chain, vector = item
    assert _verify(chain, vector)
    beacon = drand.check_beacon(
        chain, vector["round"], vector["signature"], vector.get("previous_signature")
    )
    expected = hashlib.sha256(bytes.fromhex(vector["signature"])).hexdigest()
    assert beacon.randomness == expected == drand.randomness(vector["signature"])
    if "published_randomness" in vector:
        assert beacon.randomness == vector["published_randomness"]


def test_there_are_several_real_vectors_per_chain() -> None:
    assert len(QUICKNET) >= 3 and len(MAINNET) >= 3
    assert all(v["url"].startswith("https://") for _, v in ALL)


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_another_round_does_not_verify(item: tuple[str, dict[str, Any]]) -> None:
    chain, vector = item
    for other in (vector["round"] + 1, vector["round"] + 1000):
        if chain == "mainnet" and vector["round"] == 1:  # only round 1 follows the genesis seed
            with pytest.raises(BeaconFormatError, match="96 字节"):
                _verify(chain, vector, round_number=other)
        else:
            assert not _verify(chain, vector, round_number=other)
    if vector["round"] > 1:
        assert not _verify(chain, vector, round_number=vector["round"] - 1)


@pytest.mark.parametrize("vector", MAINNET, ids=lambda v: str(v["round"]))
def test_a_wrong_previous_signature_does_not_verify(vector: dict[str, Any]) -> None:
    previous = vector["previous_signature"]
    assert not _verify("mainnet", vector, previous_signature=_flip(previous, 100))
    assert not _verify("mainnet", vector, previous_signature=_flip(previous, len(previous) * 4 - 1))
    others = [
        v["signature"] for v in MAINNET if v["signature"] not in (vector["signature"], previous)
    ]
    if vector["round"] > 1:
        assert not _verify("mainnet", vector, previous_signature=others[0])


def test_mainnet_rounds_chain_from_the_genesis_seed_through_each_signature() -> None:
    by_round = {v["round"]: v for v in MAINNET}
    assert by_round[1]["previous_signature"] == drand.get_chain("mainnet").genesis_seed.hex()
    for round_number in (2, 3, 4):
        previous = by_round[round_number - 1]["signature"]
        assert by_round[round_number]["previous_signature"] == previous
        assert drand.verify_beacon(
            "mainnet", round_number, by_round[round_number]["signature"], previous
        )
        # a round chained to a signature two rounds back is not a beacon
        if round_number > 2:
            earlier = by_round[round_number - 2]["signature"]
            assert not drand.verify_beacon(
                "mainnet", round_number, by_round[round_number]["signature"], earlier
            )


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_flipped_bits_in_the_signature_do_not_verify(item: tuple[str, dict[str, Any]]) -> None:
    chain, vector = item
    bits = len(vector["signature"]) * 4
    # the three flag bits (compressed, infinity, sign of y), then bits spread over x
    for bit in (0, 1, 2, 3, 7, 8, 100, bits // 2, bits - 9, bits - 1):
        assert not _verify(chain, vector, signature=_flip(vector["signature"], bit)), bit


@settings(max_examples=40, deadline=None)
@given(index=st.integers(0, len(ALL) - 1), bit=st.integers(0, 767))
def test_any_single_flipped_bit_fails(index: int, bit: int) -> None:
    chain, vector = ALL[index]
    bit %= len(vector["signature"]) * 4
    assert not _verify(chain, vector, signature=_flip(vector["signature"], bit))


def test_signatures_of_one_chain_do_not_pass_for_the_other() -> None:
    with pytest.raises(BeaconFormatError, match="96 字节"):
        drand.verify_beacon("mainnet", QUICKNET[0]["round"], QUICKNET[0]["signature"], "00" * 96)
    with pytest.raises(BeaconFormatError, match="48 字节"):
        drand.verify_beacon("quicknet", MAINNET[0]["round"], MAINNET[0]["signature"])


def test_input_that_is_not_a_beacon_is_a_usage_error() -> None:
    vector = QUICKNET[0]
    with pytest.raises(BeaconFormatError, match="十六进制"):
        drand.verify_beacon("quicknet", vector["round"], "zz" * 48)
    with pytest.raises(BeaconFormatError, match="48 字节"):
        drand.verify_beacon("quicknet", vector["round"], vector["signature"][:-2])
    with pytest.raises(BeaconFormatError, match="非链式"):
        drand.verify_beacon("quicknet", vector["round"], vector["signature"], "ab" * 96)
    mainnet = MAINNET[1]
    with pytest.raises(BeaconFormatError, match="上一轮签名"):
        drand.verify_beacon("mainnet", mainnet["round"], mainnet["signature"])
    with pytest.raises(BeaconFormatError, match="96 字节"):
        drand.verify_beacon("mainnet", mainnet["round"], mainnet["signature"], "ab" * 32)
    for bad_round in (0, -3, 2**64, True):
        with pytest.raises(BeaconFormatError, match="轮次"):
            drand.verify_beacon("quicknet", bad_round, vector["signature"])
    # hex as people paste it: 0x prefix, upper case, line breaks
    pasted = "0x" + vector["signature"][:50].upper() + "\n" + vector["signature"][50:]
    assert drand.verify_beacon("quicknet", vector["round"], pasted)


def test_check_beacon_explains_a_failure_in_chinese() -> None:
    vector = QUICKNET[0]
    with pytest.raises(BeaconVerificationError, match="签名核验失败") as caught:
        drand.check_beacon("quicknet", vector["round"] + 1, vector["signature"])
    assert caught.value.exit_code == 1


# --- one signature, one encoding, one randomness -------------------------------------------

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
Affine = tuple[int, int] | None


def _add(a: Affine, b: Affine) -> Affine:
    """Addition on y² = x³ + 4 over Fp, the curve of BLS12-381's G1 (affine; None = infinity)."""
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        slope = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (slope * slope - a[0] - b[0]) % P
    return x, (slope * (a[0] - x) - a[1]) % P


def _multiply(point: Affine, scalar: int) -> Affine:
    result: Affine = None
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _decompress(data: bytes) -> tuple[int, int]:
    x = int.from_bytes(data, "big") & ((1 << 381) - 1)
    y = pow((x**3 + 4) % P, (P + 1) // 4, P)
    if bool(data[0] & 0x20) != (y > P - y):
        y = P - y
    return x, y


def _compress(point: tuple[int, int]) -> bytes:
    x, y = point
    flags = 0x80 | (0x20 if y > P - y else 0)
    data = bytearray(x.to_bytes(48, "big"))
    data[0] |= flags
    return bytes(data)


def test_a_signature_plus_a_small_order_point_is_refused() -> None:
    """Adding a point of order coprime to r keeps the pairing equation true but changes the
    bytes — and so the randomness. Only the subgroup check stands between the official and a
    second valid-looking randomness to choose from."""
    vector = QUICKNET[1]
    x = 5
    while pow((x**3 + 4) % P, (P - 1) // 2, P) != 1:  # a point of the curve, not of G1
        x += 1
    on_curve = (x, pow((x**3 + 4) % P, (P + 1) // 4, P))
    small_order = _multiply(on_curve, R)
    assert small_order is not None  # on_curve had a component outside G1
    signature = _decompress(bytes.fromhex(vector["signature"]))
    assert _compress(signature).hex() == vector["signature"]  # the helper encodes as drand does
    malleated = _add(signature, small_order)
    assert malleated is not None
    assert not drand.verify_beacon("quicknet", vector["round"], _compress(malleated))


@pytest.mark.parametrize("vector", MAINNET[:2], ids=lambda v: str(v["round"]))
def test_a_non_canonical_encoding_of_a_valid_signature_is_refused(vector: dict[str, Any]) -> None:
    # G2 compression is x.c1 (with flags) ‖ x.c0; x.c0 + p names the same field element
    data = bytes.fromhex(vector["signature"])
    c0 = int.from_bytes(data[48:], "big")
    unreduced = data[:48] + (c0 + P).to_bytes(48, "big")
    assert not drand.verify_beacon(
        "mainnet", vector["round"], unreduced, vector["previous_signature"]
    )


def test_the_point_at_infinity_is_not_a_signature() -> None:
    infinity = bytes([0xC0]) + bytes(47)
    assert not drand.verify_beacon("quicknet", QUICKNET[0]["round"], infinity)


# --- round arithmetic ----------------------------------------------------------------------


def test_round_times_of_known_rounds() -> None:
    assert drand.round_time("quicknet", 1) == dt.datetime(2023, 8, 23, 15, 9, 27, tzinfo=UTC)
    assert drand.round_time("mainnet", 1) == dt.datetime(2020, 7, 22, 15, 17, 30, tzinfo=UTC)
    assert drand.round_time("quicknet", 12040883) == dt.datetime(
        2024, 10, 14, 17, 13, 33, tzinfo=UTC
    )
    # values printed by an independent client (the Ruby `drand` gem's README)
    assert drand.round_time("quicknet", 27946612) == dt.datetime(2026, 4, 20, tzinfo=UTC)
    assert drand.round_at("quicknet", dt.datetime(2026, 4, 20, tzinfo=UTC)) == 27946612
    assert drand.round_at("quicknet", dt.datetime(2026, 4, 20, 12, 30, 45, tzinfo=UTC)) == 27961627


def test_round_at_is_the_first_round_at_or_after_the_moment() -> None:
    genesis = drand.get_chain("quicknet").genesis
    assert drand.round_at("quicknet", genesis) == 1
    assert drand.round_at("quicknet", genesis - dt.timedelta(days=400)) == 1
    assert drand.round_at("quicknet", genesis + dt.timedelta(microseconds=1)) == 2
    assert drand.round_at("quicknet", genesis + dt.timedelta(seconds=3)) == 2
    assert drand.round_at("quicknet", genesis + dt.timedelta(seconds=3, microseconds=1)) == 3
    beijing = dt.timezone(dt.timedelta(hours=8))
    moment = dt.datetime(2026, 3, 18, 15, 0, tzinfo=beijing)
    assert drand.round_at("quicknet", moment) == drand.round_at("quicknet", moment.astimezone(UTC))


def test_round_arithmetic_refuses_what_it_cannot_answer() -> None:
    with pytest.raises(BeaconFormatError, match="时区"):
        drand.round_at("quicknet", dt.datetime(2026, 1, 1))
    with pytest.raises(BeaconFormatError, match="9999"):
        drand.round_time("quicknet", 2**63)
    with pytest.raises(BeaconFormatError, match="轮次"):
        drand.round_time("mainnet", 0)


MOMENTS = st.datetimes(
    min_value=dt.datetime(2019, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=300)
@given(chain=st.sampled_from(drand.CHAIN_NAMES), moment=MOMENTS)
def test_round_at_and_round_time_agree(chain: str, moment: dt.datetime) -> None:
    found = drand.round_at(chain, moment)
    assert drand.round_time(chain, found) >= moment
    assert found == 1 or drand.round_time(chain, found - 1) < moment


@settings(max_examples=300)
@given(chain=st.sampled_from(drand.CHAIN_NAMES), round_number=st.integers(1, 10**9))
def test_rounds_are_one_period_apart(chain: str, round_number: int) -> None:
    period = dt.timedelta(seconds=drand.get_chain(chain).period)
    at = drand.round_time(chain, round_number)
    assert drand.round_time(chain, round_number + 1) - at == period
    assert drand.round_at(chain, at) == round_number
    assert drand.round_at(chain, at - dt.timedelta(microseconds=1)) == round_number


# --- drand's JSON ----------------------------------------------------------------------------


def test_beacon_files_in_drand_api_shape_verify() -> None:
    for path in sorted(DATA.glob("*-*.json")):
        chain = path.stem.split("-")[0]
        fields = drand.parse_beacon_json(path.read_text(encoding="utf-8"), path.name)
        beacon = drand.beacon_from_fields(chain, fields, path.name)
        assert json.loads(path.read_text(encoding="utf-8")) == beacon.as_json()


def test_api_v2_json_without_randomness_is_accepted() -> None:
    from_docs = next(v for v in QUICKNET if v["round"] == 42)  # drand's docs show it in v2 form
    text = json.dumps({"round": 42, "signature": from_docs["signature"]})
    beacon = drand.beacon_from_fields("quicknet", drand.parse_beacon_json(text, "v2"), "v2")
    assert beacon.round == 42


def test_bad_json_names_file_line_and_column() -> None:
    with pytest.raises(BeaconFormatError, match=r"beacon\.json:2:1：不是有效的 JSON"):
        drand.parse_beacon_json('{"round": 1,\n}', "beacon.json")
    with pytest.raises(BeaconFormatError, match="round（轮次）"):
        drand.parse_beacon_json('{"round": "1", "signature": "ab"}', "b.json")
    with pytest.raises(BeaconFormatError, match="signature（签名）"):
        drand.parse_beacon_json('{"round": 1}', "b.json")
    with pytest.raises(BeaconFormatError, match="JSON 对象"):
        drand.parse_beacon_json("[1, 2]", "b.json")


def test_a_file_whose_randomness_or_round_is_not_the_signatures_is_refused() -> None:
    vector = QUICKNET[2]
    lying = {"round": vector["round"], "signature": vector["signature"], "randomness": "00" * 32}
    fields = drand.parse_beacon_json(json.dumps(lying), "b.json")
    with pytest.raises(BeaconVerificationError, match="randomness"):
        drand.beacon_from_fields("quicknet", fields, "b.json")
    honest = drand.parse_beacon_json(json.dumps({**lying, "randomness": None}), "b.json")
    with pytest.raises(BeaconVerificationError, match="不是所要的第 5 轮"):
        drand.beacon_from_fields("quicknet", honest, "b.json", expected_round=5)


# --- fetching from a relay (served locally: tests never reach the network) ------------------


class _Relay(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.routes.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def relay() -> Iterator[tuple[str, dict[str, bytes]]]:
    routes: dict[str, bytes] = {}
    handler = type("Relay", (_Relay,), {"routes": routes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_fetch_verifies_what_a_relay_serves(relay: tuple[str, dict[str, bytes]]) -> None:
    url, routes = relay
    chain = drand.get_chain("mainnet")
    vector = MAINNET[-1]
    good = {k: vector[k] for k in ("round", "signature", "previous_signature")}
    routes[f"/{chain.chain_hash}/public/{vector['round']}"] = json.dumps(good).encode()
    beacon = drand.fetch_beacon("mainnet", vector["round"], relays=[url], timeout=5)
    assert beacon.randomness == vector["published_randomness"]


def test_fetch_skips_a_lying_relay_and_fails_in_chinese_when_offline(
    relay: tuple[str, dict[str, bytes]],
) -> None:
    url, routes = relay
    chain = drand.get_chain("quicknet")
    vector = QUICKNET[3]
    forged = {"round": vector["round"], "signature": _flip(vector["signature"], 200)}
    routes[f"/bad/{chain.chain_hash}/public/{vector['round']}"] = json.dumps(forged).encode()
    routes[f"/good/{chain.chain_hash}/public/{vector['round']}"] = json.dumps(
        {"round": vector["round"], "signature": vector["signature"]}
    ).encode()
    beacon = drand.fetch_beacon(
        "quicknet", vector["round"], relays=[f"{url}/bad", f"{url}/good"], timeout=5
    )
    assert beacon.signature.hex() == vector["signature"]
    with pytest.raises(BeaconUnavailableError, match="签名核验失败") as caught:
        drand.fetch_beacon("quicknet", vector["round"], relays=[f"{url}/bad"], timeout=5)
    assert "--beacon" in str(caught.value)
    with pytest.raises(BeaconUnavailableError, match="是否离线"):
        drand.fetch_beacon("quicknet", vector["round"], relays=[_closed_port()], timeout=5)


def test_a_future_round_is_not_fetched() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    future = drand.round_at("quicknet", now + dt.timedelta(hours=1))
    with pytest.raises(BeaconUnavailableError, match="才产生"):
        drand.fetch_beacon("quicknet", future, relays=[_closed_port()], now=now)
