"""Completion rules, certificates, signing keys and ZIP bundles."""

from .certificates import Certificate, CertificateBundle, CompletionRule, certificate_pdf_path
from .codes import code_display, code_generate, code_normalize
from .keys import SigningKey

__all__ = [
    "Certificate",
    "CertificateBundle",
    "CompletionRule",
    "SigningKey",
    "certificate_pdf_path",
    "code_display",
    "code_generate",
    "code_normalize",
]
