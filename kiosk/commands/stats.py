"""``kiosk stats``: the anonymous usage figures, readable in the terminal."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from kiosk.flows.loader import load_flows
from kiosk.settings import Settings
from kiosk.usage import figures, store

HELP = "afficher les statistiques d'utilisation (anonymes)"
BAR_WIDTH = 30


def parse_day(text: str) -> date:
    """An argparse type: a day written YYYY-MM-DD, with a French message otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas une date. Écrivez-la AAAA-MM-JJ, par exemple 2025-03-31."
        ) from None


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=parse_day, metavar="AAAA-MM-JJ",
                        help="premier jour (par défaut : le 1er du mois)")
    parser.add_argument("--to", dest="end", type=parse_day, metavar="AAAA-MM-JJ",
                        help="dernier jour, inclus (par défaut : aujourd'hui)")


def bar(count: int, largest: int, width: int = BAR_WIDTH) -> str:
    if largest <= 0 or count <= 0:
        return ""
    return "█" * max(1, round(count * width / largest))


def duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def render(fig: figures.Figures, overview: list[tuple[str, figures.Totals]] | None = None
           ) -> str:
    """The figures as French text with simple bar charts."""
    lines: list[str] = []
    if overview:
        lines.append("En bref")
        for label, t in overview:
            lines.append(f"  {label:<15} {t.visits:>6} visites, {t.procedures_started:>6} "
                         f"parcours commencés, {t.procedures_finished:>6} terminés, "
                         f"{t.help_requests:>5} demandes d'aide")
        lines.append("")
    period = fig.period
    lines.append(f"Période du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}")
    t = fig.totals
    lines += [f"  Visites : {t.visits}", f"  Parcours commencés : {t.procedures_started}",
              f"  Parcours terminés : {t.procedures_finished}",
              f"  Demandes d'aide : {t.help_requests}", ""]
    lines.append("Parcours")
    if not fig.procedures:
        lines.append("  Aucun parcours sur cette période.")
    for p in fig.procedures:
        lines.append(f"  {p.title} ({p.flow})")
        lines.append(f"    thèmes CRA : {', '.join(p.themes) or '—'}")
        lines.append(f"    commencés {p.started}, terminés {p.finished} "
                     f"({p.completion_rate * 100:.0f} %), "
                     f"durée médiane {duration(p.median_seconds)}")
        if p.funnel:
            lines.append("    étapes atteintes (visites) :")
            top = max(s.visits for s in p.funnel)
            for s in p.funnel:
                lines.append(f"      {s.step:<24.24} {s.visits:>6} {bar(s.visits, top)}")
    lines += ["", "Visites par heure"]
    top = max(fig.by_hour)
    for hour, count in enumerate(fig.by_hour):
        if count or 8 <= hour <= 19:
            lines.append(f"  {hour:>2} h  {count:>6} {bar(count, top)}")
    lines += ["", "Visites par jour de la semaine"]
    top = max(fig.by_weekday)
    for name, count in zip(figures.WEEKDAYS, fig.by_weekday):
        lines.append(f"  {name:<9} {count:>6} {bar(count, top)}")
    lines += ["", "Thèmes du CRA (parcours commencés / terminés)"]
    if not fig.by_theme:
        lines.append("  Aucun.")
    top = max((th.started for th in fig.by_theme), default=0)
    for th in fig.by_theme:
        lines.append(f"  {th.theme:<36.36} {th.started:>6} / {th.finished:<6} "
                     f"{bar(th.started, top, 20)}")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now()
    start = args.start or now.date().replace(day=1)
    end = args.end or now.date()
    if end < start:
        print("La date de fin (--to) est avant la date de début (--from).")
        return 2
    flows = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                       domains=settings.domains()).flows
    db_path = settings.path("data_dir") / store.DB_NAME
    if not db_path.exists():
        print(f"Aucune statistique pour l'instant ({db_path} n'existe pas).")
        return 0
    conn = store.read_connection(db_path)
    try:
        overview = [(p.label, figures.totals(conn, p)) for p in
                    (figures.today(now), figures.this_week(now), figures.this_month(now))]
        fig = figures.figures(conn, figures.Period(start, end), flows)
    finally:
        conn.close()
    print(render(fig, overview))
    return 0
