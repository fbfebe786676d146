"""Export the figures per month and procedure as a CSV file a spreadsheet opens at once.

Semicolons, UTF-8 with a byte-order mark, dates JJ/MM/AAAA: a double click opens it right
in French Excel and LibreOffice. Columns are named as in La Coop de la médiation
numérique's own export where they mean the same (« Nom de la démarche »,
« Thématique(s) », « Durée »). Whole calendar months only, each followed by its totals
row, each protected on its own (:mod:`kiosk.usage.privacy`): a hidden count is written
``s``.
"""

from __future__ import annotations

import csv
import glob
import io
import os
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from kiosk.flows.model import Flow
from kiosk.flows.vocabulary import theme_label

from . import monthly, store

OUTCOME_COLUMNS = (("reussite", "Réussites"), ("conseiller", "Orientés vers un conseiller"),
                   ("fin", "Arrivés à la fin"), ("accueil", "Partis avec « Accueil »"),
                   ("inactivite", "Écran effacé (inactivité)"), ("abandon", "Abandons"))
HEADER = ("Du", "Au", "Nom de la démarche", "Identifiant", "Thématique(s)", "Visites",
          *(words for _o, words in OUTCOME_COLUMNS), "Demandes d'aide", "Durée (heures)")
TOTAL_ROW = "Total du mois"
DEFAULT_MOUNT_GLOBS = ("/media/*/*", "/run/media/*/*")


def month_rows(pub: monthly.Published) -> list[tuple[str, ...]]:
    """One row per flow, then the month's totals row, every count as published."""
    month = pub.month
    first, last = f"{month.start:%d/%m/%Y}", f"{month.end:%d/%m/%Y}"
    rows = []
    for f in pub.flows:
        rows.append((first, last, f.title, f.flow, ", ".join(theme_label(t) for t in f.themes),
                     pub.text(("parcours", f.flow)),
                     *(pub.text(("issue", f.flow, o)) for o, _w in OUTCOME_COLUMNS),
                     pub.text(("aide", f.flow)), _hours(pub.hours(f.flow))))
    rows.append((first, last, TOTAL_ROW, "", "", pub.text("parcours"),
                 *(pub.text(("issue", o)) for o, _w in OUTCOME_COLUMNS),
                 pub.text("aide"), _hours(pub.hours())))
    return rows


def _hours(hours: float | None) -> str:
    return monthly.hours_text(hours).removesuffix(" h")


def export_csv(conn: sqlite3.Connection, months: Sequence[monthly.Month],
               flows: Mapping[str, Flow] | None = None) -> str:
    """The CSV text: header, then each month's rows and totals row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for month in months:
        writer.writerows(month_rows(monthly.publish(conn, month, flows)))
    return out.getvalue()


def write_export(db_path: Path, months: Sequence[monthly.Month], out: Path,
                 flows: Mapping[str, Flow] | None = None) -> int:
    """Write the CSV file (UTF-8 with BOM); returns the number of lines after the header."""
    conn = store.read_connection(db_path)
    try:
        text = export_csv(conn, months, flows)
    finally:
        conn.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8-sig", newline="")
    os.replace(tmp, out)
    return text.count("\n") - 1


def find_usb_sticks(mount_root: Path | str | None = None) -> list[Path]:
    """Mounted removable drives: folders under ``mount_root`` if given, else the usual
    Linux mount points (/media/USER/NAME, /run/media/USER/NAME)."""
    if mount_root:
        root = Path(mount_root)
        found = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    else:
        found = sorted(Path(p) for pattern in DEFAULT_MOUNT_GLOBS for p in glob.glob(pattern)
                       if os.path.ismount(p))
    return [p for p in found if os.access(p, os.W_OK)]


def export_to_usb(db_path: Path, *, mount_root: Path | str | None = None,
                  now: datetime | None = None, flows: Mapping[str, Flow] | None = None,
                  with_report: bool = True) -> str:
    """Write on the first USB stick found the export of every month that is over and, with
    ``with_report``, the report of the last one; returns a French message to show."""
    now = now or datetime.now()
    sticks = find_usb_sticks(mount_root)
    if not sticks:
        return "Aucune clé USB trouvée. Branchez une clé USB, attendez quelques secondes, " \
               "puis réessayez."
    target = sticks[0] / f"borne-statistiques-{now.strftime('%Y-%m-%d')}.csv"
    written = []
    try:
        conn = store.read_connection(db_path)
        try:
            months = monthly.closed_months(conn, now)
        finally:
            conn.close()
        rows = write_export(db_path, months, target, flows)
        written.append(f"{target.name} ({rows} lignes)")
        if with_report:
            from . import report

            month = monthly.last_closed(now)
            pdf = sticks[0] / report.file_name(month)
            report.write_report(db_path, month, pdf, flows)
            written.append(pdf.name)
    except (OSError, sqlite3.Error) as error:
        return f"La copie sur la clé USB n'a pas pu se faire ({store.french_reason(error)})."
    return (f"Copié sur la clé USB « {sticks[0].name} » : {' et '.join(written)}. "
            "Vous pouvez retirer la clé.")
