"""`check` refuses the nonsense the interview refuses: one set of checks for both."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import WALES, edited, line_of, run_cli


def findings(spec: Path) -> dict[str, str]:
    result = run_cli("check", spec, "--format", "json")
    data = json.loads(result.stdout)
    return {f["code"]: f["field"] for f in data.get("findings", [])}


def test_a_zero_share_value_is_an_error_at_its_line(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("  value: 1\n", "  value: 0\n"))
    result = run_cli("check", spec)
    assert result.exit_code == 3
    line = line_of(spec, "  value: 0")
    assert f"{spec}:{line}: shares.value: it must be more than 0" in result.stderr


def test_an_address_that_is_not_one_is_an_error(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ('      - "Uned 2, Tŷ\'r Orsaf"', '      - "?"'))
    assert findings(spec).get("CF137") == "society.registered_office.address[0]"
    assert run_cli("check", spec).exit_code == 3


def test_reserved_seats_above_the_board_minimum_are_reported(tmp_path: Path) -> None:
    spec = edited(WALES, tmp_path, ("  min_directors: 6", "  min_directors: 4"))
    assert findings(spec).get("CF145") == "board.min_directors"
    result = run_cli("check", spec)
    assert "5 board seats are reserved for classes, more than the smallest board of 4" \
        in result.stdout
    assert "CF145" not in findings(WALES)
