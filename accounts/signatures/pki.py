"""A small certificate authority for agencies without BSrE and for the demo and the tests: a CA,
signing certificates for people (the NIK in the serial-number attribute, as BSrE's do) and for an
institutional seal, packed as PKCS#12. Built on `cryptography`, which pyHanko already needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048
CA_YEARS = 10
SIGNER_YEARS = 2


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate


def _name(common_name: str, organisation: str, serial: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(attributes)


def make_ca(common_name: str, organisation: str, *, now: dt.datetime | None = None) -> Issued:
    now = now or dt.datetime.now(dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = _name(common_name, organisation)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
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
    return Issued(key, certificate)


def issue(
    ca: Issued,
    common_name: str,
    *,
    serial: str = "",
    email: str = "",
    days: int = 365 * SIGNER_YEARS,
    now: dt.datetime | None = None,
) -> Issued:
    """A signing certificate under `ca` (non-repudiation, document signing)."""
    now = now or dt.datetime.now(dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    organisation = ca.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, str(organisation), serial))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def pkcs12_bytes(issued: Issued, ca_certificate: x509.Certificate, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=None,
        key=issued.key,
        cert=issued.certificate,
        cas=[ca_certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


def pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def load_pem_certificates(data: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(data)


@dataclass(frozen=True)
class Pkcs12Facts:
    common_name: str
    serial: str  # the subject's serial-number attribute (a NIK), if any
    not_after: dt.datetime
    fingerprint: str


def read_pkcs12(data: bytes, password: str) -> Pkcs12Facts:
    """What a PKCS#12 file holds; ValueError when the password is wrong or it holds no key and
    certificate."""
    key, certificate, _others = pkcs12.load_key_and_certificates(data, password.encode())
    if key is None or certificate is None:
        raise ValueError("no key or certificate")
    common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    serial = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return Pkcs12Facts(
        common_name=str(common[0].value) if common else certificate.subject.rfc4514_string(),
        serial=str(serial[0].value) if serial else "",
        not_after=certificate.not_valid_after_utc,
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
    )
