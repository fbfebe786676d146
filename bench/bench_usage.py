"""Usage statistics on a kiosk two years old: 1,000,000 events.

Times each figure of the counsellor's space (target < 100 ms each), the monthly report
(``kiosk rapport``: figures, privacy protection of 13 months, two PDF pages; target < 2 s),
the CSV export of every month, and the hand-over of one event by ``UsageLog.record`` on the caller's
thread (target p99 < 1 ms). The synthetic database is cached in /tmp between runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.screen.stats import percentile
from kiosk.flows.loader import load_flows
from kiosk.settings import load_settings
from kiosk.usage import UsageLog, demo, export, figures, monthly, new_visit_id, report, store

EVENTS = 1_000_000
SEED = 1
END = datetime(2026, 6, 30, 19, 0)
DEMO_VERSION = 3
RUNS = 7
FIGURE_TARGET_MS = 100.0
REPORT_TARGET_S = 2.0
RECORD_TARGET_P99_MS = 1.0


def build(flows: dict) -> Path:
    folder = Path(tempfile.gettempdir()) / (
        f"kiosk-bench-usage-s{store.SCHEMA_VERSION}-d{DEMO_VERSION}-{EVENTS}")
    path = folder / "usage.db"
    done = folder / "complete"
    if done.exists() and path.exists():
        print(f"base en cache : {path}")
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for extra in ("", "-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    started = time.perf_counter()
    written = demo.generate(path, EVENTS, flows, seed=SEED, end=END)
    print(f"base construite : {written} événements en {time.perf_counter() - started:.1f} s")
    done.write_text("ok")
    return path


def median_ms(action, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[-1]


def main() -> int:
    settings = load_settings()
    flows = load_flows(settings.path("flows_dir"), settings.path("assets_dir")).flows
    path = build(flows)
    conn = store.read_connection(path)
    total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    print(f"{total} événements, {path.stat().st_size / 1e6:.0f} Mo")
    if total < EVENTS:
        print("ÉCHEC : la base n'a pas le nombre d'événements voulu")
        return 1
    now = END
    periods = [figures.today(now), figures.this_week(now), figures.this_month(now),
               figures.Period(store.months_before(now, 25).date(), now.date(), "25 mois")]
    busiest = figures.procedures(conn, periods[-1])[0].flow
    measures = {
        "totaux": lambda p: figures.totals(conn, p),
        "parcours": lambda p: figures.procedures(conn, p, flows),
        f"entonnoir ({busiest})": lambda p: figures.funnel(conn, p, busiest, flows),
        "par heure": lambda p: figures.by_hour(conn, p),
        "par jour": lambda p: figures.by_weekday(conn, p),
        "par thème CRA": lambda p: figures.by_theme(conn, p, flows),
    }
    worst = 0.0
    print(f"\nChiffres de l'espace conseiller (médiane sur {RUNS} essais, max ; "
          f"cible < {FIGURE_TARGET_MS:.0f} ms)")
    for label, action in measures.items():
        for period in periods:
            med, top = median_ms(lambda a=action, p=period: a(p))
            worst = max(worst, med)
            print(f"  {label:<32.32} {period.label:<14} {med:8.1f} ms  (max {top:6.1f})  "
                  f"{med / FIGURE_TARGET_MS:5.2f} × cible")
    med, top = median_ms(lambda: figures.figures(conn, periods[-1], flows), 3)
    print(f"  {'tout (kiosk stats, 25 mois)':<47} {med:8.1f} ms  (max {top:6.1f})  "
          "pour information")
    print(f"  pire chiffre : {worst:.1f} ms = {worst / FIGURE_TARGET_MS:.2f} × cible")

    month = monthly.last_closed(now)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "rapport.pdf"
        med, top = median_ms(lambda: report.write_report(path, month, pdf, flows), 3)
        size = pdf.stat().st_size
    print(f"\nRapport mensuel ({month.label}, {size // 1024} Ko) : médiane {med / 1000:.2f} s "
          f"(max {top / 1000:.2f} s) = {med / 1000 / REPORT_TARGET_S:.2f} × cible "
          f"({REPORT_TARGET_S} s)")
    months = monthly.closed_months(conn, now)
    med, top = median_ms(lambda: monthly.publish(conn, month, flows))
    print(f"  un mois publié (chiffres + secret statistique) : médiane {med:.1f} ms "
          f"(max {top:.1f})")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.csv"
        med, top = median_ms(lambda: export.write_export(path, months, out, flows), 3)
        lines = out.read_text(encoding="utf-8-sig").count("\n") - 1
    print(f"Export CSV de {len(months)} mois ({lines} lignes) : médiane {med / 1000:.2f} s "
          f"(max {top / 1000:.2f} s), pour information")
    conn.close()

    with tempfile.TemporaryDirectory() as tmp:
        log = UsageLog(Path(tmp) / "usage.db")
        visit = new_visit_id()
        samples = []
        for index in range(20_000):
            started = time.perf_counter()
            log.record("step_shown", visit, flow="bench", step="etape", number=index % 999 + 1,
                       seconds=index % 600, first=index == 0)
            samples.append((time.perf_counter() - started) * 1000)
        flushed = log.flush(timeout=60)
        health = log.health()
        log.close()
    samples.sort()
    p50 = samples[len(samples) // 2]
    p99 = percentile(samples, 0.99)
    print(f"\nrecord() sur le fil de l'appelant ({len(samples)} événements d'affilée) : "
          f"médiane {p50 * 1000:.1f} µs, p99 {p99 * 1000:.1f} µs, max {samples[-1]:.2f} ms "
          f"= p99 {p99 / RECORD_TARGET_P99_MS:.3f} × cible ({RECORD_TARGET_P99_MS} ms)")
    print(f"  écrits sur disque : {health.recorded} (perdus : {health.lost})")
    if not flushed or health.recorded != len(samples):
        print("ÉCHEC : tous les événements n'ont pas été écrits")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
