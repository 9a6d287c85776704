"""Cost of verifying one drand beacon, per chain, and of the BLS12-381 libraries compared.

    python benchmarks/drand_bench.py [--repeat 200] [--compare]

Times `spotcheck.trust.drand.verify_beacon` on the real rounds in tests/data/drand/vectors.json
(quicknet: signature on G1, key on G2; mainnet: signature on G2, key on G1), after one warm-up
call (the public key is decoded once per process), and splits one verification into its steps.
With `--compare`, the same check written directly against each other library that happens to be
installed (pyblst, blspy, py_ecc — not dependencies of spotcheck), each also fed a quicknet
signature plus a small-order point, which must be refused (the randomness is a hash of the
signature's bytes, so accepting it would offer a second randomness for the same round).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from py_arkworks_bls12381 import GT, G1Point, G2Point

from spotcheck.trust import drand

VECTORS = json.loads(
    (Path(__file__).resolve().parent.parent / "tests/data/drand/vectors.json").read_text("utf-8")
)
G1_GENERATOR = bytes.fromhex(
    "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"
)
G2_GENERATOR = bytes.fromhex(
    "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
    "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"
)
P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001

# (round, message, signature bytes) per chain
Case = tuple[int, bytes, bytes]


def cases(chain_name: str) -> list[Case]:
    chain = drand.get_chain(chain_name)
    out = []
    for vector in VECTORS[chain_name]:
        previous = vector.get("previous_signature")
        message = drand.beacon_message(
            chain, vector["round"], bytes.fromhex(previous) if previous else None
        )
        out.append((vector["round"], message, bytes.fromhex(vector["signature"])))
    return out


def per_call_ms(function: Callable[[], object], repeat: int) -> float:
    """CPU milliseconds per call (process time: on a shared, loaded machine the wall clock also
    counts the time other processes hold the cores)."""
    function()
    start = time.process_time()
    for _ in range(repeat):
        function()
    return (time.process_time() - start) / repeat * 1000


def wall_median_ms(function: Callable[[], object], repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def steps(chain_name: str) -> dict[str, Callable[[], object]]:
    """The three steps of one verification, each callable on its own."""
    _round, message, signature = cases(chain_name)[0]
    chain = drand.get_chain(chain_name)
    if chain.scheme.signature_group == "G1":
        g1_point = G1Point.from_compressed_bytes(signature)
        g1_hashed = G1Point.hash_to_curve(message, chain.scheme.dst)
        g2_key = G2Point.from_compressed_bytes(chain.public_key)
        return {
            "decode+subgroup": lambda: G1Point.from_compressed_bytes(signature),
            "hash_to_curve": lambda: G1Point.hash_to_curve(message, chain.scheme.dst),
            "pairing_check": lambda: GT.pairing_check([g1_point, -g1_hashed], [G2Point(), g2_key]),
        }
    g2_point = G2Point.from_compressed_bytes(signature)
    g2_hashed = G2Point.hash_to_curve(message, chain.scheme.dst)
    g1_key = G1Point.from_compressed_bytes(chain.public_key)
    return {
        "decode+subgroup": lambda: G2Point.from_compressed_bytes(signature),
        "hash_to_curve": lambda: G2Point.hash_to_curve(message, chain.scheme.dst),
        "pairing_check": lambda: GT.pairing_check([G1Point(), -g1_key], [g2_point, g2_hashed]),
    }


def bench_spotcheck(repeat: int) -> None:
    print("spotcheck (py-arkworks-bls12381), CPU time per verification:")
    for chain_name in drand.CHAIN_NAMES:
        vector = VECTORS[chain_name][0]
        arguments = (vector["round"], vector["signature"], vector.get("previous_signature"))

        def verify(chain_name: str = chain_name, arguments: tuple = arguments) -> None:
            assert drand.verify_beacon(chain_name, *arguments)

        total = per_call_ms(verify, repeat)
        wall = wall_median_ms(verify, repeat)
        split = ", ".join(
            f"{name} {per_call_ms(f, repeat):.2f}" for name, f in steps(chain_name).items()
        )
        print(f"  {chain_name:8s} {total:6.2f} ms  ({split} ms; wall-clock median {wall:.2f} ms)")


# --- the same check written against other libraries (only with --compare) -------------------


def malleated_quicknet() -> Case:
    """A quicknet signature plus a point of small order: same pairing, other bytes."""

    def add(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
        if a is None or b is None:
            return a or b
        if a[0] == b[0] and (a[1] + b[1]) % P == 0:
            return None
        if a == b:
            slope = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
        else:
            slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
        x = (slope * slope - a[0] - b[0]) % P
        return x, (slope * (a[0] - x) - a[1]) % P

    def multiply(point: tuple[int, int], k: int) -> tuple[int, int] | None:
        result, addend = None, point
        while k:
            if k & 1:
                result = add(result, addend)
            addend, k = add(addend, addend), k >> 1
        return result

    round_number, message, signature = cases("quicknet")[0]
    x = int.from_bytes(signature, "big") & ((1 << 381) - 1)
    y = pow((x**3 + 4) % P, (P + 1) // 4, P)
    if bool(signature[0] & 0x20) != (y > P - y):
        y = P - y
    t = 5
    while pow((t**3 + 4) % P, (P - 1) // 2, P) != 1:
        t += 1
    small = multiply((t, pow((t**3 + 4) % P, (P + 1) // 4, P)), R)
    mx, my = add((x, y), small)  # type: ignore[misc]
    data = bytearray(mx.to_bytes(48, "big"))
    data[0] |= 0x80 | (0x20 if my > P - my else 0)
    return round_number, message, bytes(data)


def pyblst_verifiers() -> tuple[Callable[[Case], bool], Callable[[Case], bool]]:
    import pyblst  # type: ignore[import-not-found]

    g1 = pyblst.BlstP1Element.uncompress(G1_GENERATOR)
    g2 = pyblst.BlstP2Element.uncompress(G2_GENERATOR)
    quicknet, mainnet = drand.get_chain("quicknet"), drand.get_chain("mainnet")
    q_key = pyblst.BlstP2Element.uncompress(quicknet.public_key)
    m_key = pyblst.BlstP1Element.uncompress(mainnet.public_key)

    def on_g1(case: Case) -> bool:
        signature = pyblst.BlstP1Element.uncompress(case[2])
        hashed = pyblst.BlstP1Element.hash_to_group(case[1], quicknet.scheme.dst)
        return pyblst.final_verify(
            pyblst.miller_loop(signature, g2), pyblst.miller_loop(hashed, q_key)
        )

    def on_g2(case: Case) -> bool:
        signature = pyblst.BlstP2Element.uncompress(case[2])
        hashed = pyblst.BlstP2Element.hash_to_group(case[1], mainnet.scheme.dst)
        return pyblst.final_verify(
            pyblst.miller_loop(g1, signature), pyblst.miller_loop(m_key, hashed)
        )

    return on_g1, on_g2


def blspy_verifiers() -> tuple[Callable[[Case], bool], Callable[[Case], bool]]:
    import blspy  # type: ignore[import-not-found]

    quicknet, mainnet = drand.get_chain("quicknet"), drand.get_chain("mainnet")
    q_key = blspy.G2Element.from_bytes(quicknet.public_key)
    m_key = blspy.G1Element.from_bytes(mainnet.public_key)
    g2 = blspy.G2Element.generator()

    def on_g1(case: Case) -> bool:
        signature = blspy.G1Element.from_bytes(case[2])
        hashed = blspy.G1Element.from_message(case[1], quicknet.scheme.dst)
        return signature.pair(g2) == hashed.pair(q_key)

    def on_g2(case: Case) -> bool:  # BasicSchemeMPL is exactly drand's G2 scheme
        return blspy.BasicSchemeMPL.verify(m_key, case[1], blspy.G2Element.from_bytes(case[2]))

    return on_g1, on_g2


def py_ecc_verifiers() -> tuple[Callable[[Case], bool], Callable[[Case], bool]]:
    from py_ecc.bls import G2Basic  # type: ignore[import-not-found]
    from py_ecc.bls.hash_to_curve import hash_to_G1  # type: ignore[import-not-found]
    from py_ecc.bls.point_compression import (  # type: ignore[import-not-found]
        decompress_G1,
        decompress_G2,
    )
    from py_ecc.optimized_bls12_381 import (  # type: ignore[import-not-found]
        FQ12,
        G2,
        final_exponentiate,
        neg,
        pairing,
    )

    quicknet, mainnet = drand.get_chain("quicknet"), drand.get_chain("mainnet")
    key = quicknet.public_key
    q_key = decompress_G2((int.from_bytes(key[:48], "big"), int.from_bytes(key[48:], "big")))

    def on_g1(case: Case) -> bool:  # py_ecc has no G1-signature scheme: its low-level API
        signature = decompress_G1(int.from_bytes(case[2], "big"))
        hashed = hash_to_G1(case[1], quicknet.scheme.dst, hashlib.sha256)
        product = pairing(G2, signature, final_exponentiate=False) * pairing(
            q_key, neg(hashed), final_exponentiate=False
        )
        return final_exponentiate(product) == FQ12.one()

    def on_g2(case: Case) -> bool:
        return G2Basic.Verify(mainnet.public_key, case[1], case[2])

    return on_g1, on_g2


def compare(repeat: int) -> None:
    print("\nthe same check against other libraries (CPU time per verification):")
    quicknet, mainnet = cases("quicknet"), cases("mainnet")
    forged = malleated_quicknet()
    assert not drand.verify_beacon("quicknet", forged[0], forged[2])
    print(f"  {'library':26s} {'quicknet':>9s} {'mainnet':>9s}  all valid  refuses small-order")
    for name, factory, runs in (
        ("pyblst (blst)", pyblst_verifiers, repeat),
        ("blspy (Chia, relic)", blspy_verifiers, repeat),
        ("py_ecc (pure Python)", py_ecc_verifiers, 2),
    ):
        try:
            on_g1, on_g2 = factory()
        except ImportError:
            print(f"  {name:26s} not installed")
            continue
        valid = all(on_g1(c) for c in quicknet) and all(on_g2(c) for c in mainnet)
        try:
            refused = not on_g1(forged)
        except (ValueError, RuntimeError):
            refused = True
        q_ms = per_call_ms(lambda: on_g1(quicknet[0]), runs)  # noqa: B023
        m_ms = per_call_ms(lambda: on_g2(mainnet[0]), runs)  # noqa: B023
        print(f"  {name:26s} {q_ms:7.2f} ms {m_ms:7.2f} ms  {valid!s:9s}  {refused}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    bench_spotcheck(args.repeat)
    if args.compare:
        compare(args.repeat)


if __name__ == "__main__":
    main()
