"""Trusted timestamps: tokens from a local TSA verify; every way a token can lie is caught."""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import tsp
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotcheck.trust.timestamp import (
    BadSignature,
    CertificateExpired,
    ImprintMismatch,
    MalformedToken,
    NotATimestampAuthority,
    TimestampError,
    TimestampServiceError,
    TrustAnchorError,
    UntrustedChain,
    authority_from_config,
    load_anchors,
    obtain_token,
    request_for,
    verify_token,
)
from tests.trust.demo_tsa import (
    DEMO_NAME,
    DemoAuthority,
    issue_certificate,
    make_key,
    make_root,
    rejection,
    serving,
)

STAMPED_AT = datetime(2026, 3, 2, 9, 30, 15, tzinfo=UTC)
DIGEST = hashlib.sha256(b"commitment.yaml contents").digest()


@pytest.fixture(scope="module")
def authority() -> DemoAuthority:
    return DemoAuthority.create()


def test_a_token_from_the_local_authority_verifies(authority: DemoAuthority) -> None:
    token = authority.stamp(DIGEST, at=STAMPED_AT, serial=42)

    info = verify_token(token, DIGEST, [authority.root])

    assert info.gen_time == STAMPED_AT
    assert info.accuracy == timedelta(seconds=1)
    assert info.latest == STAMPED_AT + timedelta(seconds=2)
    assert info.serial == 42
    assert info.policy == authority.policy
    assert info.signer == authority.certificate.subject.rfc4514_string()
    assert info.tsa_name == info.signer
    assert info.anchor == authority.root.subject.rfc4514_string()


def test_anchors_may_be_given_as_pem_or_der(authority: DemoAuthority) -> None:
    token = authority.stamp(DIGEST, at=STAMPED_AT)
    for encoding in (serialization.Encoding.PEM, serialization.Encoding.DER):
        anchor = authority.root.public_bytes(encoding)
        assert verify_token(token, DIGEST, [anchor]).gen_time == STAMPED_AT


def test_a_bare_token_is_accepted_like_a_reply(authority: DemoAuthority) -> None:
    reply = tsp.TimeStampResp.load(authority.stamp(DIGEST, at=STAMPED_AT))
    bare = reply["time_stamp_token"].dump()

    assert verify_token(bare, DIGEST, [authority.root]).gen_time == STAMPED_AT


def test_a_token_over_another_hash_fails_on_the_imprint(authority: DemoAuthority) -> None:
    token = authority.stamp(hashlib.sha256(b"another file").digest(), at=STAMPED_AT)

    with pytest.raises(ImprintMismatch, match="不是为这个文件签发的"):
        verify_token(token, DIGEST, [authority.root], source="records/draws/x.tsr")


def test_the_message_names_the_token_file(authority: DemoAuthority) -> None:
    token = authority.stamp(hashlib.sha256(b"other").digest())
    with pytest.raises(ImprintMismatch) as caught:
        verify_token(token, DIGEST, [authority.root], source="records/draws/x.tsr")
    assert str(caught.value).startswith("records/draws/x.tsr：")


def test_a_token_from_an_authority_not_under_the_anchor_fails(authority: DemoAuthority) -> None:
    stranger = DemoAuthority.create("另一个时间戳服务")
    token = stranger.stamp(DIGEST, at=STAMPED_AT)

    with pytest.raises(UntrustedChain, match="不能追溯到配置的信任根证书"):
        verify_token(token, DIGEST, [authority.root])


def test_a_token_signed_with_a_key_the_certificate_does_not_hold_fails(
    authority: DemoAuthority,
) -> None:
    """The carried certificate is genuine, but someone else's key made the signature."""
    impostor = DemoAuthority(authority.root, authority.root_key, authority.certificate, make_key())
    token = impostor.stamp(DIGEST, at=STAMPED_AT)

    with pytest.raises(BadSignature, match="签名无效"):
        verify_token(token, DIGEST, [authority.root])


def test_a_changed_stamped_time_fails_on_the_signature(authority: DemoAuthority) -> None:
    token = authority.stamp(DIGEST, at=STAMPED_AT)
    stamped = b"20260302093015Z"
    assert token.count(stamped) == 1
    backdated = token.replace(stamped, b"20260301093015Z")

    with pytest.raises(BadSignature):
        verify_token(backdated, DIGEST, [authority.root])


def test_a_flipped_byte_in_the_signature_fails(authority: DemoAuthority) -> None:
    token = bytearray(authority.stamp(DIGEST, at=STAMPED_AT))
    token[-5] ^= 0x01  # the signature value ends the token

    with pytest.raises(BadSignature):
        verify_token(bytes(token), DIGEST, [authority.root])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), mask=st.integers(min_value=1, max_value=255))
