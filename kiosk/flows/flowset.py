"""A set of loaded flows and the walk over flow files, without the validator.

The validator (:mod:`kiosk.flows.loader`, with PyYAML) is imported when a file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .files import flow_files, listing  # noqa: F401 - flow_files re-exported
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


def read_flow_file(path: Path, assets_dir: Path, folder: Path | None = None,
                   domains: tuple[str, ...] | None = None) -> tuple[Flow | None, list[Problem]]:
    """:func:`kiosk.flows.loader.load_flow_file`, the validator imported on first use."""
    from .loader import load_flow_file

    return load_flow_file(path, assets_dir, folder, domains)


def load_flows(paths: list[Path] | Path, assets_dir: Path,
               domains: tuple[str, ...] | None = None) -> FlowSet:
    """Load every flow file; good flows are kept whatever happens to the others.

    ``domains``: the known official domains (None: the shipped list only).
    """
    if isinstance(paths, Path):
        paths = [paths]
    files, folder_problems = listing(paths)

    def each_file() -> Iterator[tuple[Path, Flow | None, list[Problem]]]:
        for path, folder in files:
            flow, problems = read_flow_file(path, assets_dir, folder, domains)
            yield path, flow, problems

    return assemble(folder_problems, each_file())


def assemble(folder_problems: list[Problem],
             loaded: Iterable[tuple[Path, Flow | None, list[Problem]]]) -> FlowSet:
    """The flow set of files read one by one (in this order): the folders' problems, each
    file's problems, and a flow id used by an earlier file, reported; the first file keeps
    its id."""
    result = FlowSet(problems=list(folder_problems))
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
