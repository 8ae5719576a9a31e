"""coopfound's performance benchmark: start-up, one render, batch throughput, memory, floor.

Run it from the repository root, in the environment coopfound is installed in:

    python benchmarks/bench.py                 # 500 specs, about five minutes on 2 cores
    python benchmarks/bench.py --specs 50      # a quick look
    python benchmarks/bench.py --json results.json

It generates N synthetic, valid specs (the three examples with a numbered name, office
and share value), then measures:

  (a) `coopfound --help` start-up, as a user runs it (the console script);
  (b) one full render (`coopfound render`) of the Welsh example and one `coopfound
      check`, start-up included: cold (an empty cache of compiled templates, as on the
      first run after installing) and warm (the cache filled by an earlier run);
  (c) `coopfound batch` over the N specs, serially (--jobs 1) and with --jobs 2;
  (d) peak memory of each batch: the resident size (RSS) of the largest process, and
      the proportional size (PSS) of the whole process tree, the parent and its
      workers, which counts a page shared by forked workers once in all;
  (e) two bare floors: the same templates with the same contexts, rendered by a
      minimal loop that calls jinja2 and docxtpl directly and writes the files. The
      naive floor opens each Word shell from disk and lets docxtpl compile it for every
      document, as docxtpl's own examples do; the fair floor reads each shell once and
      compiles each shell's XML once, as coopfound does. The contexts are captured from
      coopfound (untimed); only the loop is timed. The floors leave out what is not a
      template: loading and checking the spec, the registers (built with python-docx),
      the calendar and the manifest. Batch time includes start-up;
  (f) hostile specs: a 10-level YAML alias bomb, a 50 MB spec and a 20 MB society name,
      each checked by `coopfound check`, which must refuse it (exit 3): time and memory;
  (g) with --busy: both batches again while another process keeps one core busy.

Every run uses a compiled-template cache of its own in the benchmark's temporary folder,
so the user's cache is neither read nor changed.

This is a measuring tool, not a test: nothing here is asserted in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TARGETS = {
    "startup_ms": 150.0,  # (a) below
    "fair_floor_ratio": 1.0,  # (e) at most, against the fair floor
    "floor_ratio": 1.3,  # (e) at most, against the naive floor
    "jobs2_speedup": 1.6,  # (c) at least
    "peak_mb": 200.0,  # (d) below, for 500 specs
    "hostile_s": 2.0,  # (f) below, each
    "hostile_mb": 200.0,  # (f) below, each
}


# --- synthetic specs -------------------------------------------------------------------

def make_specs(count: int, folder: Path) -> list[Path]:
    """`count` valid specs: each example in turn, numbered so that every co-op differs."""
    from coopfound.checks.run import run_checks
    from coopfound.spec.loader import load_spec
    from coopfound.templating.packs import builtin_pack

    sources = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in EXAMPLES]
    share_values = [1, 0.5]
    specs = []
    for index in range(count):
        data = copy.deepcopy(sources[index % len(sources)])
        society = data["society"]
        words = society["name"].rsplit(" ", 1)  # keep "Limited"/"Cyfyngedig" last
        society["name"] = f"{words[0]} {index + 1} {words[1]}"
        society["registered_office"]["address"][0] = (
            f"Unit {index + 1}, {society['registered_office']['address'][0]}")
        data.setdefault("shares", {})["value"] = share_values[index % len(share_values)]
        path = folder / f"coop-{index + 1:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        if index < len(sources) * len(share_values):  # each kind of variant once
            report = run_checks(load_spec(path), builtin_pack())
            if not report.ok:
                raise SystemExit(f"synthetic spec {path.name} is invalid:"
                                 f" {[f.code for f in report.errors]}")
        specs.append(path)
    return specs


# --- measuring -------------------------------------------------------------------------

def coopfound_command() -> list[str]:
    script = Path(sys.executable).parent / "coopfound"
    if script.exists():
        return [str(script)]
    found = shutil.which("coopfound")
    return [found] if found else [sys.executable, "-m", "coopfound"]


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process. PSS shares each page among the processes that map it,
    so the PSS of a parent and its forked workers adds up to the memory really used."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += children.get(current, [])
    return found


def run_measured(command: list[str], *, expect: int = 0,
                 cache: Path | None = None) -> dict[str, float]:
    """Run a command; its wall time, and peak memory of its largest process and tree."""
    peak = {"largest_mb": 0.0, "tree_mb": 0.0}
    env = {**os.environ, **({"COOPFOUND_CACHE_DIR": str(cache)} if cache else {})}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    done = threading.Event()

    def sample() -> None:
        # Sampling must not steal the CPU that --jobs 2 uses: find the process tree (a
        # scan of /proc) once a second, and read the few known processes five times a
        # second. Memory grows slowly here, so a peak between two samples is not missed.
        pids: list[int] = []
        last_scan = 0.0
        while not done.is_set():
            if time.perf_counter() - last_scan > 1.0:
                pids, last_scan = _tree(process.pid), time.perf_counter()
            sizes = [_memory_kb(pid) for pid in pids]
            if sizes:
                peak["largest_mb"] = max(peak["largest_mb"], max(r for r, _ in sizes) / 1024)
                peak["tree_mb"] = max(peak["tree_mb"], sum(p for _, p in sizes) / 1024)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != expect:
        raise SystemExit(f"{' '.join(command[:3])} ... exited {process.returncode}, not"
                         f" {expect}: {stderr.decode()[-2000:]}")
    return {"seconds": seconds, **peak}


def startup(repeats: int) -> dict[str, float]:
    command = [*coopfound_command(), "--help"]
    subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times)}


def cold_and_warm(work: Path, command: str, repeats: int) -> dict[str, float]:
    """`coopfound render` or `check` of the Welsh example: median wall time with an empty
    template cache (cold) and with the cache an earlier run filled (warm)."""
    welsh = ROOT / "examples" / "wales-domiciliary.yaml"
    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    for attempt in range(repeats):
        cache = work / f"cache-{command}-{attempt}"
        for kind in ("cold", "warm"):
            out = work / f"{command}-{attempt}-{kind}"
            extra = ["-o", str(out)] if command == "render" else []
            runs[kind].append(run_measured([*coopfound_command(), command, str(welsh),
                                            *extra], cache=cache))
            shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache)
    return {f"{kind}_s": statistics.median(r["seconds"] for r in found)
            for kind, found in runs.items()} | {
        "peak_mb": max(r["largest_mb"] for found in runs.values() for r in found)}


def batch(specs_dir: Path, out: Path, jobs: int, cache: Path) -> dict[str, float]:
    result = run_measured([*coopfound_command(), "batch", str(specs_dir), "-o", str(out),
                           "--jobs", str(jobs)], cache=cache)
    shutil.rmtree(out)
    return result


@contextlib.contextmanager
def one_core_busy() -> Iterator[None]:
    """Another process spinning on one core, as on a shared or busy machine."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


