"""Every step of every bundled flow fits the reference screens, as a person sees it (issue 15).

The real app is rendered offscreen and taken through the steps (``fit_matrix.walk_steps``):
each page of each step, and each practice keyboard, is rendered once and checked from its
widget tree (``fit_matrix.step_problems``: what the visitor must read or act on lies fully in
the window, touch targets >= 16 mm and 24 px apart, no label cut inside a word).

Which cases run:

- ``make test`` runs the fast matrix (``fit_matrix.fast_matrix``): every step at the two
  smallest reference screens, 1280x800 and 800x1280 at 10.1", at text size 3, where space
  is shortest — landscape in French with normal contrast, portrait in English with high
  contrast — then a sample of the other cases: each reference screen once more at another
  text size, language and contrast, with one flow that has every kind of step. About 750
  screens in three app runs (about a minute of processor time).
- ``make fit`` (``FIT_MATRIX=full``) runs the whole matrix: 4 reference screens x text sizes
  1, 2, 3 x French and English x normal and high contrast, every step — 48 cases, some
  12,000 screens, one group per screen and text size (``FIT_GROUPS=0,1`` runs some groups
  only, to share the matrix between processes). It takes long: 15 to 20 minutes a group on
  a busy 2-core machine. Run it when the step screen, a widget or a bundled flow changes.

Problems of the practice screen's own widgets (kiosk/ui/screens/practice/) are reported by
a test of their own; checklists that do not fit one page too, marked xfail with the reason
(what is left of issue 15).

Home and the top bar are checked by ``test_ui_fit.py``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import pytest
from fit_checks import REFERENCE_SCREENS
from fit_matrix import LEVELS, Case, Tally, fast_matrix, full_matrix, walk_steps
from kivy.core.window import Window
from ui_helpers import make_app, run_app

FULL = os.environ.get("FIT_MATRIX", "") == "full"
REPORT = os.environ.get("FIT_REPORT", "")
"""A file to write every problem found to (``make fit`` writes build/fit-report.txt)."""


def _groups() -> list[tuple[str, list[Case]]]:
    if not FULL:
        every, sampled = ([c for c in fast_matrix() if bool(c.flows) is s] for s in (False, True))
        return [(case.name, [case]) for case in every] + [("sampled", sampled)]
    cases = full_matrix()
    groups = [(f"{screen[3]}, text {level}",
               [c for c in cases if c.screen == screen and c.level == level])
              for screen in REFERENCE_SCREENS for level in LEVELS]
    # FIT_GROUPS=0,5,7: only these groups (to share the whole matrix between processes).
    only = os.environ.get("FIT_GROUPS", "")
    return [groups[int(i)] for i in only.split(",")] if only else groups


@dataclass
class Walk:
    step_problems: list[str]
    practice_problems: list[str]
    checklist_problems: list[str]
    tally: Tally


@pytest.fixture(scope="module", params=[cases for _name, cases in _groups()],
                ids=[name for name, _cases in _groups()])
def walked(request, tmp_path_factory) -> Walk:
    """The real app taken through every step at the cases of one group: each screen
    rendered once, every check run on it."""
    cases: list[Case] = request.param
    app = make_app(tmp_path_factory.mktemp("fit"), screen_diagonal_inches=cases[0].screen[2])
    problems: list[str] = []
    tally = Tally()
    started = time.perf_counter()

    def script(app):  # type: ignore[no-untyped-def]
        for case in cases:
            yield from walk_steps(app, case, problems, tally)

    try:
        run_app(app, script, size=cases[0].screen[:2])
    finally:
        Window.size = (1280, 800)  # the window the other tests expect (ui_helpers)
    flows = app.flowset.flows
    assert tally.steps == sum(len(flows[i].steps) for case in cases
                              for i in (case.flows or flows))
    assert tally.screens >= tally.steps
    seconds = time.perf_counter() - started
    print(f"\n{len(cases)} cases, {tally.steps} steps, {tally.screens} screens, "
          f"{tally.labels} labels and {tally.targets} targets checked in {seconds:.0f} s, "
          f"{len(problems)} problems")
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as report:
            report.write(f"# {_groups()[request.param_index][0]}: {len(cases)} "
                         f"cases, {tally.screens} screens, {seconds:.0f} s, "
                         f"{len(problems)} problems\n")
            report.writelines(f"{p}\n" for p in problems)
    # The practice screen's own widgets (kiosk/ui/screens/practice/: the keyboard, the drawn
    # phone, the typed field...) apart from the rest.
    keyboard = [p for p in problems if " keyboard: " in p or ": practice " in p]
    checklists = [p for p in problems if ": checklist items " in p or " checklist items on " in p]
    return Walk([p for p in problems if p not in keyboard and p not in checklists], keyboard,
                checklists, tally)


@pytest.mark.xfail(reason="issue 15, left open: at 1280x800 (10.1\") in text size 3 a checklist "
                   "of 3 to 6 items of one or two lines does not fit on one page with its "
                   "title (the step area is about 400 px: the top bar, the step header and "
                   "the footer take half the height), so the items of 8 bundled checklists "
                   "(the « a-preparer » steps, reconnaitre-arnaque/signes) are spread over 2 "
                   "or 3 pages; the two longest (pension-reversion/a-preparer, 6 items; "
                   "reconnaitre-arnaque/signes, 5) also at 1280x800 in text 2 and at 1366x768 "
                   "in text 3. Needs a denser chrome at that size, or shorter lists that the "
                   "validator enforces", strict=False)
@pytest.mark.timeout(3600 if FULL else 600)
def test_every_checklist_fits_one_page(walked):
    problems = walked.checklist_problems
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


@pytest.mark.timeout(3600 if FULL else 600)
def test_every_step_fits(walked):
    problems = walked.step_problems
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


@pytest.mark.timeout(3600 if FULL else 600)
def test_every_practice_widget_fits(walked):
    problems = walked.practice_problems
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])
