"""A cache of flows that loaded with no problem at all, so the kiosk starts without re-reading
and re-validating every unchanged file.

The cache is one JSON file in the data folder. It holds plain data only (strings, numbers,
lists, dicts), turned back into :mod:`kiosk.flows.model` objects field by field: nothing in it
is ever executed. An entry is used only when everything the validation of that file read is
unchanged:

- the flow file itself: resolved path, size and modification time (nanoseconds);
- every picture the flow names (pictogram and step pictures): path, size, modification time;
- the assets folder it was validated against;
- the validator's own code (size and modification time of each ``kiosk/flows/*.py``), so a
  new rule re-validates everything.

A file with any problem (error or warning) is never cached: it is read again each time and
reported exactly as ``kiosk validate`` reports it. A missing, unreadable or damaged cache
file is ignored and rewritten. ``kiosk validate`` never uses the cache.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .flowset import load_flows
from .model import (
    Answer,
    Choice,
    EndOutcome,
    Flow,
    Practice,
    PracticeCheck,
    Step,
    StepKind,
    Text,
)
from .pictures import PictureError, resolve_asset
from .problems import Problem

log = logging.getLogger("kiosk.flows.cache")

CACHE_NAME = "flows-cache.json"
FORMAT = 1
_CODE_DIR = Path(__file__).resolve().parent

Loader = Callable[[Path, Path], tuple[Flow | None, list[Problem]]]


def _stat(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def code_fingerprint() -> list[list[Any]]:
    """Size and mtime of the validator's modules: a changed rule invalidates every entry."""
    return [[p.name, *(_stat(p) or [])] for p in sorted(_CODE_DIR.glob("*.py"))]


# -- model <-> plain data ------------------------------------------------------------------
def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else dict(text.by_language)


def _untext(data: dict[str, str] | None) -> Text | None:
    return None if data is None else Text(MappingProxyType(dict(data)))


def _step(step: Step) -> dict[str, Any]:
    practice = step.practice
    return {
        "id": step.id, "kind": step.kind.value, "title": _text(step.title),
        "text": _text(step.text), "picture": step.picture, "warning": _text(step.warning),
        "spoken": _text(step.spoken), "next": step.next,
        "answers": [[_text(a.label), a.goto] for a in step.answers],
        "items": [_text(i) for i in step.items],
        "practice": None if practice is None else {
            "check": practice.check.value, "keyboard": practice.keyboard,
            "expected": practice.expected, "length": practice.length,
            "example": _text(practice.example), "hints": [_text(h) for h in practice.hints],
            "success": _text(practice.success),
            "choices": [[_text(c.label), c.correct, _text(c.explanation)]
                        for c in practice.choices],
        },
        "url": step.url, "outcome": None if step.outcome is None else step.outcome.value,
        "line": step.line, "lines": dict(step.lines),
    }


def _unstep(data: dict[str, Any]) -> Step:
    practice = data["practice"]
    return Step(
        id=data["id"], kind=StepKind(data["kind"]), title=_untext(data["title"]),
        text=_untext(data["text"]), picture=data["picture"], warning=_untext(data["warning"]),
        spoken=_untext(data["spoken"]), next=data["next"],
        answers=tuple(Answer(_untext(label), goto) for label, goto in data["answers"]),
        items=tuple(_untext(i) for i in data["items"]),
        practice=None if practice is None else Practice(
            check=PracticeCheck(practice["check"]), keyboard=practice["keyboard"],
            expected=practice["expected"], length=practice["length"],
            example=_untext(practice["example"]),
            hints=tuple(_untext(h) for h in practice["hints"]),
            success=_untext(practice["success"]),
            choices=tuple(Choice(_untext(label), correct, _untext(explanation))
                          for label, correct, explanation in practice["choices"]),
        ),
        url=data["url"], outcome=None if data["outcome"] is None else EndOutcome(data["outcome"]),
        line=data["line"], lines=MappingProxyType(dict(data["lines"])),
    )


