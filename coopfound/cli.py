"""The command line: parse options, call one library function, show the result.

Start-up matters (founders run `--help` first): only typer and the error tree are
imported here at module level. Each command imports what it needs when it runs, so
`coopfound --help` never loads docxtpl, questionary or pydantic's models.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from coopfound import __version__
from coopfound.errors import CoopfoundError, ExitCode

if TYPE_CHECKING:
    from coopfound.interview.session import Asker
    from coopfound.templating.packs import TemplatePack

T = TypeVar("T")

app = typer.Typer(
    name="coopfound",
    help=(
        "Found and register a multi-stakeholder care co-operative.\n\n"
        "coopfound reads a constitution spec (coop.yaml), checks it against the"
        " Co-operative and Community Benefit Societies Act 2014 and the FCA's"
        " registration conditions, and renders complete society rules.\n\n"
        "Example: coopfound check examples/wales-domiciliary.yaml\n\n"
        "Exit codes: 0 ok, 1 tool error, 2 usage, 3 spec invalid or checks failed (or a"
        " template pack has problems), 4 some specs of a batch failed."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coopfound {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Found and register a multi-stakeholder care co-operative."""


@contextmanager
def _reporting_errors() -> Iterator[None]:
    """Turn coopfound's own errors into `Error:`/`Hint:` lines and their exit code."""
    try:
        yield
    except CoopfoundError as error:
        from coopfound.console import show_error

        show_error(error)
        raise typer.Exit(int(error.exit_code)) from None
    except MemoryError:  # a template pack over its memory limit, outside a template
        from coopfound.console import show_error

        show_error(CoopfoundError(
            "coopfound ran out of memory", hint="a template pack may use at most"
            " COOPFOUND_MEMORY_MB megabytes (4096 unless set); look for a template that"
            " builds a very large value"))
        raise typer.Exit(int(ExitCode.TOOL_ERROR)) from None
    except OSError as error:  # a path the system refused where no nearer code caught it
        from coopfound.console import show_error
        from coopfound.output.disk import path_error

        problem = path_error(error)
        show_error(problem)
        raise typer.Exit(int(problem.exit_code)) from None


SpecArgument = Annotated[Path, typer.Argument(help="The constitution spec, e.g. coop.yaml.",
                                              show_default=False, metavar="SPEC")]
PdfOption = Annotated[bool, typer.Option(
    "--pdf", help="Also write a PDF beside every Word file, made by LibreOffice (which must"
                  " be installed).")]
TemplatesOption = Annotated[Path | None, typer.Option(
    "--templates", help="A template pack's folder (with pack.yaml) whose templates replace"
                        " the built-in ones of the same name.", show_default=False,
    metavar="DIR")]


@app.command(epilog="Example: coopfound check examples/wales-domiciliary.yaml")
def check(
    spec: SpecArgument,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text for people, json for scripts.")] = OutputFormat.text,
    templates: TemplatesOption = None,
    next_steps: Annotated[bool, typer.Option(hidden=True)] = False,
) -> None:
    """Check a spec against the Act, the FCA's conditions and the s.14 matters.

    Exits 0 when there are no errors (warnings are allowed) and 3 when there are.
    """
    with _reporting_errors():
        from coopfound.checks.report import (
            check_report_json,
            show_check_report,
            show_next_steps,
            spec_error_json,
        )
        from coopfound.checks.run import run_checks
        from coopfound.spec.loader import load_spec

        try:
            pack = _pack(templates)
            report = _guarded(pack, lambda: run_checks(load_spec(spec), pack))
        except CoopfoundError as error:
            if output_format is OutputFormat.json:  # scripts get JSON for every failure
                _print_json(spec_error_json(spec, error))
            raise
        if output_format is OutputFormat.json:
            _print_json(check_report_json(report))
        else:
            show_check_report(report)
            if next_steps:
                show_next_steps(report)
        if not report.ok:
            raise typer.Exit(int(ExitCode.INVALID))


@app.command(epilog="Example: coopfound render examples/wales-domiciliary.yaml -o out/wales")
def render(
    spec: SpecArgument,
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.",
                                         show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output folder if it already has files.")] = False,
    templates: TemplatesOption = None,
    pdf: PdfOption = False,
) -> None:
    """Render the rules and the founding pack (Markdown, Word, CSV, calendar) from a spec.

    The pack holds the rules, a membership form and an easy-read form per class, a share
    certificate, the registers, the founding meeting's papers, letters, the registration
    checklist and the timeline, and index.html: every document on one page, the rules
    cross-linked, to read or print. The spec is checked first; a spec with errors is not
    rendered. Output is written atomically: a failed render leaves the previous output,
    or nothing.
    """
    with _reporting_errors():
        _render_to(spec, output, force, templates, only=None, pdf=pdf)


