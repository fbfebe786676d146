"""``kiosk stats``: one month's anonymous usage figures, readable in the terminal.

The same published numbers as the counsellor's report and the export
(:mod:`kiosk.usage.monthly`): whole months that are over, hidden counts written ``s``.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime

from kiosk.flows.loader import load_flows
from kiosk.flows.vocabulary import theme_label
from kiosk.settings import Settings
from kiosk.usage import monthly, privacy, store

HELP = "afficher les statistiques d'utilisation d'un mois (anonymes)"
BAR_WIDTH = 30
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def parse_day(text: str) -> date:
    """An argparse type: a day written YYYY-MM-DD, with a French message otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas une date. Écrivez-la AAAA-MM-JJ, par exemple 2025-03-31."
        ) from None


def parse_month(text: str) -> monthly.Month:
    """An argparse type: a month written YYYY-MM, with a French message otherwise."""
    try:
        return monthly.Month.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas un mois. Écrivez-le AAAA-MM, par exemple 2026-11 "
            "(les statistiques se publient par mois entiers)."
        ) from None


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mois", type=parse_month, metavar="AAAA-MM",
                        help="le mois (par défaut : le dernier mois terminé)")


def bar(count: int | None, largest: int, width: int = BAR_WIDTH) -> str:
    if not count or largest <= 0:
        return ""
    return "█" * max(1, round(count * width / largest))


def render(pub: monthly.Published, before: monthly.Published, year: monthly.Published) -> str:
    """The month as French text with simple bar charts."""
    m = pub.month
    lines = [f"Statistiques de {m.label} (du {m.start:%d/%m/%Y} au {m.end:%d/%m/%Y})",
             f"« {privacy.HIDDEN_MARK} » : secret statistique (nombre de 1 à 4, ou caché pour "
             "qu'un petit nombre ne puisse pas être retrouvé).", ""]
    head = f"  {'':<34} {m.label:>15} {m.plus(-1).label:>15} {m.plus(-12).label:>15}"
    lines.append(head)
    for words, key in (("Visites", "visites"), ("Démarches suivies", "parcours"),
                       ("  réussies", ("issue", "reussite")),
                       ("  orientées vers un conseiller", ("issue", "conseiller")),
                       ("Demandes d'aide", "aide")):
        lines.append(f"  {words:<34} " + " ".join(f"{p.text(key):>15}"
                                                  for p in (pub, before, year)))
    lines.append(f"  {'Temps guidé':<34} " + " ".join(
        f"{monthly.hours_text(p.hours()):>15}" for p in (pub, before, year)))
    lines += ["", "Comment les démarches se sont terminées (une issue par visite et parcours)"]
    top = max([pub.count(("issue", o)) or 0 for o in monthly.OUTCOMES] + [1])
    for o in monthly.OUTCOMES:
        count = pub.count(("issue", o))
        lines.append(f"  {monthly.OUTCOME_WORDS[o]:<30} {pub.text(('issue', o)):>6} "
                     f"{monthly.percent(pub.rate(('issue', o), 'parcours')):>6} "
                     f"{bar(count, top)}")
    lines += ["", "Démarches"]
    if not pub.figures.flows:
        lines.append("  Aucune démarche ce mois-ci.")
    for f in pub.flows:
        lines.append(f"  {f.title} ({', '.join(theme_label(t) for t in f.themes) or '—'})")
        outcomes = ", ".join(f"{monthly.OUTCOME_WORDS[o]} {pub.text(('issue', f.flow, o))}"
                             for o in monthly.OUTCOMES if f.outcomes.get(o) or o != "fin")
        lines.append(f"    visites {pub.text(('parcours', f.flow))} : {outcomes}")
        lines.append(f"    réussite {monthly.percent(pub.rate(('issue', f.flow, 'reussite'), ('parcours', f.flow)))}"  # noqa: E501
                     f", temps guidé {monthly.hours_text(pub.hours(f.flow))}, "
                     f"demandes d'aide {pub.text(('aide', f.flow))}")
        leave = pub.top_step(f.flow, "sortie")
        if leave:
            lines.append(f"    on s'arrête le plus après : « {pub.step_title(f.flow, leave)} »")
        helped = pub.top_step(f.flow, "aide")
        if helped:
            lines.append(f"    aide demandée le plus à : « {pub.step_title(f.flow, helped)} »")
    lines += ["", "Visites par heure d'arrivée"]
    top = max([pub.count(("heure", h)) or 0 for h in range(24)] + [1])
    for hour in range(24):
        if pub.figures.by_hour[hour] or 8 <= hour <= 19:
            count = pub.count(("heure", hour))
            lines.append(f"  {hour:>2} h  {pub.text(('heure', hour)):>6} {bar(count, top)}")
    lines += ["", "Visites par jour de la semaine"]
    top = max([pub.count(("jour", d)) or 0 for d in range(7)] + [1])
    for day, name in enumerate(DAY_NAMES):
        lines.append(f"  {name:<9} {pub.text(('jour', day)):>6} "
                     f"{bar(pub.count(('jour', day)), top)}")
    lines += ["", "Réglages choisis (part des visites)"]
    for name, (words, _sql) in monthly.CHOICES.items():
        lines.append(f"  {words:<30} {pub.text(('choix', name)):>6} "
                     f"{monthly.percent(pub.rate(('choix', name), 'visites')):>6}")
    lines += ["", "Thématiques du CRA (démarches suivies)"]
    themes = pub.themes()
    if not themes:
        lines.append("  Aucune.")
    top = max([n for _t, n, _w in themes] + [1])
    for theme, count, whole in themes:
        shown = str(count) if whole else f"≥ {count}"
        lines.append(f"  {theme_label(theme):<36.36} {shown:>6} {bar(count, top, 20)}")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now()
    month = args.mois or monthly.last_closed(now)
    if month > monthly.last_closed(now):
        print(f"Le mois {month} n'est pas terminé : ses chiffres se publient à partir du 1er "
              f"{month.plus(1).label}, pour qu'on ne puisse pas retrouver ceux d'un jour.")
        return 2
    db_path = settings.path("data_dir") / store.DB_NAME
    if not db_path.exists():
        print(f"Aucune statistique pour l'instant ({db_path} n'existe pas).")
        return 0
    flows = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                       domains=settings.domains()).flows
    conn = store.read_connection(db_path)
    try:
        parts = [monthly.publish(conn, m, flows) for m in (month, month.plus(-1),
                                                           month.plus(-12))]
    finally:
        conn.close()
    print(render(*parts))
    return 0
