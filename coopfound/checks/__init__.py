"""Checks on a spec and on the rules it renders. They return findings and never print.

Every finding has a stable code, so a founder, a development worker and a script can all
talk about the same problem; the code's explanation and source live in `CHECKS`.
"""

from __future__ import annotations

from coopfound.checks.base import CHECKS, CheckInfo, Finding, Severity
from coopfound.checks.run import CheckReport, run_checks

__all__ = ["CHECKS", "CheckInfo", "CheckReport", "Finding", "Severity", "run_checks"]
