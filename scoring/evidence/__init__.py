"""Evidence files: desensitisation check, redacted copies and the PDF evidence bundle.

The app and the CLI call ``check_file`` / ``check_evidence``, ``redact_file`` / ``redact_evidence`` and
``build_bundle``; each returns data (``FileCheck``, ``Finding``, ``Unchecked``) or raises ``EvidenceUnreadable``
with a Chinese message.
"""
