"""What ``kiosk run`` shows with no display: a visitor walking one flow, screen by screen."""

from __future__ import annotations

from kiosk.flows.model import Flow, StepKind

from kiosk.ui.app import KioskApp
from kiosk.ui.demo.script import Script


def visitor_script(script: Script, flow: Flow) -> Script:
    """Home, open the flow, take a branch at the first question, go back, take another
    branch, then go on (first answer at later questions) to the end and home again."""
    script.add("accueil", lambda app: None)
    script.add(f"{flow.id}-debut", lambda app: app.open_flow(flow.id))
    state = {"branched": False}
    position = flow.start
    moves = 0
    while position.kind is not StepKind.END and moves < 60:
        moves += 1
        if position.kind is StepKind.QUESTION and not state["branched"]:
            state["branched"] = True
            first, last = position.answers[0], position.answers[-1]
            script.add(f"reponse-{first.goto}", lambda app: app.controller.answer(0))
            script.add(f"retour-{position.id}", lambda app: app.controller.back())
            index = len(position.answers) - 1
            script.add(f"reponse-{last.goto}", lambda app, i=index: app.controller.answer(i))
            position = flow.step(last.goto)
        elif position.kind is StepKind.QUESTION:
            script.add(f"reponse-{position.answers[0].goto}", lambda app: app.controller.answer(0))
            position = flow.step(position.answers[0].goto)
        else:
            assert position.next is not None
            script.add(position.next, lambda app: app.controller.next())
            position = flow.step(position.next)
    script.add("aide", lambda app: app.ask_help())
    script.add("fin", lambda app: app.dialogs.close())
    script.add("accueil-fin", lambda app: app.controller.next())
    return script
