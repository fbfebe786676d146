"""The map of a flow's branches, drawn by Graphviz (``dot``): steps no one reaches and steps
from which no end can be reached are marked, in words as well as in colour."""

from __future__ import annotations

import subprocess

from ..document import FlowDocument, text_of

DOT_TIMEOUT_S = 20


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def links(document: FlowDocument) -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str]]]]:
    """([(step id, kind)], {step id: [(label, target)]}), with the kiosk's rule that a step
    without ``suivante`` leads to the one written below it."""
    nodes: list[tuple[str, str]] = []
    edges: dict[str, list[tuple[str, str]]] = {}
    steps = [s for s in document.steps if hasattr(s, "get")]
    for position, step in enumerate(steps):
        step_id, kind = str(step.get("id", "")), str(step.get("type", ""))
        nodes.append((step_id, kind))
        out: list[tuple[str, str]] = []
        if kind == "question":
            for number, answer in enumerate(step.get("reponses") or [], start=1):
                if hasattr(answer, "get"):
                    label = text_of(answer.get("texte")).get("fr", "")
                    out.append((f"{number}. {label}", str(answer.get("aller_a", ""))))
        elif kind != "fin":
            following = step.get("suivante")
            if following:
                out.append(("", str(following)))
            elif position + 1 < len(steps):
                out.append(("", str(steps[position + 1].get("id", ""))))
        edges[step_id] = out
    return nodes, edges


def draw(text: str) -> tuple[str, list[str]]:
    """(SVG, notes in French) for the flow ``text``."""
    nodes, edges = links(FlowDocument.read_only(text))  # only read: the kept parse
    kinds = dict(nodes)
    seen: set[str] = set()
    todo = [nodes[0][0]] if nodes else []
    while todo:
        current = todo.pop()
        if current in seen or current not in kinds:
            continue
        seen.add(current)
        todo.extend(target for _label, target in edges.get(current, []))
    finishing = {step for step, kind in nodes if kind == "fin"}
    changed = True
    while changed:
        changed = False
        for step, out in edges.items():
            if step not in finishing and any(t in finishing for _l, t in out):
                finishing.add(step)
                changed = True
    notes: list[str] = []
    lines = ["digraph parcours {", 'graph [rankdir=TB, fontname="DejaVu Sans"];',
             'node [shape=box, style="rounded,filled", fillcolor="#ffffff", '
             'fontname="DejaVu Sans"];', 'edge [fontname="DejaVu Sans"];']
    for step, kind in nodes:
        label, colour = f"{step}\\n({kind})", "#ffffff"
        if step not in seen:
            label, colour = label + "\\nJAMAIS ATTEINTE", "#ffd6d6"
            notes.append(f"L'étape « {step} » n'est jamais atteinte.")
        elif step not in finishing:
            label, colour = label + "\\nIMPASSE", "#ffd6d6"
            notes.append(f"Depuis l'étape « {step} », on n'arrive jamais à une fin.")
        lines.append(f"{_quote(step)} [label=\"{label}\", fillcolor=\"{colour}\"];")
        for edge_label, target in edges.get(step, []):
            if target not in kinds:
                notes.append(f"L'étape « {step} » mène à « {target} », qui n'existe pas.")
                continue
            lines.append(f"{_quote(step)} -> {_quote(target)} [label={_quote(edge_label)}];")
    lines.append("}")
    result = subprocess.run(["dot", "-Tsvg"], input="\n".join(lines), capture_output=True,
                            text=True, timeout=DOT_TIMEOUT_S, check=True)
    svg = result.stdout
    return svg[svg.index("<svg"):], notes
