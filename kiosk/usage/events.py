"""The only events the usage log accepts: a whitelist of kinds and fields, values checked.

Nothing a visitor types can be written: every field is an identifier of the form
``^[a-z0-9-]+$`` (flow and step ids), a word from a fixed list, a yes/no, or a small
whole number. Anything else raises :class:`EventRefused` before it reaches the queue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.flows.vocabulary import LANGUAGES
from kiosk.visit import EndReason

ID_PATTERN = re.compile(r"^[a-z0-9-]{1,64}$")
VISIT_PATTERN = re.compile(r"^[a-z0-9-]{8,32}$")

# Why a visit ended: the person finished, the kiosk gave up after an error, the visitor
# was idle long enough for the screen to wipe, or pressed "Accueil".
END_REASONS = tuple(reason.value for reason in EndReason)  # one vocabulary: kiosk/visit.py
# How a flow ended (the end step's ``resultat``; "fin" when it has none).
OUTCOMES = ("reussite", "conseiller", "fin")
# How one visit of a flow ended, one outcome per visit and flow (``procedure_outcome``):
# the last end reached (above), else how the visit ended: "accueil" (the « Accueil »
# button), "inactivite" (the screen wiped itself), "abandon" (anything else).
RUN_OUTCOMES = (*OUTCOMES, "accueil", "inactivite", "abandon")


class EventRefused(ValueError):
    """An event that is not on the whitelist, or a value that is not allowed. Never written."""


@dataclass(frozen=True)
class Field:
    """One allowed field: where it is stored and which values it may take."""

    column: str  # "flow", "step", "number", "seconds" or "value"
    kind: str  # "id", "enum", "bool", "int"
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 0
    true_false: tuple[str, str] = ("", "")  # stored words for True / False


def _id(column: str, required: bool = True) -> Field:
    return Field(column, "id", required)


def _int(column: str, minimum: int, maximum: int) -> Field:
    return Field(column, "int", minimum=minimum, maximum=maximum)


def _bool(yes: str, no: str) -> Field:
    return Field("value", "bool", true_false=(yes, no))


SECONDS_MAX = 24 * 3600
FLOW, STEP = _id("flow"), _id("step")
OPTIONAL_FLOW, OPTIONAL_STEP = _id("flow", False), _id("step", False)

# kind -> {field name -> rule}. The whole whitelist.
KINDS: Mapping[str, Mapping[str, Field]] = {
    "visit_started": {},
    "visit_ended": {"reason": Field("value", "enum", choices=END_REASONS)},
    "procedure_started": {"flow": FLOW},
    # "first": the first time this visit reaches this step (what the funnel counts).
    "step_shown": {"flow": FLOW, "step": STEP, "number": _int("number", 1, 999),
                   "seconds": _int("seconds", 0, SECONDS_MAX), "first": _bool("first", "again")},
    "back": {"flow": FLOW, "step": STEP},
    "procedure_ended": {"flow": FLOW, "step": STEP,
                        "outcome": Field("value", "enum", choices=OUTCOMES),
                        "seconds": _int("seconds", 0, SECONDS_MAX)},
    # Written when the visit ends, once per flow the visit started: the outcome, the last
    # step reached, and the time guided (from the start to the last action in the flow).
    "procedure_outcome": {"flow": FLOW, "step": OPTIONAL_STEP,
                          "outcome": Field("value", "enum", choices=RUN_OUTCOMES),
                          "seconds": _int("seconds", 0, SECONDS_MAX)},
    "repeat": {"flow": OPTIONAL_FLOW, "step": OPTIONAL_STEP},
    "help_asked": {"flow": OPTIONAL_FLOW, "step": OPTIONAL_STEP},
    "practice_tried": {"flow": FLOW, "step": STEP, "success": _bool("success", "failure")},
    "speech_changed": {"on": _bool("on", "off")},
    "contrast_changed": {"on": _bool("on", "off")},
    "text_size_changed": {"size": _int("number", 1, 3)},
    "language_changed": {"language": Field("value", "enum", choices=tuple(LANGUAGES))},
}

COLUMNS = ("flow", "step", "number", "seconds", "value")


def check_event(kind: str, visit: str, fields: Mapping[str, Any]) -> tuple[Any, ...]:
    """The stored columns ``(kind, visit, flow, step, number, seconds, value)`` of an event.

    Raises :class:`EventRefused` for an unknown kind, an unknown or missing field,
    or a value outside what the field allows.
    """
    rules = KINDS.get(kind) if isinstance(kind, str) else None
    if rules is None:
        raise EventRefused(f"unknown event kind {kind!r}")
    if not isinstance(visit, str) or not VISIT_PATTERN.match(visit):
        raise EventRefused("visit must be an id made by new_visit_id()")
    unknown = set(fields) - set(rules)
    if unknown:
        raise EventRefused(f"field(s) not allowed in {kind}: {', '.join(sorted(unknown))}")
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    for name, rule in rules.items():
        value = fields.get(name)
        if value is None:
            if rule.required:
                raise EventRefused(f"{kind}: field {name!r} is required")
            continue
        row[rule.column] = _check_value(kind, name, rule, value)
    return (kind, visit, row["flow"], row["step"], row["number"], row["seconds"], row["value"])


def _check_value(kind: str, name: str, rule: Field, value: Any) -> Any:
    where = f"{kind}.{name}"
    if rule.kind == "id":
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise EventRefused(f"{where}: not an identifier ([a-z0-9-], 64 at most)")
        return value
    if rule.kind == "enum":
        if not isinstance(value, str) or value not in rule.choices:
            raise EventRefused(f"{where}: must be one of {', '.join(rule.choices)}")
        return value
    if rule.kind == "bool":
        if not isinstance(value, bool):
            raise EventRefused(f"{where}: must be True or False")
        return rule.true_false[0] if value else rule.true_false[1]
    if isinstance(value, bool) or not isinstance(value, int):
        raise EventRefused(f"{where}: must be a whole number")
    if not rule.minimum <= value <= rule.maximum:
        raise EventRefused(f"{where}: must be between {rule.minimum} and {rule.maximum}")
    return value


def check_themes(themes: Any) -> tuple[str, ...]:
    """A flow's CRA themes, each from the official list (no free text)."""
    from kiosk.flows.vocabulary import THEMES, current_theme

    if not isinstance(themes, (list, tuple)) or not all(
            isinstance(t, str) and current_theme(t) in THEMES for t in themes):
        raise EventRefused("themes must be CRA themes from kiosk.flows.vocabulary.THEMES")
    return tuple(current_theme(t) for t in themes)