def test_a_flipped_byte_anywhere_is_rejected_or_changes_nothing(
    authority: DemoAuthority, position: int, mask: int
) -> None:
    """Only unsigned bookkeeping (CMS version numbers, the algorithm OID openssl infers from the
    key) may change without notice; what the token proves never does."""
    token = authority.stamp(DIGEST, at=STAMPED_AT, serial=7)
    honest = verify_token(token, DIGEST, [authority.root])
    flipped = bytearray(token)
    flipped[position % len(token)] ^= mask

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cryptography warns on the odd serials flips make
        try:
            info = verify_token(bytes(flipped), DIGEST, [authority.root])
        except TimestampError:
            return
    assert info == honest


def test_a_certificate_expired_at_the_stamped_time_fails() -> None:
    expired = DemoAuthority.create(
        not_before=datetime(2020, 1, 1, tzinfo=UTC), not_after=datetime(2021, 1, 1, tzinfo=UTC)
    )
    token = expired.stamp(DIGEST, at=STAMPED_AT)

    with pytest.raises(CertificateExpired, match="不含时间戳时刻"):
        verify_token(token, DIGEST, [expired.root])


def test_a_certificate_without_the_timestamping_purpose_fails() -> None:
    ordinary = DemoAuthority.create("普通证书", timestamping=False)
    token = ordinary.stamp(DIGEST, at=STAMPED_AT)

    with pytest.raises(NotATimestampAuthority, match="timeStamping"):
        verify_token(token, DIGEST, [ordinary.root])


def test_a_timestamping_purpose_not_marked_critical_fails() -> None:
    lax = DemoAuthority.create("用途非关键", usage_critical=False)
    token = lax.stamp(DIGEST, at=STAMPED_AT)

    with pytest.raises(NotATimestampAuthority, match="critical"):
        verify_token(token, DIGEST, [lax.root])


def test_a_token_without_its_certificate_is_malformed(authority: DemoAuthority) -> None:
    token = authority.stamp(DIGEST, at=STAMPED_AT, with_certificates=False)

    with pytest.raises(MalformedToken, match="certReq"):
        verify_token(token, DIGEST, [authority.root])


@pytest.mark.parametrize("garbage", [b"", b"\x30\x03\x02\x01\x00", b"not a token", b"\x30\x80"])
def test_what_is_not_a_token_is_malformed(authority: DemoAuthority, garbage: bytes) -> None:
    with pytest.raises(MalformedToken, match="RFC 3161"):
        verify_token(garbage, DIGEST, [authority.root])


