"""Trusted timestamps (RFC 3161, 可信时间戳): proof that a file existed before a given time.

A time-stamping authority (TSA) signs the SHA-256 of a file together with the time; anyone
holding the authority's root certificate (a trust anchor, shipped under `records/`) can check
the token later without trusting the operator's clock or git dates.

A token file is the DER `TimeStampResp` the authority answered (`.tsr`, as `openssl ts
-reply` writes it); a bare `TimeStampToken` (`openssl ts -reply -token_out`) is accepted too.

Parsing and the CMS signature check are rfc3161-client's (Trail of Bits, used by sigstore-python).
This module adds what a reader needs to act on a failure: which check failed, in Chinese. It
walks the signer's certificate path to a configured anchor itself first, so that an untrusted or
expired certificate is named as such rather than as a bad signature; the library then verifies
again with only that path, so nothing the token carries is ever trusted on its own say-so.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import ExtendedKeyUsageOID
from rfc3161_client import (
    PKIStatus,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from spotcheck.errors import SpotcheckError

SHA256_OID = x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1")
# AlgorithmIdentifier { id-sha256, NULL }: parameters NULL as openssl and most clients send them
_SHA256_ALGORITHM = bytes.fromhex("300d06096086480165030402010500")
_MAX_REPLY_BYTES = 1 << 20  # a token is a few kilobytes; refuse to read an endless answer
_MAX_PATH_LENGTH = 8
CONFIG_KEY = "timestamp_authority"
CONFIG_FILE = "records/config.yaml"


class TimestampError(SpotcheckError):
    """A timestamp that proves nothing; the Chinese message says which check failed."""


class MalformedToken(TimestampError):
    """Not a DER time-stamp token or reply, or one the authority did not grant."""


class ImprintMismatch(TimestampError):
    """The token stamps another hash (or not a SHA-256) than the file's."""


class UntrustedChain(TimestampError):
    """The signer's certificate does not lead to a configured trust anchor."""


class CertificateExpired(UntrustedChain):
    """A certificate on the path was not valid at the stamped time."""


class NotATimestampAuthority(TimestampError):
    """The signer's certificate lacks the critical ExtendedKeyUsage timeStamping."""


class BadSignature(TimestampError):
    """The CMS signature over the token's content does not verify."""


class TimestampServiceError(TimestampError):
    """The authority could not be reached or answered something unusable."""


class TrustAnchorError(SpotcheckError):
    """The configured trust anchors cannot be read."""


@dataclass(frozen=True)
class TimestampInfo:
    """What a verified token proves."""

    gen_time: datetime  # UTC, as the authority states it
    accuracy: timedelta | None  # the authority's stated error bound, if any
    serial: int
    policy: str  # dotted OID of the authority's policy
    tsa_name: str | None  # the token's own `tsa` field (RFC 4514), when present
    signer: str  # subject of the certificate that signed the token (RFC 4514)
    anchor: str  # subject of the trust anchor the signer chains to (RFC 4514)

    @property
    def latest(self) -> datetime:
        """The data existed no later than this: the stamped time plus its accuracy.

        One second more, since the parser keeps whole seconds of a fractional `genTime`.
        """
        return self.gen_time + (self.accuracy or timedelta(0)) + timedelta(seconds=1)


@dataclass(frozen=True)
class TimestampAuthority:
    """The `timestamp_authority` section of records/config.yaml."""

    name: str
    url: str | None
    anchors: tuple[str, ...]  # paths relative to records/
    required: bool


# ---------------------------------------------------------------- request and transport


def request_for(data_sha256: bytes, nonce: int | None = None) -> bytes:
    """A DER TimeStampReq over a SHA-256 digest, with a nonce and certReq set."""
    _check_digest(data_sha256)
    if nonce is None:
        nonce = _fresh_nonce()
    if nonce < 0:
        raise ValueError("nonce must not be negative")
    imprint = _der(0x30, _SHA256_ALGORITHM + _der(0x04, data_sha256))
    return _der(0x30, _der_integer(1) + imprint + _der_integer(nonce) + b"\x01\x01\xff")


