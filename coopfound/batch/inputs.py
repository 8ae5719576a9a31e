"""Which specs a batch renders, and where each one's documents go.

Arguments may be files, folders or globs; every spec gets its own output folder, and
every output is vetted before any work starts, so a batch never stops half-way over a
folder it may not write.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path

from coopfound.batch.run import Job, Outcome, problem_dict
from coopfound.errors import Problem, UsageError

SPEC_SUFFIXES = (".yaml", ".yml")
#: Files in a spec folder that are not specs: interview drafts.
NOT_SPECS = (".draft.yaml", ".draft.yml")
#: A folder holding this file is a template pack, not a group's spec.
PACK_MANIFEST = "pack.yaml"


def find_specs(arguments: Sequence[str]) -> tuple[list[Path], list[Outcome]]:
    """Specs named by files, folders (searched recursively) or globs, in a stable order.

    An argument that names nothing becomes a failed outcome rather than stopping the
    batch: one mistyped name should not cost the other groups their documents.
    """
    found: list[Path] = []
    missing: list[Outcome] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            packs = [manifest.parent for manifest in path.rglob(PACK_MANIFEST)]
            found += sorted(p for p in path.rglob("*") if _looks_like_spec(p, path)
                            and not any(p.is_relative_to(pack) for pack in packs))
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(argument) and (matches := sorted(glob.glob(argument,
                                                                       recursive=True))):
            found += [Path(m) for m in matches if _looks_like_spec(Path(m), None)]
        else:
            missing.append(Outcome(
                spec=argument, output=None, status="failed", error=problem_dict(
                    Problem("no such file, folder or matching spec", file=path,
                            hint="check the name and the path"))))
    unique: dict[Path, Path] = {}
    for spec in found:
        unique.setdefault(spec.resolve(), spec)
    return list(unique.values()), missing


def _looks_like_spec(path: Path, root: Path | None) -> bool:
    if not path.is_file() or path.suffix not in SPEC_SUFFIXES or path.name.endswith(NOT_SPECS):
        return False
    parts = path.relative_to(root).parts if root else path.parts
    return not any(part.startswith(".") and part not in (".", "..") for part in parts)


def plan(specs: Sequence[Path], out_dir: Path) -> list[Job]:
    """One output folder per spec, named after the file, made unique where names clash.

    `valley.yaml` goes to OUT/valley. Two files called coop.yaml in different folders go
    to OUT/north-coop and OUT/south-coop: named by the folders that tell them apart.
    """
    names = {spec: spec.stem for spec in specs}
    stems: dict[str, list[Path]] = {}
    for spec in specs:
        stems.setdefault(spec.stem, []).append(spec)
    for clashing in (group for group in stems.values() if len(group) > 1):
        resolved = [spec.resolve() for spec in clashing]
        common = Path(os.path.commonpath([str(p.parent) for p in resolved]))
        for spec, full in zip(clashing, resolved, strict=True):
            relative = full.relative_to(common).with_suffix("")
            names[spec] = "-".join(relative.parts)
    # Names can still meet (v.yaml and v.yml; north/coop.yaml and north-coop.yaml), and on
    # some systems Valley and valley are one folder: number the later ones.
    taken: set[str] = set()
    for spec in specs:
        name, number = names[spec], 1
        while name.casefold() in taken:
            number += 1
            name = f"{names[spec]}-{number}"
        taken.add(name.casefold())
        names[spec] = name
    return [Job(spec=spec, output=out_dir / names[spec]) for spec in specs]


def preflight(jobs: Sequence[Job], *, force: bool, keep: Sequence[Path],
              report: Path | None = None, specs: Sequence[Path] = (),
              out_dir: Path | None = None) -> None:
    """Refuse the whole batch, before any work, if an output may not be written."""
    from coopfound.output.vetting import check_not_a_file, check_output_file, check_output_folder

    problems: list[Problem] = []
    if report is not None:
        try:
            check_output_file(report)
        except UsageError as error:
            problems += error.problems
        target = report.resolve()
        if any(target == spec.resolve() for spec in specs):
            problems.append(Problem(f"--report {report} would overwrite a spec",
                                    hint="write the report elsewhere, e.g. out/report.json"))
        elif (out_dir is not None and target == out_dir.resolve()) or any(
                target.is_relative_to(job.output.resolve()) for job in jobs):
            problems.append(Problem(f"--report {report} would be written where a spec's"
                                    " documents go", hint="write it beside them, e.g."
                                                          " out/report.json"))
    if out_dir is not None:  # an output folder that is a file is one problem, not one a spec
        try:
            check_not_a_file(out_dir.resolve(), hint="choose another output folder with -o")
        except UsageError as error:
            raise UsageError(problems + error.problems) from None
    for job in jobs:
        try:
            check_output_folder(job.output, force=force, keep=[job.spec, *keep])
        except UsageError as error:
            problems += error.problems
    if problems:
        raise UsageError(problems)
