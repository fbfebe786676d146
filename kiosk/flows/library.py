"""The flows of a running kiosk, reloaded when their files change on disk (no Kivy).

A counsellor may edit, copy or delete flow files while the kiosk runs (from a USB
stick, over the network share). :meth:`FlowLibrary.refresh` looks at every file's
size, modification time and inode, and reloads only the files that changed:

- a changed file that is still valid replaces its flow;
- a changed file that is broken, unreadable or deleted keeps its **last good** flow,
  and the problem is reported (the home screen never loses a tile because of a typo);
- a new valid file adds its flow.

A walk already in progress keeps its own ``Flow`` object, which never changes
(flows are frozen): a visitor half-way through is never moved to another version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .files import listing, signature
from .flowset import FlowSet, assemble, read_flow_file
from .model import Flow
from .problems import Problem, Severity

Signature = tuple[int, ...]


@dataclass
class _Entry:
    """One flow file as last seen."""

    signature: Signature | None
    flow: Flow | None  # the last good version (kept when the file breaks or goes)
    problems: list[Problem] = field(default_factory=list)


class FlowLibrary:
    """The flows of the folders (or files) in ``paths``, kept up to date by :meth:`refresh`."""

    def __init__(self, paths: list[Path] | Path, assets_dir: Path,
                 loaded: FlowSet | None = None, domains: tuple[str, ...] | None = None) -> None:
        self.paths = [paths] if isinstance(paths, Path) else list(paths)
        self.assets_dir = assets_dir
        self.domains = domains
        self._entries: dict[Path, _Entry] = {}
        self._folder_problems: list[Problem] = []
        if loaded is None:
            self.refresh()
            return
        # Start from flows already loaded: remember the files as they are now.
        by_source = {f.source.absolute(): f for f in loaded.flows.values() if f.source}
        files, self._folder_problems = listing(self.paths)
        for path, _folder in files:
            key = path.absolute()
            self._entries[key] = _Entry(signature(path), by_source.get(key),
                                        [p for p in loaded.problems if p.path == path])
        self._flowset = self._build()

    @property
    def flowset(self) -> FlowSet:
        return self._flowset

    def refresh(self) -> bool:
        """Reload what changed on disk; True when the flows or their problems changed."""
        seen: set[Path] = set()
        files, folder_problems = listing(self.paths)
        changed = folder_problems != self._folder_problems
        self._folder_problems = folder_problems
        for path, folder in files:
            key = path.absolute()  # never resolved: a link that loops is a file like another
            seen.add(key)
            now = signature(path)
            entry = self._entries.get(key)
            if entry is not None and entry.signature == now:
                continue
            flow, problems = read_flow_file(path, self.assets_dir, folder, self.domains)
            if entry is None:
                entry = self._entries[key] = _Entry(now, None)
            entry.signature = now
            if flow is not None:
                entry.flow = flow
                entry.problems = problems
            else:
                entry.problems = problems + self._kept(path, entry.flow)
            changed = True
        for key, entry in self._entries.items():
            if key in seen or entry.signature is None:
                continue
            entry.signature = None  # deleted (or moved away): keep its last good flow
            entry.problems = self._gone(key, entry.flow)
            changed = True
        if changed or not hasattr(self, "_flowset"):
            self._flowset = self._build()
        return changed

    @staticmethod
    def _kept(path: Path, flow: Flow | None) -> list[Problem]:
        if flow is None:
            return []
        return [Problem(path, 1, f"la borne garde la dernière version valable du parcours "
                                 f"« {flow.id} » tant que ce fichier n'est pas corrigé.",
                        Severity.WARNING)]

    @staticmethod
    def _gone(path: Path, flow: Flow | None) -> list[Problem]:
        if flow is None:
            return []
        return [Problem(path, 0, f"le fichier a disparu : la borne garde le parcours "
                                 f"« {flow.id} » jusqu'à son prochain redémarrage.",
                        Severity.WARNING)]

    def _build(self) -> FlowSet:
        entries = self._entries
        return assemble(self._folder_problems, ((key, entries[key].flow, entries[key].problems)
                                                for key in sorted(entries)))
