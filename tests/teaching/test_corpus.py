"""Every question against a corpus of right and wrong students' answers, in a real kernel.

The cases are in ``corpus/<qid>.toml`` (format: ``corpus_runner.py``). Each runs cell by
cell in an IPython kernel started by nbclient, one kernel per lesson, so "how many
computes did this cell run", "where did it run" and "how is it written" are judged the
way a student's notebook is.
"""

import itertools

import pytest

from lazyarr.teaching import all_questions

from .corpus_runner import Case, LessonKernel, all_cases, corpus_files, lesson, load, verdict_of

QUESTIONS = {q.qid: q for q in all_questions() if not q.qid.startswith("99")}
CASES = sorted(all_cases(), key=lambda c: (QUESTIONS[c.qid].stem if c.qid in QUESTIONS else c.qid, c.qid))
MIN_RIGHT = MIN_WRONG = 4


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_every_question_has_a_corpus(qid):
    files = corpus_files()
    assert qid in files, f"add tests/teaching/corpus/{qid}.toml: >= {MIN_RIGHT} right and >= {MIN_WRONG} wrong answers"
    cases = load(files[qid])
    right = [c for c in cases if c.kind == "right"]
    wrong = [c for c in cases if c.kind == "wrong"]
    assert len(right) >= MIN_RIGHT, f"{qid}: {len(right)} right answers, need {MIN_RIGHT} reached different ways"
    assert len(wrong) >= MIN_WRONG, f"{qid}: {len(wrong)} wrong answers, need {MIN_WRONG} typical mistakes"
    assert len({(c.before, c.answer) for c in right}) == len(right), f"{qid}: right answers repeat"
    assert len({(c.before, c.answer) for c in wrong}) == len(wrong), f"{qid}: wrong answers repeat"
    for case in right:
        assert case.verdict == "correct", case
    for case in wrong:
        assert case.verdict != "correct", case
        assert case.says, f"{case.id}: say which fragment of the feedback it must get"
        if case.verdict == "incorrect":
            assert case.prop, f"{case.id}: name the property (the label after 'not quite: ')"
    assert qid in lesson(QUESTIONS[qid].stem).setups, f"{qid}: no exercise cell in solutions/{QUESTIONS[qid].stem}"


def test_corpus_files_are_registered_questions():
    for name, path in corpus_files().items():
        cases = load(path)
        assert cases and all(c.qid == name for c in cases), f"{path.name}: qid must match the file name"
        assert name in QUESTIONS, f"{path.name}: no registered question {name}"


class Kernels:
    """One kernel at a time: cases come sorted by lesson, so each lesson's kernel is reused."""

    def __init__(self):
        self.current: LessonKernel | None = None

    def get(self, stem: str) -> LessonKernel:
        if self.current is None or self.current.stem != stem:
            self.close()
            self.current = LessonKernel(stem)
        return self.current

    def close(self):
        if self.current is not None:
            self.current.close()
            self.current = None


@pytest.fixture(scope="module")
def kernels():
    pool = Kernels()
    yield pool
    pool.close()


def _param(case: Case):
    return pytest.param(case, id=case.id)


@pytest.mark.slow
@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_answer_in_a_kernel(case, kernels):
    question = QUESTIONS[case.qid]
    kernel = kernels.get(question.stem)
    text = kernel.run_case(case)
    verdict, label = verdict_of(text)
    assert verdict == case.verdict, f"{case.why or case.answer}\n{text}"
    if case.prop is not None:
        assert label == case.prop, text
    for fragment in case.says:
        assert fragment in text, f"missing {fragment!r} in:\n{text}"
    assert "Traceback" not in text
    if verdict == "incorrect":
        assert text.startswith(f"✘ {case.qid} not quite: ") and f'more: hint("{case.qid}")' in text, text
        # "lazy" quotes the learner's own value computed too early; "choice"/"type" quote public words.
        secret = None if label in ("choice", "type", "lazy") else kernel.secret(case.qid)
        if secret is not None:
            body = text.split("\n", 1)[1].replace(case.qid, "")
            assert secret not in body, f"the feedback shows the expected value {secret!r}:\n{text}"


def test_cases_are_grouped_by_lesson():
    """Sorted by lesson, so a lesson's kernel starts once (CI time)."""
    stems = [QUESTIONS[c.qid].stem for c in CASES if c.qid in QUESTIONS]
    assert [k for k, _ in itertools.groupby(stems)] == sorted(set(stems))
