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


@dataclass(frozen=True)
class FileChange:
    """One flow file seen changed: its new signature (None: gone), its new flow (None: the
    last good one stays) and its problems now."""

    key: Path
    signature: Signature | None
    flow: Flow | None
    problems: list[Problem]


@dataclass(frozen=True)
class Changes:
    """What one look at the folders found changed (small to send between processes: the
    flows of unchanged files are not in it)."""

    folder_problems: list[Problem]
    files: list[FileChange]


class FlowLibrary:
    """The flows of the folders (or files) in ``paths``, kept up to date by :meth:`refresh`.

    :meth:`refresh` is :meth:`scan` (read what changed, no change to this object) then
    :meth:`apply`: a copy of the library in another process can scan, and this one apply
    what it found (:mod:`kiosk.flows.reader`)."""

    def __init__(self, paths: list[Path] | Path, assets_dir: Path,
                 loaded: FlowSet | None = None, domains: tuple[str, ...] | None = None) -> None:
        self.paths = [paths] if isinstance(paths, Path) else list(paths)
        self.assets_dir = assets_dir
        self.domains = domains
        self._entries: dict[Path, _Entry] = {}
        self._folder_problems: list[Problem] = []
        self._flowset: FlowSet | None = None
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

    @property
    def flowset(self) -> FlowSet:
        if self._flowset is None:
            self._flowset = self._build()
        return self._flowset

    def refresh(self) -> bool:
        """Reload what changed on disk; True when the flows or their problems changed."""
        changes = self.scan()
        if changes is not None:
            self.apply(changes)
        return changes is not None

    def scan(self) -> Changes | None:
        """Read and check the files that changed on disk since the last :meth:`apply`;
        None when nothing changed. This object is left as it is."""
        seen: set[Path] = set()
        files, folder_problems = listing(self.paths)
        changed: list[FileChange] = []
        for path, folder in files:
            key = path.absolute()  # never resolved: a link that loops is a file like another
            seen.add(key)
            now = signature(path)
            entry = self._entries.get(key)
            if entry is not None and entry.signature == now:
                continue
            flow, problems = read_flow_file(path, self.assets_dir, folder, self.domains)
            if flow is None:
                problems = problems + self._kept(path, entry.flow if entry else None)
            changed.append(FileChange(key, now, flow, problems))
        for key, entry in self._entries.items():
            if key in seen or entry.signature is None:
                continue
            # deleted (or moved away): keep its last good flow
            changed.append(FileChange(key, None, None, self._gone(key, entry.flow)))
        if not changed and folder_problems == self._folder_problems:
            return None
        return Changes(folder_problems, changed)

    def apply(self, changes: Changes) -> None:
        """Take what :meth:`scan` found (here or in a copy of this library)."""
        self._folder_problems = changes.folder_problems
        for change in changes.files:
            entry = self._entries.get(change.key)
            if entry is None:
                entry = self._entries[change.key] = _Entry(change.signature, None)
            entry.signature = change.signature
            if change.flow is not None:
                entry.flow = change.flow
            entry.problems = change.problems
        self._flowset = None

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