def test_a_truncated_token_is_malformed(authority: DemoAuthority) -> None:
    token = authority.stamp(DIGEST, at=STAMPED_AT)
    with pytest.raises(MalformedToken):
        verify_token(token[: len(token) // 2], DIGEST, [authority.root])


def test_a_rejection_is_not_a_timestamp() -> None:
    with pytest.raises(MalformedToken, match=r"没有签发时间戳.*bad request"):
        verify_token(rejection("bad request"), DIGEST, [DemoAuthority.create().root])


def test_no_anchor_means_nothing_is_trusted(authority: DemoAuthority) -> None:
    with pytest.raises(UntrustedChain, match="没有配置"):
        verify_token(authority.stamp(DIGEST), DIGEST, [])


def test_a_path_through_a_carried_intermediate_reaches_the_root(authority: DemoAuthority) -> None:
    intermediate, intermediate_key = issue_certificate(
        authority.root, authority.root_key, "演示中间证书", ca=True
    )
    certificate, key = issue_certificate(intermediate, intermediate_key, "演示下级时间戳服务")
    carrying = DemoAuthority(authority.root, authority.root_key, certificate, key, [intermediate])
    not_carrying = DemoAuthority(authority.root, authority.root_key, certificate, key)

    info = verify_token(carrying.stamp(DIGEST, at=STAMPED_AT), DIGEST, [authority.root])
    assert info.anchor == authority.root.subject.rfc4514_string()
    with pytest.raises(UntrustedChain):
        verify_token(not_carrying.stamp(DIGEST, at=STAMPED_AT), DIGEST, [authority.root])
    # An intermediate is a usable anchor only together with the root above it.
    token = not_carrying.stamp(DIGEST, at=STAMPED_AT)
    assert verify_token(token, DIGEST, [intermediate, authority.root]).gen_time == STAMPED_AT
    with pytest.raises(UntrustedChain, match="不是自签名的根证书"):
        verify_token(token, DIGEST, [intermediate])


def test_an_anchor_that_merely_looks_like_the_root_is_not_trusted(
    authority: DemoAuthority,
) -> None:
    """Same subject, different key: names are not trust."""
    lookalike, _ = make_root(f"{DEMO_NAME}根证书")
    assert lookalike.subject == authority.root.subject
    with pytest.raises(UntrustedChain):
        verify_token(authority.stamp(DIGEST, at=STAMPED_AT), DIGEST, [lookalike])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(digest=st.binary(min_size=32, max_size=32), other=st.binary(min_size=32, max_size=32))
def test_a_token_proves_its_own_hash_and_no_other(
    authority: DemoAuthority, digest: bytes, other: bytes
) -> None:
    token = authority.stamp(digest, at=STAMPED_AT)

    assert verify_token(token, digest, [authority.root]).gen_time == STAMPED_AT
    if other != digest:
        with pytest.raises(ImprintMismatch):
            verify_token(token, other, [authority.root])


# ------------------------------------------------------------------ requests and transport


def test_a_request_carries_the_sha256_a_nonce_and_asks_for_the_certificate() -> None:
    request = tsp.TimeStampReq.load(request_for(DIGEST, nonce=2**63 + 5))

    assert request["version"].native == "v1"
    assert request["message_imprint"]["hash_algorithm"]["algorithm"].native == "sha256"
    assert request["message_imprint"]["hashed_message"].native == DIGEST
    assert request["nonce"].native == 2**63 + 5
    assert request["cert_req"].native is True
    assert request.dump() == request_for(DIGEST, nonce=2**63 + 5)  # canonical DER
    assert request_for(DIGEST) != request_for(DIGEST)  # a fresh nonce each time


def test_a_request_needs_a_sha256_digest() -> None:
    with pytest.raises(ValueError):
        request_for(b"short")


def test_obtain_token_from_an_authority_over_http(authority: DemoAuthority) -> None:
    with serving(authority) as url:
        before = datetime.now(UTC).replace(microsecond=0)
        reply = obtain_token(url, DIGEST, timeout=5)
        after = datetime.now(UTC)

    info = verify_token(reply, DIGEST, [authority.root])
    assert before <= info.gen_time <= after


def test_obtain_token_when_the_authority_cannot_be_reached() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TimestampServiceError, match="无法连接时间戳服务"):
        obtain_token(f"http://127.0.0.1:{port}/tsa", DIGEST, timeout=2)


def test_obtain_token_refuses_an_answer_for_another_request(authority: DemoAuthority) -> None:
    class Forgetful(DemoAuthority):
        def respond(self, request_der: bytes, *, at: datetime | None = None) -> bytes:
            return self.stamp(DIGEST, nonce=1)  # ignores the request's nonce

    forgetful = Forgetful(authority.root, authority.root_key, authority.certificate, authority.key)
    with serving(forgetful) as url, pytest.raises(TimestampServiceError, match="nonce"):
        obtain_token(url, DIGEST, timeout=5)


def test_obtain_token_reports_a_rejection(authority: DemoAuthority) -> None:
    class Refusing(DemoAuthority):
        def respond(self, request_der: bytes, *, at: datetime | None = None) -> bytes:
            return rejection("quota exceeded")

    refusing = Refusing(authority.root, authority.root_key, authority.certificate, authority.key)
    with (
        serving(refusing) as url,
        pytest.raises(TimestampServiceError, match=r"拒绝.*quota exceeded"),
    ):
        obtain_token(url, DIGEST, timeout=5)


def test_obtain_token_refuses_what_is_not_a_reply(authority: DemoAuthority) -> None:
    class Broken(DemoAuthority):
        def respond(self, request_der: bytes, *, at: datetime | None = None) -> bytes:
            return b"<html>maintenance</html>"

    broken = Broken(authority.root, authority.root_key, authority.certificate, authority.key)
    with serving(broken) as url, pytest.raises(TimestampServiceError, match="应答不可用"):
        obtain_token(url, DIGEST, timeout=5)


def test_obtain_token_reports_an_http_error(authority: DemoAuthority) -> None:
    class Failing(DemoAuthority):
        def respond(self, request_der: bytes, *, at: datetime | None = None) -> bytes:
            raise RuntimeError("signing device offline")

    failing = Failing(authority.root, authority.root_key, authority.certificate, authority.key)
    with serving(failing) as url, pytest.raises(TimestampServiceError, match="HTTP 500"):
        obtain_token(url, DIGEST, timeout=5)


# ------------------------------------------------------------------ interoperability


needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI missing")


def _openssl_tsa_config(directory: Path) -> Path:
    (directory / "serial").write_text("01\n")
    config = directory / "tsa.cnf"
    config.write_text(
        f"""[ tsa ]
default_tsa = demo
[ demo ]
dir = {directory}
serial = $dir/serial
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key.pem
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1, millisecs:500
clock_precision_digits = 3
ordering = no
tsa_name = yes
ess_cert_id_alg = sha256
""",
        encoding="utf-8",
    )
    return config


@needs_openssl
@pytest.mark.parametrize("key_kind", ["ec", "rsa"])
def test_tokens_from_openssl_ts_verify(tmp_path: Path, key_kind: str) -> None:
    """A second, independent TSA implementation: our request in, its reply verified."""
    openssl_authority = DemoAuthority.create(key_kind=key_kind)
    openssl_authority.save(tmp_path)
    config = _openssl_tsa_config(tmp_path)
    (tmp_path / "request.tsq").write_bytes(request_for(DIGEST))
    before = datetime.now(UTC).replace(microsecond=0)
    for name, extra in (("reply.tsr", []), ("token.der", ["-token_out"])):
        subprocess.run(
            [
                "openssl",
                "ts",
                "-reply",
                "-config",
                str(config),
                "-queryfile",
                str(tmp_path / "request.tsq"),
                "-out",
                str(tmp_path / name),
                *extra,
            ],
            check=True,
            capture_output=True,
        )
        info = verify_token((tmp_path / name).read_bytes(), DIGEST, [openssl_authority.root])
        assert before <= info.gen_time <= datetime.now(UTC)
        assert info.accuracy == timedelta(seconds=1, milliseconds=500)
        assert info.policy == "1.2.3.4.1"
        with pytest.raises(ImprintMismatch):
            verify_token((tmp_path / name).read_bytes(), bytes(32), [openssl_authority.root])


@needs_openssl
@pytest.mark.parametrize("key_kind", ["ec", "rsa"])
def test_openssl_verifies_tokens_of_the_demo_authority(tmp_path: Path, key_kind: str) -> None:
    demo = DemoAuthority.create(key_kind=key_kind)
    demo.save(tmp_path)
    data = tmp_path / "commitment.yaml"
    data.write_text("task: 2026-SCJG-01\n", encoding="utf-8")
    (tmp_path / "token.tsr").write_bytes(demo.stamp(hashlib.sha256(data.read_bytes()).digest()))

    def openssl_verify(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                "openssl",
                "ts",
                "-verify",
                "-in",
                str(tmp_path / "token.tsr"),
                "-data",
                str(path),
                "-CAfile",
                str(tmp_path / "root-ca.pem"),
            ],
            capture_output=True,
            text=True,
        )

    assert openssl_verify(data).returncode == 0
    data.write_text("task: 2026-SCJG-02\n", encoding="utf-8")
    assert openssl_verify(data).returncode != 0


