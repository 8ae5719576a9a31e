"""What an amendment of the rules cannot do, or can do only with more than a resolution.

Each is a coded finding (CF401-CF407, in the checks' catalogue), located at the field of
the new spec that asks for it.
"""

from __future__ import annotations

from coopfound.checks.base import Finding, finding
from coopfound.spec.model import AssetLock, Nation, Spec


def amendment_findings(old: Spec, new: Spec) -> list[Finding]:
    found: list[Finding] = []
    if old.society.legal_form is not new.society.legal_form:
        found.append(finding(
            "CF401", ("society", "legal_form"),
            f"the society would change from a {old.society.legal_form.display} to a"
            f" {new.society.legal_form.display}, which an amendment of the rules cannot do",
            f"keep legal_form: {old.society.legal_form.value}, and take advice on"
            " converting or transferring engagements"))
    if (old.dissolution.asset_lock is AssetLock.statutory
            and new.dissolution.asset_lock is not AssetLock.statutory):
        found.append(finding(
            "CF402", ("dissolution", "asset_lock"),
            "the statutory asset lock would be removed, which the 2006 Regulations forbid",
            "keep dissolution.asset_lock: statutory"))
    if old.society.charitable and not new.society.charitable:
        found.append(finding(
            "CF407", ("society", "charitable"),
            "the society would stop being a charity, which its rules and charity law forbid",
            "keep society.charitable: true"))
    if old.society.name != new.society.name:
        found.append(finding(
            "CF403", ("society", "name"),
            f"the name changes from '{old.society.name}' to '{new.society.name}', which"
            " takes effect only when the FCA approves it",
            "apply for the FCA's approval of the new name with the amendment"))
    moved_out = (old.society.registered_office.nation is Nation.wales
                 and new.society.registered_office.nation is not Nation.wales)
    if moved_out and new.society.name.split()[-1:] == ["Cyfyngedig"]:
        found.append(finding(
            "CF404", ("society", "registered_office", "nation"),
            "the office would move out of Wales while the name still ends 'Cyfyngedig'",
            "change the name to end 'Limited' in the same amendment"))
    if new.voting.extraordinary_resolution_pct < old.voting.extraordinary_resolution_pct:
        found.append(finding(
            "CF405", ("voting", "extraordinary_resolution_pct"),
            f"the threshold for changing the rules falls from"
            f" {old.voting.extraordinary_resolution_pct}% to"
            f" {new.voting.extraordinary_resolution_pct}%, an entrenched change",
            "it needs an entrenched-rule resolution at two general meetings"))
    return found
