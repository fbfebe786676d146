"""A set of loaded flows and the walk over flow files, without the validator.

The validator (:mod:`kiosk.flows.loader`, with PyYAML) is imported when a file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .model import Flow
from .problems import Problem

Reader = Callable[[Path, Path], tuple[Flow | None, list[Problem]]]


@dataclass
class FlowSet:
    """What loading a folder gives: the good flows, and every problem found."""

    flows: dict[str, Flow] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def read_flow_file(path: Path, assets_dir: Path) -> tuple[Flow | None, list[Problem]]:
    """:func:`kiosk.flows.loader.load_flow_file`, the validator imported on first use."""
    from .loader import load_flow_file

    return load_flow_file(path, assets_dir)


def flow_files(paths: list[Path]) -> list[Path]:
    """The .yaml/.yml files named, or found directly inside the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def load_flows(paths: list[Path] | Path, assets_dir: Path) -> FlowSet:
    """Load every flow file; good flows are kept whatever happens to the others."""
    if isinstance(paths, Path):
        paths = [paths]

    def each_file() -> Iterator[tuple[Path, Flow | None, list[Problem]]]:
        for path in flow_files([p for p in paths if p.exists()]):
            flow, problems = read_flow_file(path, assets_dir)
            yield path, flow, problems

    return assemble(paths, each_file())


def assemble(paths: list[Path],
             loaded: Iterable[tuple[Path, Flow | None, list[Problem]]]) -> FlowSet:
    """The flow set of files read one by one (in this order): a missing folder, each file's
    problems, and a flow id used by an earlier file, reported; the first file keeps its id."""
    result = FlowSet()
    for path in paths:
        if not path.exists():
            result.problems.append(Problem(path, 0, "fichier ou dossier introuvable."))
    first: dict[str, Path] = {}
    for path, flow, problems in loaded:
        result.problems.extend(problems)
        if flow is None:
            continue
        if flow.id in result.flows:
            result.problems.append(Problem(
                path, flow.lines.get("id", 1), f"l'identifiant de parcours « {flow.id} » est "
                f"déjà utilisé par {first[flow.id].name} : changez l'un des deux.", field="id"))
            continue
        first[flow.id] = path
        result.flows[flow.id] = flow
    return result