def _pack(templates: Path | None) -> TemplatePack:
    """The template pack to render with. A pack of the user's own is untrusted: cap this
    process's memory before any of its files is read (forked children inherit it)."""
    from coopfound.templating.packs import template_pack

    if templates is not None:
        from coopfound.templating.sandbox import limit_memory

        limit_memory()
    return template_pack(templates)


def _guarded(pack: TemplatePack, work: Callable[[], T],
             cleanup: Callable[[], None] | None = None) -> T:
    """Run work that renders a pack's templates; an untrusted pack's in a child process
    that is stopped if a template overruns or crashes (`templating.guard`)."""
    if not pack.sandboxed:
        return work()
    from coopfound.templating.guard import run_guarded

    return run_guarded(work, cleanup=cleanup)


def _render_to(spec: Path, output: Path, force: bool, templates: Path | None,
               only: frozenset[str] | None, pdf: bool = False) -> None:
    from coopfound.console import say
    from coopfound.output.leftovers import put_right_now
    from coopfound.publish.run import publish

    if pdf:  # before anything is read or written: without LibreOffice, nothing to do
        from coopfound.output.office import find_office

        find_office()
    pack = _pack(templates)
    published = _guarded(pack, lambda: publish(spec, output, pack, force=force, only=only,
                                               pdf=pdf),
                         cleanup=lambda: put_right_now(output))
    for notice in published.notices:
        say(f"Notice: {notice}", style="yellow")
    for problem in published.located:  # as `check` shows them: where, then what to do
        say(f"Warning: {problem.one_line()}", style="yellow")
        if problem.hint:
            say(f"Hint: {problem.hint}")
    say(f"Wrote {len(published.files)} files to {output}:")
    for path in published.files:
        say(f"  {path}")


@app.command(epilog="Example: coopfound batch groups/ -o out/ --report out/report.json")
def batch(
    specs: Annotated[list[str], typer.Argument(
        help="Spec files, folders (searched for *.yaml and *.yml) or globs such as"
             " 'groups/*.yaml'.", show_default=False, metavar="SPEC")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder that will hold"
                                         " one folder per spec.", show_default=False)],
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Specs rendered at once, each in its own process."
                                    " Default: one per CPU this process may use.",
        show_default=False)] = None,
    fail_fast: Annotated[bool, typer.Option(
        "--fail-fast", help="Stop starting new specs after the first failure.")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Also write the results as JSON to this file.",
        show_default=False, metavar="FILE")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace output folders written by an earlier batch.")] = False,
    templates: TemplatesOption = None,
    pdf: PdfOption = False,
) -> None:
    """Render many specs at once, each into its own folder under the output folder.

    Every spec is checked and rendered as `coopfound render` would, and written
    atomically. A spec that fails does not stop the others: the closing table gives each
    spec's result and its first error. Exit 0 when every spec was rendered, 4 when some
    failed (the others are written), 2 when nothing could be started, 130 when stopped
    with Ctrl-C (the specs already written stay).
    """
    with _reporting_errors():
        _run_batch(specs, output, jobs, fail_fast, report, force, templates, pdf)


