"""The "Parcours" and "Borne" tabs of the counsellor's space.

"Parcours": problems the validator found in the flow files, in plain French, and a
switch per flow to show or hide it on this kiosk. "Borne": how the usage log is doing,
pausing the idle wipe, testing the sound, copying the statistics to a USB stick, and
quitting the kiosk for maintenance.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kivy.uix.boxlayout import BoxLayout

from kiosk.i18n import french, french_n
from kiosk.ui.screens.counsellor.state import IDLE_PAUSE_SECONDS
from kiosk.ui.screens.home.home import order_flows
from kiosk.ui.widgets.common import BigButton, BodyText, CheckRow, SmallText, TitleText, WarningBox
from kiosk.ui.widgets.overlays import Overlay
from kiosk.usage.export import export_to_usb

log = logging.getLogger(__name__)

PAUSE_HOURS = int(IDLE_PAUSE_SECONDS // 3600)

TEST_SENTENCE = french("Bonjour. Ceci est un essai du son de la borne.")

if TYPE_CHECKING:
    from kiosk.ui.host import CounsellorHost
    from kiosk.ui.screens.counsellor.space import CounsellorSpace


# -- "Parcours" --------------------------------------------------------------------------
def build_flows(space: CounsellorSpace, content: BoxLayout) -> None:
    app = space.app
    content.add_widget(TitleText(text=french("Problèmes dans les fichiers de parcours")))
    problems = sorted(app.flowset.problems, key=lambda p: (not p.is_error, str(p.path), p.line))
    if not problems:
        content.add_widget(BodyText(text=french("Aucun problème trouvé dans les fichiers de "
                                                "parcours.")))
    else:
        broken = len({p.path for p in problems if p.is_error})
        if broken:
            content.add_widget(WarningBox(text=_broken_files_text(broken)))
        for problem in problems:
            kind = french("Erreur") if problem.is_error else french("À améliorer")
            content.add_widget(SmallText(text=french(
                "{kind} — {file}, ligne {line} : {problem}", kind=kind, file=problem.path.name,
                line=problem.line, problem=problem.message)))
    content.add_widget(TitleText(text=french("Parcours montrés sur cette borne")))
    content.add_widget(SmallText(text=french("Touchez une ligne pour montrer ou cacher ce "
                                             "parcours aux visiteurs. Le choix est gardé au "
                                             "redémarrage.")))
    if app.flow_switches.problem:
        content.add_widget(WarningBox(text=app.flow_switches.problem))
    settings_off = set(app.settings.disabled_flows)
    for flow in order_flows(list(app.flowset.flows.values())):
        if flow.id in settings_off:
            row = CheckRow(text=french("{title} — caché par le réglage « disabled_flows »",
                                       title=flow.title.fr),
                           checked=False, disabled=True)
        else:
            row = CheckRow(text=flow.title.fr, checked=flow.id not in app.flow_switches.disabled)
            row.bind(on_release=lambda r, f=flow.id: switch_flow(space, f, r))
        row.flow_id = flow.id
        content.add_widget(row)


def _broken_files_text(count: int) -> str:
    return french_n("{count} fichier de parcours n'est pas montré aux visiteurs à cause d'une "
                    "erreur. Corrigez-le, puis redémarrez la borne. La commande « kiosk "
                    "validate » donne la même liste.",
                    "{count} fichiers de parcours ne sont pas montrés aux visiteurs à cause "
                    "d'une erreur. Corrigez-les, puis redémarrez la borne. La commande « kiosk "
                    "validate » donne la même liste.", count, count=count)


def switch_flow(space: CounsellorSpace, flow_id: str, row: CheckRow) -> None:
    app = space.app
    try:
        app.flow_switches.set_enabled(flow_id, not row.checked)
    except OSError as error:
        space.status = french("Le choix n'a pas pu être enregistré ({error}).", error=error)
        log.warning("flow switch not saved: %s", error)
        return
    row.checked = flow_id not in app.flow_switches.disabled
    app.refresh_home()


# -- "Borne" -----------------------------------------------------------------------------
def build_kiosk(space: CounsellorSpace, content: BoxLayout) -> None:
    app = space.app
    now = app.now()
    content.add_widget(TitleText(text=french("Statistiques")))
    health = app.usage_log.health()
    content.add_widget(BodyText(text=health.message) if health.ok
                       else WarningBox(text=health.message))
    export = BigButton(text=french("Copier les statistiques sur une clé USB"),
                       role="secondary")
    export.bind(on_release=lambda _b: export_usb(space))
    content.add_widget(export)

    content.add_widget(TitleText(text=french("Accompagner une personne")))
    space.pause_label = BodyText(text=app.idle_pause.text(now))
    content.add_widget(space.pause_label)
    pause = BigButton(role="secondary")
    space.pause_button = pause
    pause.bind(on_release=lambda _b: toggle_idle_pause(space))
    content.add_widget(pause)
    _show_pause(space, now)

    content.add_widget(TitleText(text=french("Son")))
    row = BoxLayout(size_hint_y=None, spacing=app.theme.gap)
    voice = BigButton(text=french("Tester la voix"), role="secondary")
    voice.bind(on_release=lambda _b: test_voice(space))
    chime = BigButton(text=french("Tester le carillon"), role="secondary")
    chime.bind(on_release=lambda _b: test_chime(space))
    row.add_widget(voice)
    row.add_widget(chime)
    row.height = max(voice.height, chime.height)
    voice.bind(height=lambda *_a: setattr(row, "height", max(voice.height, chime.height)))
    chime.bind(height=lambda *_a: setattr(row, "height", max(voice.height, chime.height)))
    content.add_widget(row)

    content.add_widget(TitleText(text=french("Maintenance")))
    content.add_widget(SmallText(text=french("Quitter arrête la borne pour faire l'entretien "
                                             "de l'ordinateur. Elle revient au prochain "
                                             "démarrage.")))
    quit_button = BigButton(text=french("Quitter la borne"), role="help")
    quit_button.bind(on_release=lambda _b: ask_quit(space))
    content.add_widget(quit_button)


def tick_kiosk(space: CounsellorSpace, now: float) -> None:
    if getattr(space, "pause_label", None) is not None:
        _show_pause(space, now)


def _show_pause(space: CounsellorSpace, now: float) -> None:
    app = space.app
    space.pause_label.text = app.idle_pause.text(now)
    active = app.idle_pause.active(now)
    space.pause_button.text = (french("Reprendre l'effacement automatique") if active else
                               french_n("Suspendre l'effacement automatique ({hours} heure au "
                                        "plus)",
                                        "Suspendre l'effacement automatique ({hours} heures au "
                                        "plus)", PAUSE_HOURS, hours=PAUSE_HOURS))
    space.pause_button.role = "selected" if active else "secondary"


def toggle_idle_pause(space: CounsellorSpace) -> None:
    app = space.app
    now = app.now()
    if app.idle_pause.active(now):
        app.idle_pause.stop()
    else:
        app.idle_pause.start(now)
    _show_pause(space, now)


def test_voice(space: CounsellorSpace) -> None:
    speech = space.app.speech
    if space.app.audio.card_missing:
        space.status = french("Son indisponible : cette borne n'a pas de carte son. Branchez "
                              "des haut-parleurs ou un écran qui a le son, puis redémarrez "
                              "la borne.")
    elif speech is None:
        space.status = french("Son indisponible : la voix n'est pas démarrée sur cette borne.")
    elif not getattr(speech, "available", True):
        reason = getattr(speech, "reason", "") or french("voix absente")
        space.status = french("Son indisponible : {reason}.", reason=reason)
    elif speech.speak(TEST_SENTENCE, "fr"):
        space.status = french("Vous devez entendre : « {sentence} »", sentence=TEST_SENTENCE)
    else:
        reason = getattr(speech, "reason", "") or french("la voix n'a pas pu lire la phrase")
        space.status = french("Son indisponible : {reason}.", reason=reason)


def test_chime(space: CounsellorSpace) -> None:
    app = space.app
    path = app.settings.path("assets_dir") / "sons" / "carillon.wav"
    if not path.is_file():
        space.status = french("Carillon introuvable : {path} n'existe pas.", path=path)
        return
    if app.audio.card_missing:
        space.status = french("Son indisponible : cette borne n'a pas de carte son. Branchez "
                              "des haut-parleurs ou un écran qui a le son, puis redémarrez "
                              "la borne.")
        return
    app.dialogs.play_chime()
    space.status = french("Vous devez entendre le carillon (le son joué quand on demande de "
                          "l'aide).")


def export_usb(space: CounsellorSpace) -> None:
    app = space.app
    usage_log = app.usage_log
    mount_root = app.settings.usb_mount_root or None
    now = app.wall_clock()
    flows = dict(app.flowset.flows)
    space.status = french("Copie en cours…")
    space.loading = True

    def work() -> tuple[None, str]:
        usage_log.flush(2.0)
        # the CSV of every month that is over, and the last month's report (PDF)
        return None, export_to_usb(usage_log.path, mount_root=mount_root, now=now,
                                   flows=flows)

    def done(result: tuple[None, str]) -> None:
        space.loading = False
        space.status = result[1]

    space.run_off_thread(work, done, failure=french("La copie sur la clé USB a échoué"))


def ask_quit(space: CounsellorSpace) -> None:
    app = space.app
    view = Overlay(title=french("Quitter la borne ?"),
                   message=french("L'écran des visiteurs s'arrête jusqu'au prochain "
                                  "démarrage."))
    view.add_button(french("Non, rester"), app.dialogs.close, role="secondary")
    view.add_button(french("Oui, quitter"), lambda: quit_kiosk(app), role="help")
    app.dialogs.open(view)


def quit_kiosk(app: CounsellorHost) -> None:
    log.info("the kiosk was quit from the counsellor's space (maintenance)")
    app.dialogs.close()
    app.quit_for_maintenance = True
    app.stop()
