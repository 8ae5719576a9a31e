"""What produced a document: stamped into every file so a signed copy can be traced back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coopfound import __version__
from coopfound.spec.loader import LoadedSpec
from coopfound.templating.packs import TemplatePack


@dataclass(frozen=True)
class Provenance:
    coopfound_version: str
    spec_sha256: str
    law_as_at: date
    templates: str

    @classmethod
    def of(cls, loaded: LoadedSpec, pack: TemplatePack) -> Provenance:
        return cls(coopfound_version=__version__, spec_sha256=loaded.fingerprint,
                   law_as_at=pack.law_as_at, templates=pack.label)

    def as_dict(self) -> dict[str, str]:
        return {
            "generator": f"coopfound {self.coopfound_version}",
            "spec_sha256": self.spec_sha256,
            "law_as_at": self.law_as_at.isoformat(),
            "templates": self.templates,
        }

    def sentence(self) -> str:
        return (f"Drafted by coopfound {self.coopfound_version} from a spec with SHA-256"
                f" {self.spec_sha256}, against the law as at {self.law_as_at.isoformat()}"
                f" ({self.templates}).")