def _run_batch(arguments: list[str], output: Path, jobs: int | None, fail_fast: bool,
               report: Path | None, force: bool, templates: Path | None,
               pdf: bool = False) -> None:
    import time

    from coopfound.batch.inputs import find_specs, plan, preflight
    from coopfound.batch.report import show_batch_result, write_batch_report
    from coopfound.batch.run import BatchRun, Outcome, default_workers, interrupts_as_flag
    from coopfound.console import progress, say
    from coopfound.errors import Problem, UsageError
    started = time.perf_counter()
    if pdf:  # once, before any spec starts, rather than as every spec's failure
        from coopfound.output.office import find_office

        find_office()
    pack = _pack(templates)
    specs, missing = find_specs(arguments)
    if not specs:
        raise UsageError([Problem(**{k: v for k, v in (outcome.error or {}).items()
                                     if k in ("message", "hint")}, file=Path(outcome.spec))
                          for outcome in missing] or Problem(
            f"no spec found in {', '.join(arguments)}",
            hint="name spec files, folders that hold them, or a glob such as"
                 " 'groups/*.yaml'"))
    work = plan(specs, output)
    preflight(work, force=force, keep=[*pack.roots[:-1]] + ([report] if report else []),
              report=report, specs=specs, out_dir=output)
    workers = min(jobs or default_workers(), len(work))
    failed = len(missing)
    run = BatchRun(work, templates=templates, force=force, workers=workers, pdf=pdf)
    with interrupts_as_flag() as stop:
        run.start()  # forks the workers before the progress bar is drawn
        with progress(len(work), "Rendering") as advance:
            def step(outcome: Outcome) -> None:
                nonlocal failed
                if outcome.status == "skipped":  # not done: the bar shows how far it got
                    return
                failed += outcome.status == "failed"
                advance(f"Rendering ({failed} failed)" if failed else "Rendering")

            result = run.collect(fail_fast=fail_fast, on_outcome=step, stop=stop)
        result.outcomes[:0] = missing
        seconds = time.perf_counter() - started
        show_batch_result(result, seconds)
        if report is not None:
            write_batch_report(report, result, pack_label=pack.label, workers=workers,
                               seconds=seconds)
    if result.stopped == "interrupted":
        say(f"Stopped with Ctrl-C after {len(work) - result.count('skipped')} of"
            f" {len(work)} specs. The folders of the specs rendered above are complete; the"
            " others were not started. Run the batch again with --force to finish.")
        raise typer.Exit(130)
    if not result.ok:
        raise typer.Exit(int(ExitCode.SOME_FAILED))


@app.command(epilog="Example: coopfound init --out coop.yaml")
def init(
    out: Annotated[Path, typer.Option("--out", "-o", help="The spec file to write.")] = Path(
        "coop.yaml"),
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="A YAML file of answers, shaped like coop.yaml.",
        show_default=False)] = None,
    settings: Annotated[list[str] | None, typer.Option(
        "--set", help="Answer one question: --set society.name='Valley Care Limited'."
                      " Repeatable.", show_default=False, metavar="KEY=VALUE")] = None,
    defaults: Annotated[bool, typer.Option(
        "--defaults", help="Take the default for every question not answered.")] = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Carry on from the saved draft without asking.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing spec.")] = False,
) -> None:
    """Write a constitution spec by answering plain-language questions.

    Every answer is saved to a draft (coop.draft.yaml) as soon as it is given: if the
    interview stops, run init again to carry on. With no terminal (CI, scripts), give
    answers with --answers, --set or --defaults; nothing is asked, and anything missing
    is listed at once (exit 3).
    """
    with _reporting_errors():
        from coopfound.console import say
        from coopfound.interview.drafts import draft_path
        from coopfound.interview.run import DeclinedToReplace, InitOptions, run_init

        options = InitOptions(out=out, answers_file=answers, settings=tuple(settings or ()),
                              use_defaults=defaults, resume=resume, force=force)
        factory = _terminal_asker if sys.stdin.isatty() and sys.stdout.isatty() else None
        try:
            result = run_init(options, factory)
        except DeclinedToReplace as declined:
            say(f"Kept {declined.path} as it is. To write a new spec, run"
                f" `coopfound init --out another.yaml`.")
            return
        except (KeyboardInterrupt, EOFError):
            say(f"\nStopped. Every answer you gave is saved in {draft_path(out)}."
                f" Run `coopfound init --out {out}` to carry on.")
            raise typer.Exit(130) from None
        say(f"Wrote {result.spec_path}.")
    check(result.spec_path, OutputFormat.text, next_steps=True)


def _terminal_asker() -> Asker:
    from coopfound.interview.prompts import TerminalAsker

    return TerminalAsker()


@app.command(epilog="Example: coopfound register examples/wales-domiciliary.yaml -o out/fca")
def register(
    spec: SpecArgument,
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.",
                                         show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an earlier output folder of coopfound's.")] = False,
    templates: TemplatesOption = None,
    pdf: PdfOption = False,
) -> None:
    """Write the registration pack: what to send to the FCA and the care regulator.

    The rules to attach, the registration checklist (data the FCA asks for, the fee band
    and why, what to attach, the care-regulator steps and staff checks for your nation),
    the founding meeting's papers, the covering letter, the registers, and the timeline
    as a calendar file. `coopfound render` writes all of this and the membership forms.
    """
    with _reporting_errors():
        from coopfound.publish.render import REGISTRATION_PACK

        _render_to(spec, output, force, templates, only=REGISTRATION_PACK, pdf=pdf)


