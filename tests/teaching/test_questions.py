"""Every question: its solution passes, the placeholder is 'not attempted', typical wrong
answers get the intended property and hint, and the expected answer is never shown."""

import numpy as np
import pytest

import lazyarr as la
from lazyarr.teaching import all_questions, check, hint
from lazyarr.teaching.properties import computed_quietly, counter, summarize

from .answers import NEEDS, RIGHT, SOLUTIONS, WRONG
from .conftest import require

QIDS = [q.qid for q in all_questions()]
CASES = [(qid, i) for qid in QIDS for i in range(len(WRONG.get(qid, [])))]
SLOW = {"08.1", "08.2", "08.3", "08.4", "08.5"}
RIGHT_CASES = [(qid, i) for qid in RIGHT for i in range(len(RIGHT[qid]))]


def marks(qid):
    return [pytest.mark.slow] if qid in SLOW else []


def test_every_question_has_answers_and_wrong_answers():
    assert set(SOLUTIONS) == set(QIDS)
    for qid in QIDS:
        assert len(WRONG[qid]) >= 2, qid
        lesson = int(qid.split(".")[0])
        if 1 <= lesson <= 7:
            assert sum(q.startswith(qid[:3]) for q in QIDS) >= 2


def _secret(qid):
    """A text form of the expected answer that must never appear in feedback."""
    value = SOLUTIONS[qid]()
    if isinstance(value, la.Array) and value.size > 1_000_000:
        return None  # big arrays are never quoted whole anyway
    if isinstance(value, la.Array):
        (value,) = computed_quietly(value)
    if isinstance(value, tuple):
        value = value[0]
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, la.Array) or np.ndim(value) > 0 and np.size(value) > 1000:
        return None
    text = summarize(value)
    return text if len(text) > 3 else None


@pytest.mark.parametrize("qid", [pytest.param(q, marks=marks(q)) for q in QIDS])
def test_solution_passes(qid, watched):
    require(NEEDS.get(qid))
    answer = SOLUTIONS[qid]()
    result = check(qid, answer)
    assert result.outcome == "correct", result.text()
    assert result.text().startswith(f"✔ {qid} correct")


def test_newer_questions_have_four_right_and_four_wrong_answers():
    for qid in RIGHT:
        assert RIGHT[qid][0] is SOLUTIONS[qid], qid
        assert len(RIGHT[qid]) >= 4 and len(WRONG[qid]) >= 4, qid


@pytest.mark.parametrize("qid,i", [pytest.param(q, i, marks=marks(q)) for q, i in RIGHT_CASES])
def test_every_right_answer_passes(qid, i, watched):
    require(NEEDS.get(qid))
    counter.reset_mark()
    answer = RIGHT[qid][i]()
    result = check(qid, answer)
    assert result.outcome == "correct", result.text()


@pytest.mark.parametrize("qid", QIDS)
def test_placeholder_is_not_attempted(qid, watched):
    result = check(qid, ...)
    assert result.outcome == "not attempted"
    assert result.text().startswith(f"○ {qid} not attempted")
    assert "`...`" in result.text()


@pytest.mark.parametrize("qid,i", [pytest.param(q, i, marks=marks(q)) for q, i in CASES])
def test_wrong_answer_gets_intended_hint(qid, i, watched):
    require(NEEDS.get(qid))
    make, prop, fragment = WRONG[qid][i]
    counter.reset_mark()
    answer = make()
    result = check(qid, answer)
    text = result.text()
    assert result.outcome == "incorrect", text
    assert result.prop == prop, text
    assert fragment in text, text
    assert text.startswith(f"✘ {qid} not quite: ")
    assert f'more: hint("{qid}")' in text
    secret = None if prop in ("choice", "type") else _secret(qid)  # these quote public choices / own value
    if secret is not None:
        assert secret not in text.split("\n", 1)[1].replace(qid, ""), text


@pytest.mark.parametrize("qid", QIDS)
def test_hints_are_progressive_and_end_at_the_solution(qid):
    first = hint(qid)
    assert first.n == 1 and first.total >= 2
    texts = [hint(qid, n).text for n in range(1, first.total + 1)]
    assert len(set(texts)) == len(texts)
    stem = next(q.stem for q in all_questions() if q.qid == qid)
    assert f"solutions/{stem}.ipynb" in texts[-1]
    assert hint(qid, 1000).text == texts[-1]
    assert hint(qid, 0).text == texts[0]