def flow_to_data(flow: Flow) -> dict[str, Any]:
    return {
        "id": flow.id, "title": _text(flow.title), "short_title": _text(flow.short_title),
        "description": _text(flow.description), "themes": list(flow.themes),
        "level": flow.level, "duration_minutes": flow.duration_minutes,
        "pictogram": flow.pictogram, "steps": [_step(s) for s in flow.steps],
        "source": None if flow.source is None else str(flow.source),
        "lines": dict(flow.lines),
    }


def flow_from_data(data: dict[str, Any]) -> Flow:
    return Flow(
        id=data["id"], title=_untext(data["title"]), short_title=_untext(data["short_title"]),
        description=_untext(data["description"]), themes=tuple(data["themes"]),
        level=data["level"], duration_minutes=data["duration_minutes"],
        pictogram=data["pictogram"], steps=tuple(_unstep(s) for s in data["steps"]),
        source=None if data["source"] is None else Path(data["source"]),
        lines=MappingProxyType(dict(data["lines"])),
    )


# -- the cache -----------------------------------------------------------------------------
class FlowCache:
    """Per-file results of the loader, reused while nothing they depend on has changed."""

    def __init__(self, path: Path, assets_dir: Path) -> None:
        self.path = path
        self.assets_dir = assets_dir
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, Any] = {}
        self._changed = False
        self._seen: set[str] = set()
        self._header = {"format": FORMAT, "assets_dir": str(assets_dir.resolve()),
                        "code": code_fingerprint()}
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("header") == self._header and \
                isinstance(data.get("files"), dict):
            self._entries = data["files"]

    def _pictures_of(self, flow: Flow) -> list[list[Any]]:
        names = [flow.pictogram, *(s.picture for s in flow.steps if s.picture)]
        found = []
        for name in sorted(set(names)):
            try:
                path = resolve_asset(self.assets_dir, name)
            except (PictureError, OSError):  # cannot be vouched for: never matches
                return [["?", name]]
            found.append([str(path), *(_stat(path) or [])])
        return found

    def load(self, path: Path, read: Loader) -> tuple[Flow | None, list[Problem]]:
        """The flow in ``path``: from the cache when still valid, else read (and remembered)."""
        key = str(path.resolve())
        self._seen.add(key)
        stamp = _stat(path)
        entry = self._entries.get(key)
        if entry is not None and stamp is not None and entry.get("stat") == stamp:
            try:
                flow = flow_from_data(entry["flow"])
                if entry.get("pictures") == self._pictures_of(flow):
                    self.hits += 1
                    return flow, []
            except (KeyError, TypeError, ValueError) as problem:
                log.warning("flow cache entry for %s unusable: %s", path, problem)
        self.misses += 1
        flow, problems = read(path, self.assets_dir)
        if self._entries.pop(key, None) is not None:
            self._changed = True
        if flow is not None and not problems and stamp is not None and _stat(path) == stamp:
            self._entries[key] = {"stat": stamp, "pictures": self._pictures_of(flow),
                                  "flow": flow_to_data(flow)}
            self._changed = True
        return flow, problems

    def save(self) -> None:
        """Write the cache if it changed (atomically; a failure only costs the next start).

        Entries of files not loaded this time (removed or renamed) are dropped.
        """
        for key in list(self._entries):
            if key not in self._seen:
                del self._entries[key]
                self._changed = True
        if not self._changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".flows-cache-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"header": self._header, "files": self._entries}, out,
                          ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
            self._changed = False
        except OSError as problem:
            log.warning("flow cache not written to %s: %s", self.path, problem)


def load_flows_cached(paths: list[Path] | Path, assets_dir: Path, data_dir: Path):  # noqa: ANN201
    """:func:`kiosk.flows.loader.load_flows`, with unchanged good files taken from the cache.

    The validator (and PyYAML) is imported only if a file has to be read."""
    cache = FlowCache(data_dir / CACHE_NAME, assets_dir)
    result = load_flows(paths, assets_dir, cache=cache)
    cache.save()
    return result