@app.command(epilog="Example: coopfound amend examples/wales-domiciliary.yaml"
                    " examples/amendments/wales-council.yaml -o out/amend")
def amend(
    first: Annotated[Path, typer.Argument(
        help="The spec of the rules in force; with --from-git, the changed spec.",
        show_default=False, metavar="OLD")],
    second: Annotated[Path | None, typer.Argument(
        help="The changed spec.", show_default=False, metavar="NEW")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The folder to write the amendment pack into.",
        show_default=False)] = None,
    from_git: Annotated[str | None, typer.Option(
        "--from-git", help="Take the rules in force from this git revision of NEW's file"
                           " (e.g. HEAD, or v1.0).", show_default=False,
        metavar="REV")] = None,
    notice_date: Annotated[str | None, typer.Option(
        "--notice-date", help="The day the notice of the meeting goes out, like 2027-03-01"
                              " (default: today).", show_default=False,
        metavar="DATE")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text for people, json for scripts.")] = OutputFormat.text,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an earlier output folder of coopfound's.")] = False,
) -> None:
    """Turn a changed spec into the resolution, notices, a redline and the FCA application.

    Give the rules in force and the changed spec (`coopfound amend OLD NEW -o DIR`), or
    only NEW with --from-git. Exits 0 when the pack is written or nothing changes, 2 for a
    usage problem, 3 when a spec has errors or the change cannot be made by amendment.
    """
    with _reporting_errors():
        from datetime import date

        from coopfound.amend.run import old_from_git, run_amend, summary_data, temporary_folder
        from coopfound.console import say
        from coopfound.errors import Problem, UsageError
        from coopfound.templating.packs import builtin_pack

        # `amend OLD NEW`, or `amend --from-git REV NEW` with the one path the changed spec.
        old: Path | None = first if second is not None else None
        new = second if second is not None else first
        if output is None:
            raise UsageError(Problem("say where to write the amendment pack",
                                     hint="add -o DIR, e.g. -o out/amend"))
        try:
            day = date.fromisoformat(notice_date) if notice_date else date.today()
        except ValueError:
            raise UsageError(Problem(f"--notice-date {notice_date}: write a date like"
                                     " 2027-03-01", hint="year-month-day")) from None
        with temporary_folder() as scratch:
            if from_git is not None:
                if old is not None:
                    raise UsageError(Problem("give either OLD or --from-git, not both",
                                             hint="coopfound amend --from-git HEAD coop.yaml"))
                old = old_from_git(new, from_git, Path(scratch))
            elif old is None:
                raise UsageError(Problem("give the spec of the rules in force, and the"
                                         " changed spec", hint="coopfound amend OLD NEW -o"
                                         " DIR, or --from-git REV NEW"))
            try:
                done = run_amend(old, new, output, builtin_pack(), force=force,
                                 notice_date=day)
            except CoopfoundError as error:
                if output_format is OutputFormat.json:
                    _print_json(_error_json(error))
                raise
        if done.amendment is None:
            if output_format is OutputFormat.json:
                _print_json({"format_version": 1, "ok": True, "changes": []})
            else:
                say(f"Nothing to amend: {new} gives the same rules as the rules in force.")
            return
        if output_format is OutputFormat.json:
            _print_json({"format_version": 1, "ok": True, **summary_data(done.amendment)})
            return
        procedure = done.amendment.procedure
        article = "an" if procedure.decision.name[0] in "aeiou" else "a"
        say(f"{len(done.amendment.counted)} rules change: {article}"
            f" {procedure.decision.name} is needed (at least"
            f" {procedure.decision.threshold_pct:f}% of the votes cast"
            + (", at two general meetings" if procedure.is_entrenched else "") + ").")
        for consent in procedure.consents:
            say(f"  Class consent ({consent.matter}): "
                + done.amendment.class_names(consent.classes))
        for finding in done.amendment.findings:
            say(f"Warning: {finding.field}: {finding.message} ({finding.code})",
                style="yellow")
        say(f"Wrote {len(done.files)} files to {output}:")
        for path in done.files:
            say(f"  {path}")