# ------------------------------------------------------------------ anchors from config


def _config(*anchors: str, required: bool = False) -> dict[str, object]:
    return {
        "timestamp_authority": {
            "name": "演示时间戳服务",
            "anchors": list(anchors),
            "required": required,
        }
    }


def test_load_anchors_reads_pem_and_der_files(tmp_path: Path, authority: DemoAuthority) -> None:
    records = tmp_path / "records"
    (records / "trust").mkdir(parents=True)
    (records / "trust/root.pem").write_bytes(
        authority.root.public_bytes(serialization.Encoding.PEM)
    )
    other = DemoAuthority.create("另一个")
    (records / "trust/other.der").write_bytes(other.root.public_bytes(serialization.Encoding.DER))

    anchors = load_anchors(records, _config("trust/root.pem", "trust/other.der"))

    assert anchors == [authority.root, other.root]
    assert (
        verify_token(other.stamp(DIGEST), DIGEST, anchors).anchor
        == other.root.subject.rfc4514_string()
    )


def test_load_anchors_without_an_authority_is_empty(tmp_path: Path) -> None:
    assert load_anchors(tmp_path, {}) == []
    assert authority_from_config({}) is None


def test_load_anchors_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TrustAnchorError, match=r"records/config\.yaml.*trust/gone\.pem 不存在"):
        load_anchors(tmp_path, _config("trust/gone.pem"))


def test_load_anchors_refuses_a_file_outside_records(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "secret.pem").write_text("x")
    with pytest.raises(TrustAnchorError, match="不在 records/ 目录内"):
        load_anchors(tmp_path / "records", _config("../secret.pem"))


def test_load_anchors_refuses_what_is_not_a_certificate(tmp_path: Path) -> None:
    (tmp_path / "root.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n"
    )
    with pytest.raises(TrustAnchorError, match=r"不是 PEM 或 DER 格式的 X\.509 证书"):
        load_anchors(tmp_path, _config("root.pem"))


def test_authority_settings_default_to_optional() -> None:
    settings_ = authority_from_config(
        {"timestamp_authority": {"name": "演示", "anchors": ["trust/a.pem"]}}
    )
    assert settings_ is not None
    assert settings_.required is False and settings_.url is None
    assert settings_.anchors == ("trust/a.pem",)
