"""Output that survives faults: a full or read-only disk, two writers, a file saved mid-render,
a run killed between its renames, and a power cut after the swap."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import WALES, run_cli

import coopfound.publish.run
from coopfound.output.lock import lock_path, output_lock


def render(out: Path, *extra: str) -> tuple[int, str, str]:
    result = run_cli("render", WALES, "-o", out, *extra)
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Error: "), stderr
    assert lines[1].startswith("Hint: ") and "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB tmpfs, where the machine lets a test mount one (CI runs as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("this machine does not let a test mount a tmpfs; the injected errors"
                    " below cover the same paths")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_leaves_nothing(small_disk: Path) -> None:
    out = small_disk / "out"
    code, _, stderr = render(out)
    assert code == 2
    error = one_error(stderr)
    assert error.startswith(f"Error: cannot write {small_disk}") and "the disk is full" in error
    assert not out.exists()
    assert os.listdir(small_disk) == [], "a staging folder or lock was left on the disk"


def test_a_read_only_disk_is_one_line(small_disk: Path, tmp_path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, _, stderr = render(small_disk / "out")
    assert code == 2
    assert "the disk is read-only" in one_error(stderr)


@pytest.mark.parametrize(("number", "words"), [
    (errno.ENOSPC, "the disk is full"), (errno.EROFS, "the disk is read-only"),
    (errno.EACCES, "you may not write there"), (errno.ENAMETOOLONG, "a file name is too long")])
def test_what_the_disk_refuses_is_one_line_and_the_old_output_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, words: str) -> None:
    out = tmp_path / "out"
    assert render(out)[0] == 0
    before = snapshot(out)
    real_fsync = os.fsync

    def refusing_fsync(handle: int) -> None:
        real_fsync(handle)
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", refusing_fsync)
    code, _, stderr = render(out, "--force")
    assert code == 2
    assert words in one_error(stderr)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_second_writer_stops_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        done = subprocess.run([sys.executable, "-m", "coopfound", "render", str(WALES), "-o",
                               str(out)], capture_output=True, text=True, timeout=60,
                              check=False)
    assert done.returncode == 2
    assert one_error(done.stderr) == f"Error: another coopfound is writing {out}"
    assert not out.exists()
    assert not lock_path(out.resolve()).exists(), "the lock file outlived its writer"


def test_two_renders_at_once_never_both_succeed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "coopfound", "render", str(WALES), "-o", str(out)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    results = [(run.returncode, stderr) for run, stderr in zip(runs, errors, strict=True)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    (_, loser), = [r for r in results if r[0] == 2]
    assert ("another coopfound is writing" in loser
            or "already holds documents from an earlier render" in loser)
    assert (out / "manifest.json").is_file()


def test_a_file_saved_during_the_render_is_never_deleted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert render(out)[0] == 0
    before = snapshot(out)
    real = coopfound.publish.run.render_everything

    def render_while_someone_saves(*args: object, **kwargs: object) -> object:
        documents = real(*args, **kwargs)  # type: ignore[arg-type]
        (out / "my notes.txt").write_text("Ask the council about the contract.\n")
        return documents

    monkeypatch.setattr(coopfound.publish.run, "render_everything", render_while_someone_saves)
    code, _, stderr = render(out, "--force")
    assert code == 2
    assert "my notes.txt" in one_error(stderr)
    assert (out / "my notes.txt").read_text() == "Ask the council about the contract.\n"
    assert {k: v for k, v in snapshot(out).items() if k != "my notes.txt"} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_run_killed_between_its_renames_is_put_right(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(out)[0] == 0
    before = snapshot(out)
    # What kill -9 between the two renames leaves: the old folder moved aside, no out/.
    os.replace(out, tmp_path / ".out.previous-k1ll3d9x")
    (tmp_path / ".out.staging-h4lfd0ne").mkdir()
    (tmp_path / ".out.staging-h4lfd0ne" / "rules.md").write_text("half")
    code, _, stderr = render(out)
    # The folder is back, and as it held earlier output, replacing it needs --force.
    assert code == 2 and "already holds documents" in stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert render(out, "--force")[0] == 0


def test_the_notices_say_what_was_put_right(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(out)[0] == 0
    os.replace(out, tmp_path / ".out.previous-k1ll3d9x")
    shutil.copytree(tmp_path / ".out.previous-k1ll3d9x", tmp_path / ".out.staging-h4lfd0ne")
    code, stdout, _ = render(out, "--force")
    assert code == 0
    assert f"Notice: restored {out}" in stdout
    assert "Notice: removed .out.staging-h4lfd0ne" in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_everything_reaches_the_disk_before_the_swap(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert render(out)[0] == 0
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def recording_fsync(handle: int) -> None:
        events.append(("sync", os.readlink(f"/proc/self/fd/{handle}")))
        real_fsync(handle)

    def recording_replace(source: str | Path, target: str | Path) -> None:
        events.append(("rename", str(source)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    assert render(out, "--force")[0] == 0
    first_rename = next(i for i, (kind, _) in enumerate(events) if kind == "rename")
    synced_before = {Path(path) for kind, path in events[:first_rename] if kind == "sync"}
    staging = Path(events[first_rename + 1][1])  # the second rename moves staging in
    written = [staging / p.relative_to(out) for p in out.rglob("*")]
    assert staging.name.startswith(".out.staging-")
    missing = [p for p in [staging, *written] if p not in synced_before]
    assert not missing, f"not synced before the swap: {missing[:5]}"
    assert ("sync", str(tmp_path)) in events[first_rename:], "the renames were not synced"


def test_an_output_folder_holding_other_renders_is_named_as_such(tmp_path: Path) -> None:
    assert render(tmp_path / "out" / "wales")[0] == 0
    code, _, stderr = render(tmp_path / "out")
    assert code == 2
    assert f"{tmp_path / 'out'} holds the output of other renders (wales/)" in stderr
    assert f"-o {tmp_path / 'out' / 'coop'}" in stderr