@app.command(epilog="Example: coopfound annual examples/wales-domiciliary.yaml"
                    " examples/annual/wales/2027-28 examples/annual/wales/2028-29 -o out/annual")
def annual(
    spec: SpecArgument,
    records: Annotated[list[Path], typer.Argument(
        help="Folders of a year's records each: members.csv, meetings.csv, board.csv and"
             " figures.yaml (see examples/annual/README.md).", show_default=False,
        metavar="RECORDS...")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.",
                                         show_default=False)],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text for people, json for scripts.")] = OutputFormat.text,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an earlier output folder of coopfound's.")] = False,
) -> None:
    """Measure each year whether members really control the co-op, from its own records.

    Writes the report as Markdown, Word and HTML with charts, and a practice score out of
    100 beside the constitution's score. Exits 0 when written, 2 for a usage problem, 3
    when a record has a problem (each located by file, row and column; nothing is written).
    """
    with _reporting_errors():
        from coopfound.annual.run import run_annual
        from coopfound.console import say
        from coopfound.templating.packs import builtin_pack

        try:
            done = run_annual(spec, list(records), output, builtin_pack(), force=force)
        except CoopfoundError as error:
            if output_format is OutputFormat.json:
                _print_json(_error_json(error))
            raise
        if output_format is OutputFormat.json:
            _print_json({"format_version": 1, "ok": True, **done.json})
            return
        for report in done.reports:
            say(f"{report.measures.year.label}: practice score {report.practice_total:g} out"
                f" of 100 (the constitution scores {done.constitution:g});"
                f" {len(report.shortfalls)}"
                f" {'shortfall' if len(report.shortfalls) == 1 else 'shortfalls'} against"
                " the rules")
            for shortfall in report.shortfalls:
                say(f"  - {shortfall.text}")
        say(f"Wrote {len(done.files)} files to {output}.")


@app.command(epilog="Example: coopfound explain CF142")
def explain(
    code: Annotated[str, typer.Argument(help="A finding's code, e.g. CF142.",
                                        show_default=False, metavar="CODE")],
) -> None:
    """Explain a finding of coopfound check: what it means, why, and its source."""
    with _reporting_errors():
        from coopfound.checks.base import CHECKS
        from coopfound.console import say
        from coopfound.errors import Problem, UsageError

        info = CHECKS.get(code.strip().upper())
        if info is None:
            raise UsageError(Problem(f"there is no check {code!r}",
                                     hint="codes look like CF142; `coopfound check` lists"
                                          " them with each finding"))
        say(f"{info.code} ({info.severity.value}): {info.summary}", style="bold")
        say("")
        say(info.explanation)
        say("")
        say(f"Source: {info.source}", style="dim")


@app.command(epilog="Example: coopfound score examples/wales-domiciliary.yaml")
def score(
    spec: SpecArgument,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text for people, json for scripts.")] = OutputFormat.text,
    members: Annotated[list[str] | None, typer.Option(
        "--members", help="Expected members of a class, for one-member-one-vote"
                          " simulations: --members care_workers=30. Repeatable.",
        show_default=False)] = None,
    templates: TemplatesOption = None,
) -> None:
    """Score how member-controlled the constitution is, out of 100, and simulate votes.

    Exits 0 when the score is acceptable (70 or more, with no check errors), 3 when not.
    """
    with _reporting_errors():
        from coopfound.checks.run import run_checks
        from coopfound.control.governance import coalitions, protections, vote_shares
        from coopfound.control.report import score_json, show_score
        from coopfound.control.score import score as score_spec
        from coopfound.spec.loader import load_spec

        try:
            pack = _pack(templates)
            report = _guarded(pack, lambda: run_checks(load_spec(spec), pack))
            loaded = report.loaded
            shares = vote_shares(loaded.spec, _parse_members(members or [], loaded.spec))
        except CoopfoundError as error:
            if output_format is OutputFormat.json:
                _print_json(_error_json(error))
            raise
        card = score_spec(loaded.spec, shares, has_errors=not report.ok)
        groups, protected = coalitions(loaded.spec, shares), protections(loaded.spec, shares)
        if output_format is OutputFormat.json:
            _print_json(score_json(loaded.spec, card, shares, groups, protected))
        else:
            show_score(loaded.spec, card, shares, groups, protected)
        if card.band == "not acceptable":
            raise typer.Exit(int(ExitCode.INVALID))