def obtain_token(url: str, digest: bytes, timeout: float = 20.0) -> bytes:
    """Ask the authority at `url` to stamp `digest` (SHA-256); the DER TimeStampResp.

    The answer is checked to be granted, for this digest and this request's nonce; its
    signature is checked by `verify_token` against the configured anchors.
    """
    _check_digest(digest)
    nonce = _fresh_nonce()
    request = urllib.request.Request(
        url,
        data=request_for(digest, nonce),
        headers={
            "Content-Type": "application/timestamp-query",
            "Accept": "application/timestamp-reply",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            reply = answer.read(_MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise TimestampServiceError(
            f"时间戳服务 {url} 拒绝了申请：HTTP {error.code} {error.reason}"
        ) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise TimestampServiceError(
            f"无法连接时间戳服务 {url}（{reason}）。请检查网络和 records/config.yaml 中的"
            "服务地址；离线时可在别处取得时间戳文件后提交"
        ) from error
    if len(reply) > _MAX_REPLY_BYTES:
        raise TimestampServiceError(f"时间戳服务 {url} 的应答超过 1 MiB，不是时间戳")
    try:
        response = _parse_response(reply, "")
        _check_granted(response, "")
        stamped, answered_nonce = _parsed(
            lambda: (response.tst_info.message_imprint.message, response.tst_info.nonce), ""
        )
    except TimestampError as error:
        raise TimestampServiceError(f"时间戳服务 {url} 的应答不可用：{error}") from error
    if stamped != digest:
        raise TimestampServiceError(f"时间戳服务 {url} 盖章的摘要不是所申请的摘要")
    if answered_nonce != nonce:
        raise TimestampServiceError(f"时间戳服务 {url} 的应答与本次申请的随机数（nonce）不符")
    return reply


# ---------------------------------------------------------------- verification


def verify_token(
    token_der: bytes,
    data_sha256: bytes,
    anchors: list[x509.Certificate] | list[bytes],
    *,
    source: str | None = None,
) -> TimestampInfo:
    """Check a token over `data_sha256` against trust anchors; what it proves.

    `anchors` are certificates (objects, PEM or DER). `source` names the token file in
    messages. Raises a TimestampError subclass naming the check that failed.
    """
    _check_digest(data_sha256)
    where = f"{source}：" if source else ""
    roots = [_certificate(anchor) for anchor in anchors]
    if not roots:
        raise UntrustedChain(f"{where}没有配置时间戳服务的信任根证书，无法核验时间戳")
    # Fields of the token are parsed lazily, deep inside the checks: whatever breaks on the
    # way is a malformed token, and every named failure keeps its own type.
    return _parsed(lambda: _verify(token_der, data_sha256, roots, where), where)


def _verify(
    token_der: bytes, data_sha256: bytes, roots: list[x509.Certificate], where: str
) -> TimestampInfo:
    response = _parse_response(token_der, where)
    _check_granted(response, where)
    tst_info = response.tst_info
    signed_data = response.signed_data

    imprint = tst_info.message_imprint
    if imprint.hash_algorithm != SHA256_OID:
        raise ImprintMismatch(
            f"{where}时间戳的摘要算法是 {imprint.hash_algorithm.dotted_string}，不是 SHA-256"
        )
    if imprint.message != data_sha256:
        raise ImprintMismatch(
            f"{where}时间戳所盖的摘要 {imprint.message.hex()} 与文件的 SHA-256 "
            f"{data_sha256.hex()} 不符：这个时间戳不是为这个文件签发的"
        )

    gen_time = tst_info.gen_time
    carried = [x509.load_der_x509_certificate(der) for der in signed_data.certificates]
    signer = _signer_certificate(signed_data, carried, where)
    intermediates, anchor = _path_to_anchor(signer, carried, roots, gen_time, where)
    _check_timestamping_usage(signer, where)

    # Only the path just checked is handed over: the library trusts its intermediates.
    builder = VerifierBuilder(roots=[anchor], intermediates=intermediates)
    try:
        builder.build().verify(response, data_sha256)
    except VerificationError as error:
        raise BadSignature(f"{where}时间戳的签名无效，内容可能被改动过（{error}）") from error

    return TimestampInfo(
        gen_time=gen_time,
        accuracy=_accuracy(tst_info),
        serial=tst_info.serial_number,
        policy=tst_info.policy.dotted_string if tst_info.policy else "",
        tsa_name=_tsa_name(tst_info),
        signer=signer.subject.rfc4514_string(),
        anchor=anchor.subject.rfc4514_string(),
    )


def _signer_certificate(
    signed_data: Any, carried: list[x509.Certificate], where: str
) -> x509.Certificate:
    signer_infos = list(signed_data.signer_infos)
    if len(signer_infos) != 1:
        raise MalformedToken(f"{where}时间戳应当恰有一个签名者，实有 {len(signer_infos)} 个")
    info = signer_infos[0]
    for certificate in carried:
        if certificate.issuer == info.issuer and certificate.serial_number == info.serial_number:
            return certificate
    raise MalformedToken(f"{where}时间戳没有附带签发它的证书（申请时应要求附带证书，certReq）")


def _path_to_anchor(
    leaf: x509.Certificate,
    carried: list[x509.Certificate],
    anchors: list[x509.Certificate],
    at: datetime,
    where: str,
) -> tuple[list[x509.Certificate], x509.Certificate]:
    """The intermediates (carried by the token) from leaf to an anchor, and that anchor."""
    path = [leaf]
    current = leaf
    for _ in range(_MAX_PATH_LENGTH):
        _check_valid_at(current, at, where)
        if current in anchors:
            return _up_to_root(path[1:-1], current, anchors, at, where)
        for anchor in anchors:
            if _issued_by(current, anchor):
                return _up_to_root(path[1:], anchor, anchors, at, where)
        parents = [c for c in carried if c not in path and _issued_by(current, c)]
        if not parents:
            break
        current = parents[0]
        path.append(current)
    raise UntrustedChain(
        f"{where}时间戳的签发证书（{leaf.subject.rfc4514_string()}）不能追溯到配置的信任根证书"
        f"（{'；'.join(a.subject.rfc4514_string() for a in anchors)}）：签发者不受信任"
    )


def _up_to_root(
    intermediates: list[x509.Certificate],
    anchor: x509.Certificate,
    anchors: list[x509.Certificate],
    at: datetime,
    where: str,
) -> tuple[list[x509.Certificate], x509.Certificate]:
    """From the anchor reached up to a self-signed one among the anchors.

    The CMS check below ends at a self-signed root, so an anchor that is itself issued by
    another CA needs that CA configured too (an anchor file may hold the whole chain).
    """
    current = anchor
    for _ in range(_MAX_PATH_LENGTH):
        _check_valid_at(current, at, where)
        if current.issuer == current.subject and _issued_by(current, current):
            return intermediates, current
        parents = [
            a for a in anchors if a not in (current, *intermediates) and _issued_by(current, a)
        ]
        if not parents:
            break
        intermediates = [*intermediates, current]
        current = parents[0]
    raise UntrustedChain(
        f"{where}信任根证书 {anchor.subject.rfc4514_string()} 不是自签名的根证书，"
        "请在信任根证书中同时配置签发它的根证书"
    )


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_valid_at(certificate: x509.Certificate, at: datetime, where: str) -> None:
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if not start <= at <= end:
        raise CertificateExpired(
            f"{where}证书 {certificate.subject.rfc4514_string()} 的有效期为 "
            f"{start:%Y-%m-%d %H:%M:%S} 至 {end:%Y-%m-%d %H:%M:%S}（UTC），"
            f"不含时间戳时刻 {at:%Y-%m-%d %H:%M:%S}"
        )


def _check_timestamping_usage(certificate: x509.Certificate, where: str) -> None:
    """RFC 3161 §2.3: the TSA certificate's only purpose is timeStamping, marked critical."""
    subject = certificate.subject.rfc4514_string()
    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or ExtendedKeyUsageOID.TIME_STAMPING not in usage.value:
        raise NotATimestampAuthority(
            f"{where}签发证书 {subject} 没有“时间戳”用途（扩展密钥用法 timeStamping），"
            "不是时间戳服务的证书"
        )
    if not usage.critical:
        raise NotATimestampAuthority(
            f"{where}签发证书 {subject} 的扩展密钥用法未标为关键（critical），不符合 RFC 3161"
        )


_STATUS_NAMES = {
    PKIStatus.GRANTED_WITH_MODS: "已签发但改动了申请",
    PKIStatus.REJECTION: "拒绝",
    PKIStatus.WAITING: "等待中",
    PKIStatus.REVOCATION_WARNING: "证书即将吊销",
    PKIStatus.REVOCATION_NOTIFICATION: "证书已吊销",
}


def _check_granted(response: TimeStampResponse, where: str) -> None:
    """Only a plain grant counts (as in rfc3161-client): a modified request stamps something else."""
    if response.status != PKIStatus.GRANTED:
        name = _STATUS_NAMES.get(response.status, str(response.status))
        detail = "；".join(response.status_string) or "无说明"
        raise MalformedToken(f"{where}时间戳服务没有签发时间戳（状态：{name}；{detail}）")


def _accuracy(tst_info: Any) -> timedelta | None:
    accuracy = tst_info.accuracy
    if accuracy is None:
        return None
    return timedelta(
        seconds=accuracy.seconds or 0,
        milliseconds=accuracy.millis or 0,
        microseconds=accuracy.micros or 0,
    )


def _tsa_name(tst_info: Any) -> str | None:
    try:
        name = tst_info.name
    except ValueError:  # the optional `tsa` field is absent
        return None
    value = getattr(name, "value", None)
    return value.rfc4514_string() if isinstance(value, x509.Name) else str(value)


# ---------------------------------------------------------------- trust anchors from config


def authority_from_config(config: Mapping[str, Any]) -> TimestampAuthority | None:
    """The configured time-stamping authority, or None when there is none."""
    section = config.get(CONFIG_KEY)
    if not section:
        return None
    return TimestampAuthority(
        name=str(section["name"]),
        url=section.get("url"),
        anchors=tuple(section.get("anchors", ())),
        required=bool(section.get("required", False)),
    )


def load_anchors(records_root: Path, config: Mapping[str, Any]) -> list[x509.Certificate]:
    """The trust anchors named in records/config.yaml, read from under `records_root`.

    An anchor file holds one or more certificates, PEM or DER. Without a configured authority
    the list is empty.
    """
    authority = authority_from_config(config)
    if authority is None:
        return []
    root = records_root.resolve()
    found: list[x509.Certificate] = []
    for relative in authority.anchors:
        field = f"{CONFIG_FILE}：时间戳服务（{CONFIG_KEY}）的信任根证书 {relative}"
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            raise TrustAnchorError(f"{field} 不在 records/ 目录内；信任根证书必须随记录公开")
        if not path.is_file():
            raise TrustAnchorError(f"{field} 不存在（相对于 records/ 目录）")
        try:
            found.extend(_certificates_in(path.read_bytes()))
        except ValueError as error:
            raise TrustAnchorError(
                f"{field} 不是 PEM 或 DER 格式的 X.509 证书（{error}）"
            ) from error
    return found


def _certificates_in(data: bytes) -> list[x509.Certificate]:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def _certificate(anchor: x509.Certificate | bytes) -> x509.Certificate:
    if isinstance(anchor, x509.Certificate):
        return anchor
    if anchor.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(anchor)
    return x509.load_der_x509_certificate(anchor)


# ---------------------------------------------------------------- DER plumbing


def file_sha256(path: Path) -> bytes:
    """The SHA-256 a token over this file stamps."""
    return hashlib.sha256(path.read_bytes()).digest()


def _parse_response(data: bytes, where: str) -> TimeStampResponse:
    """A TimeStampResp; a bare TimeStampToken (CMS ContentInfo) is wrapped as granted."""
    if _first_inner_tag(data) == 0x06:  # ContentInfo starts with its content type OID
        data = _der(0x30, _der(0x30, _der_integer(0)) + data)
    response = _parsed(lambda: decode_timestamp_response(data), where)
    _parsed(lambda: response.status, where)
    return response


def _first_inner_tag(data: bytes) -> int | None:
    if len(data) < 4 or data[0] != 0x30:
        return None
    offset = 2 + (data[1] & 0x7F if data[1] & 0x80 else 0)
    return data[offset] if offset < len(data) else None


T = TypeVar("T")


def _parsed(read: Callable[[], T], where: str) -> T:
    """Run a parsing step; any failure (the Rust parser may panic) means a malformed token."""
    try:
        return read()
    except (TimestampError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        raise MalformedToken(
            f"{where}不是有效的 RFC 3161 时间戳文件（DER 编码的 TimeStampResp 或 "
            f"TimeStampToken）：{error}"
        ) from error


def _check_digest(digest: bytes) -> None:
    if len(digest) != 32:
        raise ValueError(f"a SHA-256 digest has 32 bytes, not {len(digest)}")


def _fresh_nonce() -> int:
    return secrets.randbits(63)


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _der_integer(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))
