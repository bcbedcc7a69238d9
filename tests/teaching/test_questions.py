"""Every registered question: ids stay stable, the placeholder is 'not attempted', hints are
progressive and end at solution(), and nothing is left unfinished. (What each question says
to right and wrong answers is tested in a real kernel by test_corpus.py.)"""

import re

import pytest

from lazyarr.teaching import all_questions, check, hint, solution
from lazyarr.teaching.solution import solution_cells

QIDS = [q.qid for q in all_questions() if not q.qid.startswith("99")]

#: Published ids: students' saved notebooks refer to them, so they never change or disappear.
PUBLISHED = {
    "00.1": "00-start-here", "01.1": "01-lazy-arrays", "01.2": "01-lazy-arrays", "01.3": "01-lazy-arrays",
    "02.1": "02-chunks", "02.2": "02-chunks", "02.3": "02-chunks", "03.1": "03-indexing", "03.2": "03-indexing",
    "03.3": "03-indexing", "04.1": "04-numpy-functions", "04.2": "04-numpy-functions",
    "04.3": "04-numpy-functions", "05.1": "05-performance", "05.2": "05-performance", "06.1": "06-limits",
    "06.2": "06-limits", "06.3": "06-limits", "07.1": "07-distributed", "07.2": "07-distributed",
    "08.1": "08-classic-exercise", "08.2": "08-classic-exercise", "08.3": "08-classic-exercise",
    "08.4": "08-classic-exercise", "08.5": "08-classic-exercise",
    # added with the lessons' predict-then-run questions and lessons 09-11:
    "01.4": "01-lazy-arrays", "02.4": "02-chunks", "03.4": "03-indexing", "03.5": "03-indexing",
    "04.4": "04-numpy-functions", "05.3": "05-performance", "06.4": "06-limits", "07.3": "07-distributed",
    "08.6": "08-classic-exercise", "09.1": "09-out-of-core", "09.2": "09-out-of-core", "09.3": "09-out-of-core",
    "10.1": "10-seeing-the-computation", "10.2": "10-seeing-the-computation", "10.3": "10-seeing-the-computation",
    "11.1": "11-capstone", "11.2": "11-capstone", "11.3": "11-capstone", "11.4": "11-capstone", "11.5": "11-capstone",
}


def test_published_ids_are_stable():
    stems = {q.qid: q.stem for q in all_questions()}
    for qid, stem in PUBLISHED.items():
        assert stems.get(qid) == stem, f"question {qid} must stay in {stem}: saved notebooks refer to it"
    assert all(re.fullmatch(r"\d\d\.\d+", qid) for qid in QIDS)


@pytest.mark.parametrize("qid", QIDS)
def test_placeholder_is_not_attempted(qid, watched):
    result = check(qid, ...)
    assert result.outcome == "not attempted"
    assert result.text().startswith(f"○ {qid} not attempted")
    assert "`...`" in result.text()


@pytest.mark.parametrize("qid", QIDS)
def test_hints_are_progressive_and_end_at_the_solution(qid):
    first = hint(qid)
    assert first.n == 1 and first.total >= 2
    texts = [hint(qid, n).text for n in range(1, first.total + 1)]
    assert len(set(texts)) == len(texts)
    assert f'solution("{qid}")' in texts[-1]
    assert hint(qid, 1000).text == texts[-1]
    assert hint(qid, 0).text == texts[0]


@pytest.mark.parametrize("qid", QIDS)
def test_every_question_is_finished_and_has_a_shipped_solution(qid):
    question = next(q for q in all_questions() if q.qid == qid)
    for text in (question.title, question.why, *question.hints):
        assert "TODO" not in text, f"{qid}: finish the scaffolded text {text!r}"
    cell = solution_cells().get(qid)
    assert cell is not None and cell["stem"] == question.stem, "run python -m lazyarr.teaching.make_exercises"
    assert f'check("{qid}", answer)' in cell["code"] and "SOLUTION" not in cell["code"]
    assert solution(qid, show=True).code == cell["code"]


def test_the_teaching_guide_names_real_questions_and_every_lesson():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "teaching-guide.md").read_text(encoding="utf-8")
    examples = {"03.9"}  # the new-question walk-through's example id
    named = set(re.findall(r"\b(\d\d\.\d+)\b", guide)) - examples
    assert named <= set(QIDS), f"the guide names questions that do not exist: {sorted(named - set(QIDS))}"
    assert examples.isdisjoint(QIDS), "the guide's example id is taken: pick another in docs/teaching-guide.md"
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        assert f"`{path.stem}`" in guide, f"the guide's lesson table misses {path.stem}"
    for phrase in ("3-hour plan", "90-minute plan", "Learning objectives", "misconceptions", "Binder",
                   "not secret", "new_question", "progress"):
        assert phrase in guide