def _parse_members(settings: list[str], spec: object) -> dict[str, int]:
    from coopfound.errors import Problem, UsageError
    from coopfound.spec.model import Spec

    assert isinstance(spec, Spec)
    import difflib

    ids = sorted(c.id for c in spec.member_classes)
    counts: dict[str, int] = {}
    for setting in settings:
        key, _, value = setting.partition("=")
        if key not in ids:
            close = difflib.get_close_matches(key, ids, n=1)
            raise UsageError(Problem(
                f"--members {setting[:60]}: there is no member class '{key[:40]}'",
                hint=(f"did you mean '{close[0]}'? " if close else "")
                + f"the classes are: {', '.join(ids)}"))
        if not value.strip().isdigit() or len(value.strip()) > 6:
            raise UsageError(Problem(
                f"--members {setting[:60]}: the number of members must be a whole number",
                hint=f"write it like --members {key}=40 (up to 999999)"))
        counts[key] = int(value)
    from coopfound.control.governance import ASSUMED_MEMBERS_PER_CLASS
    from coopfound.control.protections import keeps_users_a_majority

    if counts and keeps_users_a_majority(spec):
        members = {c.id: (c.user_class, counts.get(c.id, ASSUMED_MEMBERS_PER_CLASS))
                   for c in spec.member_classes}
        users = sum(n for user, n in members.values() if user)
        if users * 2 <= sum(n for _, n in members.values()):
            raise UsageError(Problem(
                "these numbers break the rules: members of user classes must always be more"
                " than half of all members",
                hint=f"give the user classes more members than the others (classes not"
                     f" named count as {ASSUMED_MEMBERS_PER_CLASS})"))
    return counts


@app.command(epilog="Example: coopfound schema > coop.schema.json")
def schema() -> None:
    """Print the JSON Schema of coop.yaml, for editors that validate as you type."""
    with _reporting_errors():
        from coopfound.spec.schema import spec_json_schema

        _print_json(spec_json_schema())


templates_app = typer.Typer(
    name="templates", no_args_is_help=True, rich_markup_mode=None,
    help="Work with template packs.\n\nExample: coopfound templates lint my-pack/")
app.add_typer(templates_app)


@templates_app.command("lint", epilog="Example: coopfound templates lint my-pack/")
def templates_lint(
    folder: Annotated[Path | None, typer.Argument(
        help="The pack's folder (with pack.yaml). Default: the built-in templates.",
        show_default=False, metavar="[DIR]")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text for people, json for scripts.")] = OutputFormat.text,
) -> None:
    """Check a template pack: Jinja syntax, names the spec does not provide (Word shells
    too), s.14 coverage, cross-references, files that replace nothing, and every example
    rendered with the pack.

    Exits 0 when nothing is wrong and 3 when something is: made for CI and pre-commit.
    """
    with _reporting_errors():
        from coopfound.lint.run import lint_pack
        from coopfound.lint.show import show_lint_report

        try:
            if folder is None:
                report = lint_pack(None)
            else:  # lint renders the pack's templates, and reports its manifest's faults
                from coopfound.templating.guard import run_guarded
                from coopfound.templating.sandbox import limit_memory

                limit_memory()
                report = run_guarded(lint_pack, folder)
        except CoopfoundError as error:
            if output_format is OutputFormat.json:
                _print_json(_error_json(error))
            raise
        if output_format is OutputFormat.json:
            _print_json(report.as_dict())
        else:
            show_lint_report(report)
        if not report.ok:
            raise typer.Exit(int(ExitCode.INVALID))


def _error_json(error: CoopfoundError) -> dict[str, object]:
    """What `--format json` prints when a command fails before it has a report."""
    return {"format_version": 1, "coopfound": __version__, "ok": False,
            "exit_code": int(error.exit_code),
            "problems": [{"message": p.message, "file": str(p.file) if p.file else None,
                          "line": p.line, "field": p.field, "hint": p.hint}
                         for p in error.problems]}


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    _end_quietly_when_the_reader_stops()
    app(prog_name="coopfound")


def _end_quietly_when_the_reader_stops() -> None:
    """`coopfound check coop.yaml | head` : when the program reading our output stops,
    end at once and silently, as other command-line tools do (the shell sees exit 141),
    instead of click's exit 1, which the exit codes reserve for faults. Everything
    coopfound writes to files is atomic, so stopping mid-line loses nothing."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
