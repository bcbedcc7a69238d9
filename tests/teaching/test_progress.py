"""progress(): which questions were attempted and passed, with no answers in it; the class table."""

import json

import pytest

import lazyarr as la
from lazyarr.teaching import check, hint, progress, solution
from lazyarr.teaching.progress import main, merge, tally


@pytest.fixture
def fresh(watched):
    tally.clear()
    yield
    tally.clear()


def test_nothing_checked_yet(fresh):
    assert progress().text() == "lazyarr progress: no exercise checked yet in this session"


def test_attempted_passed_and_untouched_questions_of_the_lessons_touched(fresh):
    check("01.3", 7)
    check("01.3", 12)
    check("01.1", la.zeros((2000, 1000), dtype="int32"))
    check("01.2", ...)  # not attempted: not counted
    hint("01.1")
    text = progress("Ada").text()
    assert text.splitlines() == [
        "lazyarr progress for Ada: 1 of 4 questions passed",
        "  01-lazy-arrays",
        "    ✘ 01.1 attempted, not passed yet (1 attempt), 1 hint",
        "    ○ 01.2 not attempted",
        "    ✔ 01.3 passed (2 attempts)",
        "    ○ 01.4 not attempted",
    ]
    assert "12" not in text.replace("01.", "") and "2000" not in text  # no answers in it


def test_a_solution_seen_before_passing_is_reported(fresh):
    solution("00.1")  # only the confirmation: not counted as seen
    assert "solution" not in progress().text()
    solution("00.1", show=True)
    assert "○ 00.1 not attempted, solution seen before passing" in progress().text()
    check("00.1", 42)
    assert "✔ 00.1 passed (1 attempt), solution seen before passing" in progress().text()


def test_json_file_and_class_table(fresh, tmp_path, capsys):
    check("00.1", 42)
    ada = progress("Ada", save=tmp_path / "ada.json")
    data = json.loads((tmp_path / "ada.json").read_text())
    assert data["format"] == "lazyarr-progress/1" and data["name"] == "Ada"
    assert data["questions"]["00.1"] == {"attempts": 1, "passed": True, "hints": 0, "solution_seen": False,
                                         "solution_before_pass": False}
    assert ada.to_json() == data
    tally.clear()
    check("00.1", 41)
    progress("Bo", save=tmp_path / "bo.json")
    table = merge([tmp_path / "ada.json", tmp_path / "bo.json"])
    assert table.splitlines()[0] == "2 students: Ada, Bo"
    assert table.splitlines()[2].split() == ["00.1", "2", "1", "0"]
    assert main([str(tmp_path / "ada.json"), str(tmp_path / "bo.json")]) == 0
    assert "2 students" in capsys.readouterr().out
    (tmp_path / "other.json").write_text("{}")
    assert main([str(tmp_path / "other.json")]) == 1
    assert "not a lazyarr progress file" in capsys.readouterr().err


def test_report_html_is_escaped(fresh):
    check("00.1", 42)
    shown = progress("<script>")._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown
