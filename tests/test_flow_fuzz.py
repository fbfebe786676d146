"""No flow file, however mangled, makes the loader raise: it only ever reports problems.

Property-based tests (hypothesis), deterministic and bounded: random bytes, random YAML
structures built from the real field names, and valid files mutated the way a hurried
text editor would (lines dropped, doubled, swapped, re-indented, tabs, truncation, aliases,
tags, deep nesting). Every flow that does load can be walked to an end by the engine.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
import yaml
from flowfixtures import COMPLETE, MINIMAL, make_assets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.flows import yamlnodes
from kiosk.flows.engine import Walker
from kiosk.flows.loader import (
    COMMON_STEP_FIELDS,
    FLOW_FIELDS,
    KIND_FIELDS,
    load_flow_text,
)
from kiosk.flows.model import Flow, StepKind
from kiosk.flows.problems import Problem, Severity

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PATH = Path("fuzz.yaml")
SOURCES = (MINIMAL, COMPLETE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_assets(tmp_path_factory.mktemp("fuzz"))


def walk_to_an_end(flow: Flow) -> None:
    """Drive a Walker along a shortest way from the start to an end step."""
    way: dict[str, tuple[str, int | None]] = {}
    todo = deque([flow.start.id])
    seen = {flow.start.id}
    end = None
    while todo:
        current = todo.popleft()
        step = flow.step(current)
        if step.kind is StepKind.END:
            end = current
            break
        for index, target in enumerate(step.successors()):
            if target not in seen:
                seen.add(target)
                way[target] = (current, index if step.kind is StepKind.QUESTION else None)
                todo.append(target)
    assert end is not None, f"{flow.id}: loaded, but no end can be reached"
    moves: list[int | None] = []
    while end != flow.start.id:
        end, move = way[end]
        moves.append(move)
    walker = Walker(flow)
    walker.start()
    for move in reversed(moves):
        walker.next() if move is None else walker.answer(move)
    assert walker.finished
    assert walker.number <= walker.total


def check_outcome(raw: bytes, assets: Path) -> None:
    result = load_flow_text(raw, PATH, assets)
    assert isinstance(result, tuple) and len(result) == 2
    flow, problems = result
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == PATH
        assert isinstance(problem.line, int) and problem.line >= 1
        assert problem.message.strip() and "Traceback" not in problem.message
        assert problem.format().startswith(f"{PATH}:{problem.line}: ")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if flow is None:
        assert errors, "a file that gives no flow must say why"
    else:
        assert isinstance(flow, Flow) and not errors
        walk_to_an_end(flow)


# -- random bytes ----------------------------------------------------------------------------

YAML_CHARS = "abcé:-[]{}&*!|>#'\" \t\n?,%@`\\~0123456789\x00\ufeff\u2028"


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(assets: Path, raw: bytes) -> None:
    check_outcome(raw, assets)


@FUZZ
@given(st.text(alphabet=YAML_CHARS, max_size=400))
def test_random_yaml_punctuation(assets: Path, text: str) -> None:
    check_outcome(text.encode("utf-8", "surrogatepass"), assets)


# -- random YAML structures with the real field names ---------------------------------------

FIELD_NAMES = sorted(set(FLOW_FIELDS + COMMON_STEP_FIELDS
                         + tuple(f for fields in KIND_FIELDS.values() for f in fields)
                         + ("fr", "en", "xx", "aller_a", "bon", "explication")))
SCALARS = st.one_of(
    st.sampled_from([k.value for k in StepKind] + ["debut", "fin", "oui", "non", "", "~",
                                                   "pictos/email.png", "../x.png", "/etc/x",
                                                   "e-mail", "débutant", "15", "-1", "²",
                                                   "https://exemple.fr", "reussite", "choix",
                                                   "code", "email", "texte", "motdepasse"]),
    st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True),
)


def structures(max_leaves: int) -> st.SearchStrategy[object]:
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=6),
            st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)),
                            children, max_size=8),
        ),
        max_leaves=max_leaves,
    )


STRUCTURES = structures(60)


def flow_shaped(draw_steps: list[dict]) -> dict:
    return {"id": "essai", "titre": "Essai", "description": "Un essai.", "themes": ["e-mail"],
            "niveau": "débutant", "duree": 5, "pictogramme": "pictos/email.png",
            "etapes": draw_steps}


@FUZZ
@given(STRUCTURES)
def test_random_structures(assets: Path, data: object) -> None:
    check_outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"),
                  assets)


STEP = st.fixed_dictionaries(
    {"id": st.sampled_from(["debut", "milieu", "fin", "ailleurs"]),
     "type": st.sampled_from([k.value for k in StepKind] + ["autre"])},
    optional={name: structures(4) for name in ("titre", "texte", "suivante", "reponses",
                                            "elements", "verification", "attendu", "choix",
                                            "adresse", "resultat", "image", "longueur")},
)


@FUZZ
@given(st.lists(STEP, max_size=6))
def test_random_steps_in_a_sound_flow(assets: Path, steps: list[dict]) -> None:
    raw = yaml.safe_dump(flow_shaped(steps), allow_unicode=True, sort_keys=False)
    check_outcome(raw.encode("utf-8", "surrogatepass"), assets)


# -- valid files, mutated -------------------------------------------------------------------

NASTY_VALUES = ["", "~", "null", "[]", "{}", "- x", "&a x", "*a", "!!python/object:os.system",
                "!!binary aGVsbG8=", "|", ">", "'", '"', "x: y", "é" * 300, "\t", "10" * 40,
                "[" * 200 + "]" * 200, "../" * 20, "/etc/passwd", "<<: *a", "? x", "%x", "@x",
                "`x", "\\x00", "²", "٣", "0x1F", "1e400", ".nan", "Oui", "NON", "yes", "2024-01-01"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        operation = draw(st.sampled_from([
            "drop", "duplicate", "swap", "indent", "dedent", "tab", "value", "truncate",
            "anchor", "alias", "tag", "nesting", "deep-list", "merge", "key-only",
        ]))
        if operation == "drop":
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, line)
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        elif operation == "indent":
            lines[at] = " " * draw(st.integers(1, 6)) + line
        elif operation == "dedent":
            lines[at] = line[draw(st.integers(1, 4)):]
        elif operation == "tab":
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + "\t" + line[cut:]
        elif operation == "value" and ":" in line:
            lines[at] = line[: line.index(":") + 1] + " " + draw(st.sampled_from(NASTY_VALUES))
        elif operation == "truncate":
            text = "\n".join(lines)
            return text[: draw(st.integers(0, len(text)))]
        elif operation == "anchor" and ":" in line:
            lines[at] = line.replace(":", ": &a", 1)
        elif operation == "alias" and ":" in line:
            lines[at] = line[: line.index(":") + 1] + " *a"
        elif operation == "tag" and ":" in line:
            lines[at] = line.replace(":", ": !!python/object/apply:os.system", 1)
        elif operation == "nesting":
            depth = draw(st.sampled_from([50, 500, 5000]))
            lines[at] = line.split(":")[0] + ": " + "[" * depth + "x" + "]" * depth
        elif operation == "deep-list":
            depth = draw(st.sampled_from([20, 200, 2000]))
            lines[at:at] = ["  " * level + "- " + "a" for level in range(depth)]
        elif operation == "merge":
            lines.insert(at, "<<: {id: autre}")
        elif operation == "key-only":
            lines[at] = line.split(":")[0]
    return "\n".join(lines) + "\n"


@FUZZ
@given(mutated())
def test_mutated_valid_files(assets: Path, text: str) -> None:
    check_outcome(text.encode("utf-8"), assets)


# -- a few worst cases, spelled out -----------------------------------------------------------

@pytest.mark.parametrize("raw", [
    b"",
    b"\xef\xbb\xbf",
    b"[" * 100_000,
    b"- " * 50_000,
    ("a: " + "{a: " * 20_000 + "}" * 20_000).encode(),
    b"a: &a [" + b"*a, " * 1000 + b"]\nb: *a\n",
    b"".join(b"x%d: &x%d [%s]\n" % (i, i, b", ".join([b"*x%d" % (i - 1)] * 9) if i else b"1")
             for i in range(9)),
    b"!!python/object/apply:os.system [echo owned]\n",
    b"id: !!python/name:os.system\n",
    MINIMAL.encode().replace(b"\n", b"\r\n"),
    MINIMAL.encode().replace(b"\n", b"\r"),
    MINIMAL.encode("utf-16"),
])
def test_worst_cases(assets: Path, raw: bytes) -> None:
    check_outcome(raw, assets)


def test_every_nasty_value_in_every_field(assets: Path) -> None:
    """Exhaustive: each NASTY_VALUES in place of the value of each "field: value" line."""
    failures = []
    for source in SOURCES:
        lines = source.splitlines()
        for at, line in enumerate(lines):
            if ":" not in line or line.lstrip().startswith("#"):
                continue
            for value in NASTY_VALUES:
                changed = lines[:at] + [line[: line.index(":") + 1] + " " + value] + lines[at + 1:]
                try:
                    check_outcome("\n".join(changed).encode("utf-8"), assets)
                except Exception as error:  # noqa: BLE001 - collected and shown below
                    failures.append(f"line {at + 1} = {value[:20]!r}: {error!r}")
    assert failures == []


def _shape(data: object) -> object:
    """Data with every line number, to compare the two readers exactly."""
    if isinstance(data, yamlnodes.Mapping):
        return ("map", data.line, [(k, data.key_lines[k], _shape(v)) for k, v in data.items()])
    if isinstance(data, yamlnodes.Sequence):
        return ("seq", data.line, [_shape(v) for v in data])
    if isinstance(data, yamlnodes.Text):
        return ("text", data.line, str(data))
    return data


def _read(reader, text: str) -> object:  # type: ignore[no-untyped-def]
    try:
        return _shape(reader(text))
    except yamlnodes.YamlProblem as problem:
        return ("problem", problem.line, problem.message)


@pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None, reason="no libyaml")
@FUZZ
@given(mutated())
def test_fast_reader_reads_as_pyyaml_does(text: str) -> None:
    """parse() (libyaml's events when it can) gives what PyYAML's own reader gives: the
    same data, the same lines, the same problem."""
    assert _read(yamlnodes.parse, text) == _read(yamlnodes._read_slowly, text)
