"""A local time-stamping authority for tests and demo data — 演示用, never a real 可信时间戳 service.

Keys and certificates are made with `cryptography`; tokens are built with asn1crypto (a TSTInfo
in a CMS SignedData, signed attributes with an ESS signing-certificate-v2 naming the signer),
so a test chooses the stamped time, the signer and its certificate (expired, without the
timeStamping purpose, under another root). `openssl ts -reply` cannot: it has no way to set
the time and refuses certificates without the purpose. Tokens pass `openssl ts -verify`
(tests/trust/test_timestamp.py).

Whoever holds the keys can stamp any time they like, and the demo keys are public in this
repository (tests/data/demo-tsa/): a token from this authority proves nothing about time.
"""

from __future__ import annotations

import hashlib
import http.server
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

# A UUID-based OID (ITU-T X.667, arc 2.25): no registration, and no one else's policy.
DEMO_POLICY = "2.25.181393071213939315486052224196307417771"
DEMO_NAME = "演示时间戳服务（不可信）"  # a CN holds at most 64 bytes of UTF-8
DEMO_DIRECTORY = Path(__file__).resolve().parents[1] / "data" / "demo-tsa"
LONG_AGO, FAR_AHEAD = datetime(2020, 1, 1, tzinfo=UTC), datetime(2045, 1, 1, tzinfo=UTC)


def make_key(kind: str = "ec") -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"unknown key kind {kind!r}")


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "spotcheck 演示数据"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_root(
    common_name: str,
    key: PrivateKey | None = None,
    *,
    not_before: datetime = LONG_AGO,
    not_after: datetime = FAR_AHEAD,
) -> tuple[x509.Certificate, PrivateKey]:
    """A self-signed CA certificate: the trust anchor a verifier is configured with."""
    key = key or make_key()
    name = _name(common_name)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def issue_certificate(
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    common_name: str,
    key: PrivateKey | None = None,
    *,
    not_before: datetime = LONG_AGO,
    not_after: datetime = FAR_AHEAD,
    timestamping: bool = True,
    usage_critical: bool = True,
    ca: bool = False,
) -> tuple[x509.Certificate, PrivateKey]:
    """A certificate under `issuer`: by default a TSA's (EKU timeStamping, critical)."""
    key = key or make_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if timestamping and not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=usage_critical
        )
    return builder.sign(issuer_key, hashes.SHA256()), key


