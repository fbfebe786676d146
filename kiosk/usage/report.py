"""The monthly activity report: two A4 pages in French, with charts (matplotlib, PDF).

« Rapport d'activité de la borne — novembre 2026 »: visits, procedures and how they
ended, time guided, CRA themes, help requests, display choices, and the month set beside
the previous month and the same month a year before. Every count is the published one
(:mod:`kiosk.usage.monthly`): the same as on the screen, in ``kiosk stats`` and in the
export; a hidden count is written ``s``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from kiosk.flows.model import Flow
from kiosk.flows.vocabulary import theme_label

from . import monthly, privacy, store

A4 = (8.27, 11.69)
INK, MUTED, ACCENT, GOOD, HELP = "#1e1e1e", "#5a5a5a", "#000091", "#18753c", "#b34000"
HISTORY_MONTHS = 12
ROW = 0.022  # height of a table row or a bar, in parts of the page
LEGEND = ("s : secret statistique — nombre de 1 à 4, ou caché pour qu'un petit nombre ne "
          "puisse pas être retrouvé par différence.")


def file_name(month: monthly.Month) -> str:
    return f"rapport-borne-{month}.pdf"


def title(month: monthly.Month) -> str:
    return f"Rapport d'activité de la borne — {month.label}"


def gather(conn, month: monthly.Month, flows: Mapping[str, Flow] | None = None
           ) -> dict[str, object]:
    """The published months the report needs: the month, the one before, the same month
    a year before, and the twelve months up to it."""
    cache: dict[monthly.Month, monthly.Published] = {}

    def get(m: monthly.Month) -> monthly.Published:
        if m not in cache:
            cache[m] = monthly.publish(conn, m, flows)
        return cache[m]

    history = [get(month.plus(-n)) for n in range(HISTORY_MONTHS - 1, -1, -1)]
    return {"month": get(month), "previous": get(month.plus(-1)),
            "year_before": get(month.plus(-12)), "history": history}


def render(parts: Mapping[str, object], out: Path) -> None:
    """Write the PDF."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    pub: monthly.Published = parts["month"]  # type: ignore[assignment]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    with rc_context(font_settings(parts)), PdfPages(
            tmp, metadata={"Title": title(pub.month), "Creator": "Borne",
                           "CreationDate": None}) as pdf:
        for draw in (_page_one, _page_two):
            fig = Figure(figsize=A4)
            draw(fig, parts)
            pdf.savefig(fig)
    os.replace(tmp, out)


def font_settings(parts: Mapping[str, object]) -> dict[str, object]:
    """Helvetica, one of the fonts every PDF reader has (« core fonts »), when every text
    of the report is written in its alphabet (Windows-1252: French, « », —, …): nothing to
    embed, widths read from the small metrics files matplotlib ships, about twice as fast
    as laying out and embedding a TrueType font. Otherwise (a flow title in another
    alphabet) DejaVu Sans, embedded, which writes them all."""
    if all(_core_font_writes(text) for text in _words(parts)):
        # Helvetica's metrics file says « Medium »: asked as such, found without a warning.
        return {"pdf.use14corefonts": True, "font.family": "sans-serif",
                "font.sans-serif": ["Helvetica"], "font.weight": "medium"}
    return {"pdf.use14corefonts": False, "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"]}


def _words(parts: Mapping[str, object]):  # type: ignore[no-untyped-def]
    """Every text the report may take from the data: titles, step titles, themes."""
    for key in ("month", "previous", "year_before"):
        fig = parts[key].figures  # type: ignore[attr-defined]
        for f in fig.flows:
            yield f.title
            yield from (theme_label(t) for t in f.themes)
            flow = (fig.loaded or {}).get(f.flow)
            yield from (s.title.fr for s in (flow.steps if flow else ()))


def _axes(fig, rect: tuple[float, float, float, float]):  # type: ignore[no-untyped-def]
    """``fig.add_axes(rect)``. A new axes' number formatter, set to write plain text, first
    looks up the TrueType font of the family at the report's weight; Helvetica's regular
    face is « medium », which no TrueType font has, and matplotlib would warn. Made to
    write its numbers as mathtext, it looks nothing up. The report never shows its
    numbers: every axis has its own labels or none."""
    from matplotlib import rc_context

    with rc_context({"axes.formatter.use_mathtext": True}):
        return fig.add_axes(rect)


