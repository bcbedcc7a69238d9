"""The README's two set-up commands, and CI running exactly the README's test command."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Get started", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_has_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands), "each command is one line a newcomer copies"
    assert commands[0].startswith('pip install -e ".[notebooks]"') and "notebooks/00-start-here.ipynb" in commands[0]


def test_ci_runs_the_readme_test_command():
    test_command = _setup_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text()
    pip_part, run_part = test_command.split(" && ")
    assert f"{pip_part.replace('pip install', 'pip install -q')} && {run_part}" in ci or test_command in ci
