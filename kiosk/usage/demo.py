"""Realistic synthetic usage, for demonstrations and benchmarks (``kiosk demo-data``).

Visits are walked through the real flow engine and the real ``UsageRecorder``, with a
seeded random generator and a fake clock: opening hours 9h–18h on weekdays (and some
Saturday mornings), busier mornings and mid-afternoons, abandons at various steps,
help requests, going back, practice attempts.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.flows.engine import Walker
from kiosk.flows.model import EndOutcome, Flow, Practice, PracticeCheck, Step, StepKind, Text

from . import store
from .events import check_event, check_themes
from .recorder import UsageRecorder

# Used when no flow is loaded: (id, title, CRA themes, number of steps before the end).
FAKE_FLOWS = (
    ("creer-adresse-email", "Créer un e-mail", ("e-mail",), 6),
    ("ameli-compte", "Compte Ameli", ("santé", "social / santé"), 9),
    ("caf-declaration", "Déclaration CAF", ("aide aux démarches administratives",
                                            "social / santé"), 11),
    ("impots-declaration", "Déclarer ses revenus", ("aide aux démarches administratives",
                                                    "argent / impôts"), 14),
    ("france-travail-actualisation", "Actualisation", ("insertion professionnelle",
                                                       "travail / formation"), 8),
    ("reperer-arnaque", "Repérer une arnaque", ("sécurité numérique",), 7),
    ("whatsapp-appel-video", "Appel vidéo WhatsApp", ("réseaux sociaux communication",), 6),
    ("envoyer-piece-jointe", "Envoyer une pièce jointe", ("e-mail",), 8),
)
HOUR_WEIGHTS = {9: 3, 10: 6, 11: 6, 12: 2, 13: 2, 14: 5, 15: 6, 16: 5, 17: 3}


def fake_flows() -> dict[str, Flow]:
    flows = {}
    for flow_id, title, themes, count in FAKE_FLOWS:
        steps = []
        for number in range(1, count + 1):
            nxt = f"etape-{number + 1}" if number < count else "fin"
            if number == count // 2:
                steps.append(Step(f"etape-{number}", StepKind.PRACTICE, Text.of("Exercice"),
                                  Text.of("Essayez."), next=nxt,
                                  practice=Practice(PracticeCheck.TEXT, "texte")))
            else:
                steps.append(Step(f"etape-{number}", StepKind.INFORMATION,
                                  Text.of(f"Étape {number}"), Text.of("Texte."), next=nxt))
        steps.append(Step("fin", StepKind.END, Text.of("Bravo"), Text.of("Terminé."),
                          outcome=EndOutcome.SUCCESS))
        flows[flow_id] = Flow(flow_id, Text.of(title), Text.of(title), Text.of(title), themes,
                              "débutant", 10, "pictos/parcours.png", tuple(steps))
    return flows


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start
        self.mono = 0.0

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.mono += seconds


class _BulkSink:
    """Checks events like the real log, and writes them in big transactions."""

    def __init__(self, db: Any, limit: int) -> None:
        self.db = db
        self.limit = limit
        self.count = 0
        self.rows: list[tuple] = []
        self.flows: dict[str, tuple] = {}

    def record(self, kind: str, visit: str, *, at: datetime | None = None,
               **fields: Any) -> None:
        row = check_event(kind, visit, fields)
        if self.count >= self.limit:
            return
        assert at is not None
        self.rows.append((at.strftime(store.TIME_FORMAT), *row))
        self.count += 1
        if len(self.rows) >= 50_000:
            self.flush()

    def register_flow(self, flow_id: str, title: str, themes: Any) -> None:
        self.flows[flow_id] = (flow_id, title, check_themes(themes))

    def flush(self) -> None:
        store.write(self.db, self.rows, self.flows.values())
        self.rows.clear()


def _walk_one(recorder: UsageRecorder, flow: Flow, clock: _Clock, rng: random.Random) -> None:
    recorder.visit_started()
    if rng.random() < 0.08:
        recorder.language_changed(rng.choice(("en", "ar", "es", "pt", "uk", "ro", "tr")))
    if rng.random() < 0.15:
        recorder.text_size_changed(rng.choice((2, 3)))
    if rng.random() < 0.05:
        recorder.contrast_changed(True)
    if rng.random() < 0.08:
        recorder.speech_toggled(False)
    walker = Walker(flow)
    recorder.watch(walker)
    clock.advance(rng.uniform(5, 40))
    walker.start()
    give_up = rng.uniform(0.02, 0.09)
    for _ in range(200):
        clock.advance(rng.uniform(15, 150))
        step = walker.step
        if walker.finished:
            clock.advance(rng.uniform(5, 30))
            recorder.visit_ended("finished")
            return
        if rng.random() < 0.04:
            recorder.help_asked()
            clock.advance(rng.uniform(30, 300))
        if rng.random() < 0.08:
            recorder.repeat()
        if step.kind is StepKind.PRACTICE:
            for _try in range(rng.choice((1, 1, 2, 3))):
                recorder.practice_tried(rng.random() < 0.6)
        if rng.random() < give_up:
            recorder.visit_ended(rng.choice(("gave-up", "idle", "idle", "home")))
            return
        if walker.can_go_back and rng.random() < 0.06:
            walker.back()
        elif step.kind is StepKind.QUESTION:
            walker.answer(rng.randrange(len(step.answers)))
        elif step.next:
            walker.next()
        else:
            break
    recorder.visit_ended("idle")


def generate(db_path: Path, events: int, flows: Mapping[str, Flow] | None = None, *,
             seed: int = 1, end: datetime | None = None, days: int = 730) -> int:
    """Add about ``events`` synthetic events (exactly, unless too few days) to the database,
    over the ``days`` days before ``end``. Returns the number written."""
    flows = dict(flows) if flows else fake_flows()
    end = (end or datetime.now()).replace(microsecond=0)
    rng = random.Random(seed)
    ids = sorted(flows)
    weights = [1.0 / (rank + 1) for rank in range(len(ids))]
    rng.shuffle(weights)
    open_days = [d for d in (end.date() - timedelta(days=n) for n in range(days - 1, -1, -1))
                 if d.weekday() < 6]
    per_visit = 14.0  # first guess, corrected as we go
    db, _ = store.open_db(db_path)
    sink = _BulkSink(db, events)
    clock = _Clock(end)
    recorder = UsageRecorder(sink, now=lambda: clock.at, monotonic=lambda: clock.mono)
    try:
        for index, day in enumerate(open_days):
            if sink.count >= events:
                break
            left_days = len(open_days) - index
            wanted = (events - sink.count) / per_visit / left_days
            count = max(0, int(rng.gauss(wanted, max(1.0, wanted ** 0.5))))
            hours = [h for h in HOUR_WEIGHTS if day.weekday() < 5 or h < 12]
            starts = sorted(
                datetime.combine(day, datetime.min.time()).replace(
                    hour=rng.choices(hours, [HOUR_WEIGHTS[h] for h in hours])[0],
                    minute=rng.randrange(60), second=rng.randrange(60))
                for _ in range(count))
            for start in starts:
                if start > end:
                    continue
                clock.at = start
                clock.mono += 3600.0
                before = sink.count
                _walk_one(recorder, flows[rng.choices(ids, weights)[0]], clock, rng)
                per_visit = 0.98 * per_visit + 0.02 * max(1, sink.count - before)
        while sink.count < events and open_days:  # the last few, on random open days
            day = rng.choice(open_days)
            clock.at = datetime.combine(day, datetime.min.time()).replace(
                hour=rng.choice(list(HOUR_WEIGHTS)), minute=rng.randrange(60))
            clock.mono += 3600.0
            _walk_one(recorder, flows[rng.choices(ids, weights)[0]], clock, rng)
        sink.flush()
    finally:
        db.close()
    return sink.count
