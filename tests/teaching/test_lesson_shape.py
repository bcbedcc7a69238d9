"""Every lesson has the agreed shape: questions, objectives and a time at the top, key points at the
end, a link to the glossary; every lesson 01-11 has an exercises notebook with at least three checked
questions, one of them predict-then-run; the lists of lessons (00, README) are complete."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TUTORIALS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GLOSSARY = ROOT / "docs" / "glossary.md"


def cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_tutorial_opens_with_questions_objectives_and_time(path):
    kind, text = cells(path)[0]
    assert kind == "markdown"
    assert re.match(rf"# {path.name[:2]} · \S", text), f"the title should start with '# {path.name[:2]} · '"
    for part in ("**Questions**", "**Objectives**"):
        assert part in text, part
        items = text.split(part, 1)[1].split("**", 1)[0]
        assert re.search(r"^> - \S", items, flags=re.M), f"{part} needs at least one item"
    assert re.search(r"\*\*Time:\*\* teaching \d+ min", text)
    assert "](../docs/glossary.md)" in text


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_tutorial_closes_with_key_points(path):
    kind, text = cells(path)[-1]
    assert kind == "markdown" and text.startswith("## Key points")
    assert len(re.findall(r"^- \S", text, flags=re.M)) >= 3


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_local_links_and_images_exist(path):
    for _, text in cells(path):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not re.match(r"[a-z]+://", target):
                assert (path.parent / target).exists(), f"{path.name} links to a missing {target}"


def test_glossary_defines_the_course_vocabulary():
    text = GLOSSARY.read_text(encoding="utf-8")
    terms = {m.lower() for m in re.findall(r"^### (.+)$", text, flags=re.M)}
    for term in ("chunk", "block", "task", "layer", "graph (task graph)", "scheduler", "persist",
                 "unknown chunk sizes", "rechunk", "fused task", "tree reduction", "compute", "lazy"):
        assert term in terms, term
    anchors = {re.sub(r"[^a-z0-9 _-]", "", t).replace(" ", "-") for t in terms}
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert link in anchors, f"glossary link to a missing entry: #{link}"


def exercise_notebooks():
    return sorted((ROOT / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("lesson", [f"{n:02d}" for n in range(1, 13)])
def test_every_lesson_has_three_checked_questions_one_predict_then_run(lesson):
    (path,) = [p for p in exercise_notebooks() if p.name.startswith(lesson + "-")]
    content = cells(path)
    checked = [re.search(r'check\("(\d\d\.\d+)", answer\)', t).group(1) for k, t in content
               if k == "code" and 'check("' in t]
    assert len(checked) >= 3, checked
    predicts = [t for k, t in content if k == "markdown" and "**Predict, then run.**" in t]
    assert predicts, f"{path.name}: no predict-then-run question"
    for text in predicts:  # the prediction is checked, and a later cell runs the real thing
        qid = re.search(r"### Exercise (\d\d\.\d+) - ", text).group(1)
        index = next(i for i, (k, t) in enumerate(content) if k == "code" and f'check("{qid}", answer)' in t)
        assert any(k == "code" and "check(" not in t for k, t in content[index + 1:index + 3]), \
            f"{qid}: the cell after the prediction should run the code"


def test_lesson_lists_are_complete():
    start = "\n".join(t for _, t in cells(ROOT / "notebooks" / "00-start-here.ipynb"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stems = {p.stem for p in TUTORIALS} | {p.stem for p in exercise_notebooks()}
    for stem in stems - {"00-start-here"}:
        assert f"`{stem}`" in start, f"00-start-here does not list {stem}"
    for stem in stems:
        assert f"`{stem}`" in readme, f"the README's lesson table does not list {stem}"