def _core_font_writes(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def write_report(db_path: Path, month: monthly.Month, out: Path,
                 flows: Mapping[str, Flow] | None = None) -> Path:
    conn = store.read_connection(db_path)
    try:
        parts = gather(conn, month, flows)
    finally:
        conn.close()
    render(parts, out)
    return out


# -- page 1: the month at a glance -----------------------------------------------------------
def _page_one(fig, parts: Mapping[str, object]) -> None:
    pub: monthly.Published = parts["month"]  # type: ignore[assignment]
    before: monthly.Published = parts["previous"]  # type: ignore[assignment]
    year: monthly.Published = parts["year_before"]  # type: ignore[assignment]
    m = pub.month
    fig.text(0.07, 0.955, title(m), fontsize=16, weight="bold", color=ACCENT)
    fig.text(0.07, 0.932, f"Du {m.start:%d/%m/%Y} au {m.end:%d/%m/%Y}. Statistiques "
             "anonymes : personne n'est identifié, rien de ce qui est tapé n'est gardé.",
             fontsize=8.5, color=MUTED)
    fig.text(0.07, 0.905, "L'essentiel", fontsize=12, weight="bold", color=INK)
    rows = [
        ("Visites de la borne", "visites"),
        ("Démarches suivies (une par visite et par parcours)", "parcours"),
        ("… réussies", ("issue", "reussite")),
        ("… orientées vers un conseiller", ("issue", "conseiller")),
        ("Demandes d'aide (« J'ai besoin d'aide »)", "aide"),
    ]
    table = [[words, *(p.text(key) for p in (pub, before, year))] for words, key in rows]
    table.append(["Temps passé à être guidé", *(monthly.hours_text(p.hours())
                                                  for p in (pub, before, year))])
    ax = _axes(fig, (0.07, 0.895 - ROW * 7, 0.86, ROW * 7))
    ax.axis("off")
    grid = ax.table(cellText=table, colLabels=["", m.label, m.plus(-1).label,
                                               m.plus(-12).label],
                    colWidths=[0.5, 0.17, 0.17, 0.17], bbox=(0, 0, 1, 1), cellLoc="left")
    _style(grid)

    ax = _axes(fig, (0.36, 0.47, 0.57, 0.22))
    names = [o for o in monthly.OUTCOMES if o != "fin" or pub.count(("issue", "fin")) != 0]
    values = [pub.count(("issue", o)) for o in names]
    labels = [monthly.OUTCOME_WORDS[o] for o in names]
    _bars(ax, labels, values, [GOOD, ACCENT] + [MUTED] * (len(names) - 2))
    fig.text(0.07, 0.705, "Comment les démarches se sont terminées", fontsize=12,
             weight="bold", color=INK)
    fig.text(0.07, 0.69, "Une issue par visite et par parcours : réussi (fin marquée "
             "« réussite »), orienté vers un conseiller, ou parti sans arriver à une fin.",
             fontsize=8, color=MUTED)

    history: list[monthly.Published] = parts["history"]  # type: ignore[assignment]
    fig.text(0.07, 0.42, "Visites, mois par mois", fontsize=12, weight="bold", color=INK)
    ax = _axes(fig, (0.1, 0.2, 0.83, 0.2))
    counts = [h.count("visites") for h in history]
    xs = range(len(history))
    ax.bar(xs, [c or 0 for c in counts], color=[ACCENT if h is history[-1] else "#9a9ad6"
                                                 for h in history])
    for x, c in zip(xs, counts):
        ax.text(x, (c or 0), privacy.HIDDEN_MARK if c is None else str(c), ha="center",
                va="bottom", fontsize=7, color=INK)
    ax.set_xticks(list(xs), [f"{monthly.SHORT_MONTHS[h.month.month - 1]}\n{h.month.year}"
                             for h in history], fontsize=7)
    ax.set_yticks([])  # each bar has its number
    ax.spines[["top", "right", "left"]].set_visible(False)
    shares = []
    visits = pub.count("visites")
    for name, (words, _sql) in monthly.CHOICES.items():
        rate = pub.rate(("choix", name), "visites")
        shares.append(f"{words} : {monthly.percent(rate)}")
    fig.text(0.07, 0.13, "Réglages choisis par les visiteurs (part des visites)",
             fontsize=12, weight="bold", color=INK)
    fig.text(0.07, 0.105, " ; ".join(shares) + ("" if visits else " (aucune visite)") + ".",
             fontsize=9, color=INK, wrap=True)
    fig.text(0.07, 0.04, LEGEND, fontsize=7, color=MUTED)
    fig.text(0.93, 0.02, "1/2", fontsize=8, color=MUTED, ha="right")


# -- page 2: procedures, themes, help -----------------------------------------------------
def _page_two(fig, parts: Mapping[str, object]) -> None:
    pub: monthly.Published = parts["month"]  # type: ignore[assignment]
    fig.text(0.07, 0.955, f"Les démarches — {pub.month.label}", fontsize=14, weight="bold",
             color=ACCENT)
    flows = pub.flows
    rows = []
    for f in flows[:16]:
        leave = pub.top_step(f.flow, "sortie")
        rows.append([_cut(f.title, 28), pub.text(("parcours", f.flow)),
                     pub.text(("issue", f.flow, "reussite")),
                     pub.text(("issue", f.flow, "conseiller")),
                     monthly.percent(pub.rate(("issue", f.flow, "reussite"),
                                              ("parcours", f.flow))),
                     pub.text(("aide", f.flow)),
                     _cut(pub.step_title(f.flow, leave), 30) if leave else "—"])
    if not rows:
        rows.append(["Aucune démarche ce mois-ci", "", "", "", "", "", ""])
    height = ROW * (len(rows) + 1)
    ax = _axes(fig, (0.07, 0.93 - height, 0.86, height))
    ax.axis("off")
    grid = ax.table(cellText=rows, colLabels=["Nom de la démarche", "Visites", "Réussies",
                                              "Conseiller", "Réussite", "Aide",
                                              "Où l'on s'arrête le plus"],
                    colWidths=[0.27, 0.08, 0.09, 0.1, 0.09, 0.07, 0.3], bbox=(0, 0, 1, 1),
                    cellLoc="left")
    _style(grid, size=7)
    top = 0.93 - height - 0.02
    fig.text(0.07, top, "« Où l'on s'arrête le plus » : l'étape après laquelle le plus de "
             "visites se sont terminées sans arriver à une fin (5 au moins).",
             fontsize=7.5, color=MUTED)

    themes = pub.themes()[:12]
    fig.text(0.07, top - 0.035, "Thématiques du CRA (démarches suivies)", fontsize=12,
             weight="bold", color=INK)
    chart = ROW * 0.9 * max(len(themes), 1)
    ax = _axes(fig, (0.42, top - 0.05 - chart, 0.5, chart))
    _bars(ax, [theme_label(t) + ("" if whole else " (au moins)") for t, _n, whole in themes],
          [n for _t, n, _w in themes], [ACCENT] * len(themes))
    bottom = top - 0.05 - chart - 0.035
    fig.text(0.07, bottom, "Demandes d'aide", fontsize=12, weight="bold", color=INK)
    lines = [f"En tout : {pub.text('aide')} demandes, dont {pub.text(('aide', None))} hors "
             "d'un parcours."]
    for f in flows:
        step = pub.top_step(f.flow, "aide")
        if step:
            lines.append(f"{_cut(f.title, 40)} : {pub.text(('aide', f.flow))} demandes, le "
                         f"plus souvent à l'étape « {_cut(pub.step_title(f.flow, step), 50)} ».")
    room = max(1, int((bottom - 0.06) / ROW))
    for index, line in enumerate(lines[:room]):
        fig.text(0.07, bottom - ROW * (index + 1), line, fontsize=8.5, color=INK)
    fig.text(0.07, 0.04, LEGEND, fontsize=7, color=MUTED)
    fig.text(0.93, 0.02, "2/2", fontsize=8, color=MUTED, ha="right")


def _bars(ax, labels: list[str], values: list[int | None], colours: list[str]) -> None:
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, [v or 0 for v in values], color=colours, height=0.65)
    ax.set_yticks(ys, labels, fontsize=8)
    top = max([v or 0 for v in values] + [1])
    for y, v in zip(ys, values):
        ax.text((v or 0) + top * 0.01, y, privacy.HIDDEN_MARK if v is None else str(v),
                va="center", fontsize=8, color=INK)
    ax.set_xlim(0, top * 1.15)
    ax.set_xticks([])
    ax.spines[["top", "right", "bottom"]].set_visible(False)


def _style(grid, *, size: float = 8.5) -> None:
    grid.auto_set_font_size(False)
    grid.set_fontsize(size)
    for (row, _col), cell in grid.get_celld().items():
        cell.set_edgecolor("#dddddd")
        if row == 0:
            cell.set_text_props(weight="bold", color=INK)
            cell.set_facecolor("#ececfe")


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"