@dataclass
class DemoAuthority:
    """A TSA: the root it chains to, its own certificate and key, and what it stamps."""

    root: x509.Certificate
    root_key: PrivateKey
    certificate: x509.Certificate
    key: PrivateKey
    intermediates: list[x509.Certificate] = field(default_factory=list)
    policy: str = DEMO_POLICY
    _serials: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    @classmethod
    def create(
        cls,
        name: str = DEMO_NAME,
        *,
        key_kind: str = "ec",
        root_validity: tuple[datetime, datetime] = (LONG_AGO, FAR_AHEAD),
        **certificate_options: object,
    ) -> DemoAuthority:
        """A fresh root and TSA certificate; `certificate_options` go to issue_certificate."""
        root, root_key = make_root(
            f"{name}根证书",
            make_key(key_kind),
            not_before=root_validity[0],
            not_after=root_validity[1],
        )
        certificate, key = issue_certificate(
            root,
            root_key,
            name,
            make_key(key_kind),
            **certificate_options,  # type: ignore[arg-type]
        )
        return cls(root, root_key, certificate, key)

    # ------------------------------------------------------------ issuing

    def stamp(
        self,
        digest: bytes,
        *,
        at: datetime | None = None,
        nonce: int | None = None,
        serial: int | None = None,
        accuracy: timedelta | None = timedelta(seconds=1),
        with_certificates: bool = True,
    ) -> bytes:
        """A DER TimeStampResp granting a token over `digest` (SHA-256) at `at` (default now)."""
        at = (at or datetime.now(UTC).replace(microsecond=0)).astimezone(UTC)
        info: dict[str, object] = {
            "version": "v1",
            "policy": self.policy,
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": digest,
            },
            "serial_number": serial if serial is not None else next(self._serials),
            "gen_time": at,
            "ordering": False,
            "tsa": asn1_x509.GeneralName(
                name="directory_name", value=_asn1_certificate(self.certificate).subject
            ),
        }
        if accuracy is not None:
            seconds, remainder = divmod(accuracy, timedelta(seconds=1))
            parts = {"seconds": seconds} if seconds else {}
            if remainder:
                parts["millis"] = remainder // timedelta(milliseconds=1)
            info["accuracy"] = parts
        if nonce is not None:
            info["nonce"] = nonce
        token = self._sign(tsp.TSTInfo(info).dump(), with_certificates)
        return tsp.TimeStampResp(
            {"status": {"status": "granted"}, "time_stamp_token": token}
        ).dump()

    def respond(self, request_der: bytes, *, at: datetime | None = None) -> bytes:
        """Answer a DER TimeStampReq as a TSA would (its nonce, certReq and hash honoured)."""
        request = tsp.TimeStampReq.load(request_der)
        imprint = request["message_imprint"]
        if imprint["hash_algorithm"]["algorithm"].native != "sha256":
            return rejection("only SHA-256 is stamped", "bad_alg")
        return self.stamp(
            imprint["hashed_message"].native,
            at=at,
            nonce=request["nonce"].native,
            with_certificates=bool(request["cert_req"].native),
        )

    def _sign(self, tst_info_der: bytes, with_certificates: bool) -> cms.ContentInfo:
        signer = _asn1_certificate(self.certificate)
        signing_certificate = tsp.SigningCertificateV2(
            {
                "certs": [
                    {
                        "cert_hash": hashlib.sha256(signer.dump()).digest(),
                        "issuer_serial": {
                            "issuer": [
                                asn1_x509.GeneralName(name="directory_name", value=signer.issuer)
                            ],
                            "serial_number": signer.serial_number,
                        },
                    }
                ]
            }
        )
        attributes = [
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute(
                {"type": "message_digest", "values": [hashlib.sha256(tst_info_der).digest()]}
            ),
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [signing_certificate]}),
        ]
        # DER orders a SET OF by encoding; verifiers that re-encode would otherwise disagree.
        signed_attributes = cms.CMSAttributes(sorted(attributes, key=lambda a: a.dump()))
        signature, algorithm = self._signature(signed_attributes.dump())
        signer_info = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    name="issuer_and_serial_number",
                    value={"issuer": signer.issuer, "serial_number": signer.serial_number},
                ),
                "digest_algorithm": {"algorithm": "sha256"},
                "signed_attrs": signed_attributes,
                "signature_algorithm": {"algorithm": algorithm},
                "signature": signature,
            }
        )
        signed_data: dict[str, object] = {
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {
                "content_type": "tst_info",
                "content": core.ParsableOctetString(tst_info_der),
            },
            "signer_infos": [signer_info],
        }
        if with_certificates:
            signed_data["certificates"] = [
                _asn1_certificate(c) for c in [self.certificate, *self.intermediates]
            ]
        return cms.ContentInfo({"content_type": "signed_data", "content": signed_data})

    def _signature(self, data: bytes) -> tuple[bytes, str]:
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(data, ec.ECDSA(hashes.SHA256())), "sha256_ecdsa"
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256()), "sha256_rsa"

    # ------------------------------------------------------------ keeping it on disk

    def save(self, directory: Path) -> None:
        """root-ca.pem, root-ca.key.pem, tsa.pem (with intermediates), tsa.key.pem."""
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "root-ca.pem").write_bytes(_pem(self.root))
        (directory / "tsa.pem").write_bytes(
            b"".join(_pem(c) for c in [self.certificate, *self.intermediates])
        )
        for name, key in (("root-ca.key.pem", self.root_key), ("tsa.key.pem", self.key)):
            (directory / name).write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )

    @classmethod
    def load(cls, directory: Path = DEMO_DIRECTORY) -> DemoAuthority:
        def key(name: str) -> PrivateKey:
            loaded = serialization.load_pem_private_key((directory / name).read_bytes(), None)
            assert isinstance(loaded, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey)
            return loaded

        certificate, *intermediates = x509.load_pem_x509_certificates(
            (directory / "tsa.pem").read_bytes()
        )
        root = x509.load_pem_x509_certificate((directory / "root-ca.pem").read_bytes())
        return cls(root, key("root-ca.key.pem"), certificate, key("tsa.key.pem"), intermediates)


def rejection(text: str, failure: str = "bad_request") -> bytes:
    """A DER TimeStampResp refusing a request (asn1crypto insists on a token, so by hand)."""
    status = tsp.PKIStatusInfo(
        {"status": "rejection", "status_string": [text], "fail_info": {failure}}
    ).dump()
    return core.Sequence.load(b"\x30" + _der_length(len(status)) + status).dump()


def _der_length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    encoded = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(encoded)]) + encoded


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


@contextmanager
def serving(authority: DemoAuthority) -> Iterator[str]:
    """The authority answering `application/timestamp-query` POSTs on 127.0.0.1; its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415, "expected application/timestamp-query")
                return
            try:
                reply = authority.respond(request)
            except Exception as error:  # as a server would: an error status, not a dropped line
                self.send_error(500, str(error))
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
