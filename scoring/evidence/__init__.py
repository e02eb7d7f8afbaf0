"""Evidence files: desensitisation check, redacted copies and the PDF evidence bundle.

The app and the CLI call ``check_file`` / ``check_evidence``, ``redact_file`` / ``redact_evidence``, ``accept``
and ``build_bundle``; each returns data (``FileCheck``, ``Finding``, ``Unchecked``, ``EvidenceReport``, ``Bundle``)
or raises ``EvidenceUnreadable`` / ``BundleRefused`` with Chinese messages.
"""

from .bundle import Bundle, BundleRefused, build_bundle
from .check import EvidenceReport, check_evidence, check_file
from .model import EvidenceUnreadable, FileCheck, Finding, Unchecked, accept, outstanding
from .redact import RedactedFile, RedactionFailed, RedactionReport, redact_evidence, redact_file

__all__ = [
    "Bundle", "BundleRefused", "EvidenceReport", "EvidenceUnreadable", "FileCheck", "Finding", "RedactedFile",
    "RedactionFailed", "RedactionReport", "Unchecked", "accept", "build_bundle", "check_evidence", "check_file",
    "outstanding", "redact_evidence", "redact_file",
]
