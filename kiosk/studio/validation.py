"""The kiosk's own checks (``kiosk validate``) on a flow's text, placed at their step and field.

Nothing is re-implemented: the text goes through :func:`kiosk.flows.loader.load_flow_text`,
the strict loader of the kiosk, and each problem it gives is attached to the step whose lines
hold it, and to the field it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.flows.loader import load_flow_text
from kiosk.flows.model import Flow
from kiosk.flows.problems import Problem
from kiosk.flows.yamlnodes import Mapping, Sequence, YamlProblem, parse

_ANSWER = re.compile(r"réponse n°(\d+)")
_CHOICE = re.compile(r"choix n°(\d+)")


@dataclass
class Finding:
    """One problem, as the studio shows it beside a field."""

    line: int
    message: str
    is_error: bool
    step: str | None  # the step's id, None for the flow's own fields
    field: str  # the form field it belongs to ("" when none)


@dataclass
class Report:
    flow: Flow | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def for_step(self, step_id: str | None) -> list[Finding]:
        return [f for f in self.findings if f.step == step_id]

    def by_field(self, step_id: str | None) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.for_step(step_id):
            grouped.setdefault(finding.field, []).append(finding)
        return grouped


def check(text: str, assets_dir: Path, name: str = "parcours.yaml") -> Report:
    """Run the kiosk's loader on ``text`` and place each problem."""
    flow, problems = load_flow_text(text.encode("utf-8"), Path(name), assets_dir)
    return Report(flow, [_place(problem, step_starts(text)) for problem in problems])


def step_starts(text: str) -> list[tuple[int, str]]:
    """(line, id) where each step starts, read by the kiosk's own reader (libyaml: a few
    milliseconds, where the round-trip reader of the editor takes ten times longer)."""
    try:
        data = parse(text)
    except (YamlProblem, RecursionError):
        return []
    steps = data.get("etapes") if isinstance(data, Mapping) else None
    if not isinstance(steps, Sequence):
        return []
    return [(step.line, str(step.get("id", ""))) for step in steps
            if isinstance(step, Mapping)]


def _place(problem: Problem, starts: list[tuple[int, str]]) -> Finding:
    step = None
    for line, step_id in starts:
        if line <= problem.line:
            step = step_id
    if starts and problem.line < starts[0][0]:
        step = None
    name = problem.field
    answer = _ANSWER.search(problem.message)
    choice = _CHOICE.search(problem.message)
    if answer and name in ("aller_a", "texte", "reponses"):
        name = f"reponse_{answer.group(1)}_{'aller_a' if name == 'aller_a' else 'texte'}"
    elif choice and name in ("texte", "bon", "explication", "choix"):
        name = f"choix_{choice.group(1)}_{'bon' if name == 'bon' else 'texte'}"
    return Finding(problem.line, problem.message, problem.is_error, step, name)