# --- hostile specs ---------------------------------------------------------------------

def hostile(work: Path, cache: Path) -> dict[str, dict[str, float]]:
    """Each hostile spec checked: it must end with exit 3; its time and peak memory."""
    folder = work / "hostile"
    folder.mkdir()
    bomb = ['spec_version: 1', 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 11)]
    (folder / "alias-bomb.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    welsh = (ROOT / "examples" / "wales-domiciliary.yaml").read_text(encoding="utf-8")
    with (folder / "fifty-megabytes.yaml").open("w", encoding="utf-8") as stream:
        stream.write(welsh)
        stream.write("# " + "x" * (50 * 1024 * 1024) + "\n")
    (folder / "twenty-megabyte-name.yaml").write_text(welsh.replace(
        'name: "Gofal', 'name: "Gofal ' + "â" * (10 * 1024 * 1024), 1), encoding="utf-8")
    return {path.stem: run_measured([*coopfound_command(), "check", str(path)], expect=3,
                                    cache=cache)
            for path in sorted(folder.iterdir())}


# --- the bare floor ----------------------------------------------------------------------

@contextlib.contextmanager
def recording() -> Iterator[list[tuple[Any, ...]]]:
    """Capture every template render coopfound does: (kind, where, name/shell, context)."""
    from coopfound.founding import blocks, letters
    from coopfound.rules import rulebook, word

    calls: list[tuple[Any, ...]] = []
    original_render = rulebook.render_template
    original_shell = blocks.render_shell

    def record_template(env: Any, name: str, context: dict[str, Any]) -> str:
        calls.append(("jinja", tuple(env.loader.searchpath), name, context))
        return original_render(env, name, context)

    def record_shell(document: Any, context: dict[str, Any], env: Any, shell: Path) -> None:
        calls.append(("docx", tuple(env.loader.searchpath), shell, context))
        original_shell(document, context, env, shell)

    patches = [(rulebook, "render_template", record_template),
               (letters, "render_template", record_template),
               (blocks, "render_shell", record_shell),
               (word, "render_shell", record_shell)]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, replacement in patches:
        setattr(module, name, replacement)
    try:
        yield calls
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def floor(specs: list[Path], work: Path, *, fair: bool) -> dict[str, float]:
    """Time a minimal jinja2 + docxtpl loop over exactly what coopfound renders. The fair
    floor reads each shell once and compiles each piece of a shell's XML once."""
    import io

    import jinja2
    from docxtpl import DocxTemplate

    from coopfound.checks.run import run_checks
    from coopfound.publish.render import render_everything
    from coopfound.spec.loader import load_spec
    from coopfound.templating.filters import FILTERS
    from coopfound.templating.packs import builtin_pack

    class CompiledOnce(jinja2.Environment):
        def from_string(self, source: Any, globals: Any = None,
                        template_class: Any = None) -> jinja2.Template:
            if source not in compiled:
                compiled[source] = super().from_string(source, globals, template_class)
            return compiled[source]

    compiled: dict[str, jinja2.Template] = {}
    shells: dict[str, bytes] = {}
    environments: dict[tuple[tuple[str, ...], bool], jinja2.Environment] = {}

    def plain(folders: tuple[str, ...], xml: bool) -> jinja2.Environment:
        key = (folders, xml)
        if key not in environments:
            kind = CompiledOnce if fair and xml else jinja2.Environment
            env = kind(loader=jinja2.FileSystemLoader(list(folders)), trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True, autoescape=xml)
            env.filters.update(FILTERS)
            environments[key] = env
        return environments[key]

    def shell(path: Path) -> Any:
        if not fair:
            return DocxTemplate(str(path))
        if str(path) not in shells:
            shells[str(path)] = path.read_bytes()
        return DocxTemplate(io.BytesIO(shells[str(path)]))

    pack = builtin_pack()
    timed = 0.0
    files = 0
    for index, spec in enumerate(specs):
        with recording() as calls:  # untimed: coopfound builds the contexts
            render_everything(run_checks(load_spec(spec), pack), pack)
        out = work / "floor" / str(index)
        out.mkdir(parents=True)
        started = time.perf_counter()
        for number, (kind, folders, name, context) in enumerate(calls):
            if kind == "jinja":
                text = plain(folders, False).get_template(name).render(context)
                (out / f"{number}.md").write_text(text, encoding="utf-8")
            else:
                document = shell(Path(name))
                document.render(context, jinja_env=plain(folders, True), autoescape=True)
                document.save(str(out / f"{number}.docx"))
            files += 1
        timed += time.perf_counter() - started
        shutil.rmtree(out)
    return {"seconds": timed, "files": files}


# --- report ------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specs", type=int, default=500, help="synthetic specs (500)")
    parser.add_argument("--repeats", type=int, default=10, help="start-up runs (10)")
    parser.add_argument("--busy", action="store_true",
                        help="also run both batches with one core kept busy")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coopfound-bench-") as temporary:
        work = Path(temporary)
        cache = work / "cache"
        specs_dir = work / "specs"
        specs_dir.mkdir()
        print(f"Generating {arguments.specs} synthetic specs ...", flush=True)
        specs = make_specs(arguments.specs, specs_dir)
        print("(a) start-up ...", flush=True)
        started = startup(arguments.repeats)
        print("(b) one render and one check, cold and warm ...", flush=True)
        single = cold_and_warm(work, "render", 5)
        checked = cold_and_warm(work, "check", 5)
        print("(c) batch, --jobs 1 ...", flush=True)
        serial = batch(specs_dir, work / "serial", 1, cache)
        print("(c) batch, --jobs 2 ...", flush=True)
        parallel = batch(specs_dir, work / "parallel", 2, cache)
        print("(e) bare floors ...", flush=True)
        naive = floor(specs, work, fair=False)
        fair = floor(specs, work, fair=True)
        print("(f) hostile specs ...", flush=True)
        attacks = hostile(work, cache)
        busy: dict[str, dict[str, float]] = {}
        if arguments.busy:
            print("(g) batches with one core busy ...", flush=True)
            with one_core_busy():
                busy = {"jobs1": batch(specs_dir, work / "busy1", 1, cache),
                        "jobs2": batch(specs_dir, work / "busy2", 2, cache)}

    figures: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "platform": sys.platform},
        "specs": arguments.specs,
        "startup": started,
        "one_render": single,
        "one_check": checked,
        "batch_serial": serial,
        "batch_jobs2": parallel,
        "floor_naive": naive,
        "floor_fair": fair,
        "hostile": attacks,
        "busy": busy,
        "derived": {
            "serial_specs_per_s": arguments.specs / serial["seconds"],
            "jobs2_specs_per_s": arguments.specs / parallel["seconds"],
            "jobs2_speedup": serial["seconds"] / parallel["seconds"],
            "floor_ratio": serial["seconds"] / naive["seconds"],
            "fair_floor_ratio": serial["seconds"] / fair["seconds"],
            "peak_mb_largest_process": max(serial["largest_mb"], parallel["largest_mb"]),
            "peak_mb_serial": serial["largest_mb"],
            "peak_mb_jobs2_tree": parallel["tree_mb"],
        },
    }
    derived = figures["derived"]
    rows: list[tuple[str, str, str, bool | None]] = [
        ("(a) start-up, coopfound --help", f"{started['median_ms']:.0f} ms (median)",
         f"< {TARGETS['startup_ms']:.0f} ms", started["median_ms"] < TARGETS["startup_ms"]),
        ("(b) one render, cold / warm cache", f"{single['cold_s']:.2f} s / "
         f"{single['warm_s']:.2f} s, {single['peak_mb']:.0f} MB", "", None),
        ("(b) one check, cold / warm cache", f"{checked['cold_s']:.2f} s / "
         f"{checked['warm_s']:.2f} s, {checked['peak_mb']:.0f} MB", "", None),
        ("(c) batch --jobs 1", f"{serial['seconds']:.1f} s"
         f" ({derived['serial_specs_per_s']:.1f} specs/s)", "", None),
        ("(c) batch --jobs 2", f"{parallel['seconds']:.1f} s"
         f" ({derived['jobs2_specs_per_s']:.1f} specs/s), {derived['jobs2_speedup']:.2f}x",
         f">= {TARGETS['jobs2_speedup']}x", derived["jobs2_speedup"] >= TARGETS["jobs2_speedup"]),
        (f"(d) peak memory, {arguments.specs} specs, --jobs 1",
         f"{serial['largest_mb']:.0f} MB", f"< {TARGETS['peak_mb']:.0f} MB",
         serial["largest_mb"] < TARGETS["peak_mb"]),
        ("(d) peak memory, --jobs 2, whole tree",
         f"{parallel['tree_mb']:.0f} MB (largest process {parallel['largest_mb']:.0f} MB)",
         f"< {TARGETS['peak_mb']:.0f} MB", parallel["tree_mb"] < TARGETS["peak_mb"]),
        ("(e) naive floor (docxtpl as documented)", f"{naive['seconds']:.1f} s", "", None),
        ("(e) fair floor (shells compiled once)", f"{fair['seconds']:.1f} s", "", None),
        ("(e) batch --jobs 1 / naive floor", f"{derived['floor_ratio']:.2f}x",
         f"<= {TARGETS['floor_ratio']}x", derived["floor_ratio"] <= TARGETS["floor_ratio"]),
        ("(e) batch --jobs 1 / fair floor", f"{derived['fair_floor_ratio']:.2f}x",
         f"<= {TARGETS['fair_floor_ratio']}x",
         derived["fair_floor_ratio"] <= TARGETS["fair_floor_ratio"]),
    ]
    for name, figure in attacks.items():
        rows.append((f"(f) check {name}", f"{figure['seconds']:.2f} s,"
                     f" {figure['largest_mb']:.0f} MB, exit 3",
                     f"< {TARGETS['hostile_s']:.0f} s, {TARGETS['hostile_mb']:.0f} MB",
                     figure["seconds"] < TARGETS["hostile_s"]
                     and figure["largest_mb"] < TARGETS["hostile_mb"]))
    if busy:
        speedup = busy["jobs1"]["seconds"] / busy["jobs2"]["seconds"]
        rows += [("(g) one core busy: --jobs 1", f"{busy['jobs1']['seconds']:.1f} s", "", None),
                 ("(g) one core busy: --jobs 2", f"{busy['jobs2']['seconds']:.1f} s,"
                  f" {speedup:.2f}x", "", None)]
    print()
    width = max(len(row[0]) for row in rows)
    for name, value, target, met in rows:
        verdict = "" if met is None else ("  met" if met else "  NOT MET")
        print(f"{name:<{width}}  {value:<48} {target:<16}{verdict}")
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
