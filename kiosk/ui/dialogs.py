"""The overlays over any screen: « Revenir à l'accueil ? », help, the voice and language
choices, « Vous êtes encore là ? » and the error message.

One overlay at a time (plus the idle warning, which goes over it). What the visitor chooses
in them goes to the visit controller; the words come from the gettext catalogues
(:mod:`kiosk.i18n`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.clock import Clock
from kivy.utils import escape_markup

from kiosk.i18n import languages, ntr, tr
from kiosk.ui.widgets.overlays import Overlay
from kiosk.visit import VOICES

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


class Dialogs:
    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.current: Overlay | None = None
        self.idle_view: Overlay | None = None
        self._chime: Any = None
        self._chime_event: Any = None

    @property
    def covering(self) -> bool:
        """Something covers the screen (an overlay, the idle warning)."""
        return self.current is not None or self.idle_view is not None

    @property
    def lang(self) -> str:
        return self.app.controller.choices.language

    # -- one overlay at a time ---------------------------------------------------------
    def open(self, view: Overlay) -> None:
        self.close()
        self.current = view
        view.open(animation=False)

    def close(self) -> None:
        banner = self.app.banner
        if self.current is not None and banner is not None and banner.shown \
                and banner.title == tr("Son : carillon", self.lang):
            banner.hide()  # the chime told of this overlay's call: both go together
        if self._chime_event is not None:
            self._chime_event.cancel()
            self._chime_event = None
        if self.current is not None:
            self.current.dismiss(animation=False)
            self.current = None

    def close_all(self) -> None:
        self.close()
        self.close_idle()

    # -- the overlays ------------------------------------------------------------------
    def confirm_home(self) -> None:
        view = Overlay(title=tr("Revenir à l'accueil ?", self.lang),
                       message=tr("Vous êtes au milieu d'un parcours. "
                                  "Il faudra le recommencer.", self.lang))
        view.add_button(tr("Non, continuer", self.lang), self.close, role="secondary")
        view.add_button(tr("Oui, revenir à l'accueil", self.lang), self._home)
        self.open(view)
        self.app.audio.say(f"{view.title} {view.message}")

    def _home(self) -> None:
        self.close()
        self.app.controller.home()  # the flow is left; the visit and its choices go on

    def help(self) -> None:
        """« J'ai besoin d'aide »: the place's message, a discreet chime, then its words."""
        settings = self.app.settings
        view = Overlay(title=tr("Un conseiller va vous aider", self.lang),
                       message=settings.site_help_message, big_message=True)
        if settings.interpreting_name:
            view.add_button(tr("Je suis sourd(e) ou malentendant(e)", self.lang),
                            self.interpreting, role="secondary")
        view.add_button(tr("D'accord", self.lang), self.close)
        self.open(view)
        self.app.audio.stop()
        chime = self.play_chime() if settings.help_chime else 0.0
        words = f"{view.title}. {settings.site_help_message}"
        if chime > 0:
            self._chime_event = Clock.schedule_once(lambda _dt: self._say_if_open(view, words),
                                                    chime)
        else:
            self.app.audio.say(words)

    def interpreting(self) -> None:
        """For a deaf or hard-of-hearing visitor: a sentence to show the counsellor, and the
        place's visio-interpretation service (its number, a QR code to it)."""
        from kivy.uix.boxlayout import BoxLayout
        from kivy.uix.image import Image
        from kivy.uix.widget import Widget

        from kiosk.ui.widgets.common import BodyText, SmallText
        from kiosk.ui.widgets.qr import qr_texture  # segno only when asked
        from kiosk.ui.widgets.words import MirrorRow

        settings = self.app.settings
        view = Overlay(title=tr("Montrez ce message au conseiller", self.lang),
                       message=tr("Je suis sourd(e) ou malentendant(e). Pouvez-vous m'écrire "
                                  "ou appeler l'interprète ?", self.lang), big_message=True)
        target = settings.interpreting_web or \
            "tel:" + "".join(c for c in settings.interpreting_phone if c.isdigit() or c == "+")
        theme = self.app.theme
        side = min(theme.target * 2.6, theme.screen_height * 0.24)
        row = MirrorRow(size_hint_y=None, height=side, spacing=theme.gap)
        row.add_widget(Image(texture=qr_texture(target), fit_mode="contain",
                             size_hint_x=None, width=side))
        words = BoxLayout(orientation="vertical", spacing=theme.pad)
        words.add_widget(Widget())
        words.add_widget(BodyText(text=tr("Service d'interprète : {name}", self.lang,
                                          name=settings.interpreting_name)))
        if settings.interpreting_phone:
            words.add_widget(BodyText(text=tr("Téléphone : {number}", self.lang,
                                              number=settings.interpreting_phone), bold=True))
        words.add_widget(SmallText(text=tr("Avec ce code, votre téléphone peut ouvrir le "
                                           "service.", self.lang)))
        words.add_widget(Widget())
        row.add_widget(words)
        view.ids.box.add_widget(row, index=1)  # above the buttons
        view.add_button(tr("D'accord", self.lang), self.close)
        self.open(view)
        self.app.audio.say(view.message)

    def _say_if_open(self, view: Overlay, words: str) -> None:
        self._chime_event = None
        if self.current is view:
            self.app.audio.say(words)

    def play_chime(self) -> float:
        """Play the discreet chime; returns its length in seconds (0 when it cannot play)."""
        if self._chime is None:
            from kivy.core.audio import SoundLoader  # not needed before the first help call

            path = self.app.settings.path("assets_dir") / "sons" / "carillon.wav"
            self._chime = SoundLoader.load(str(path)) if path.is_file() else None
        if self._chime is None:
            return 0.0
        self._chime.stop()
        self._chime.play()
        length = max(0.0, float(self._chime.length or 0.0))
        if length > 0 and self.app.banner is not None:  # nothing only heard
            self.app.banner.show(tr("Son : carillon", self.lang),
                                 escape_markup(tr("Un carillon a sonné pour appeler un "
                                                  "conseiller.", self.lang)),
                                 bottom=True)
        return length

    def sound(self) -> None:
        """The sound button: the three voice choices, or why there is no sound here."""
        if not self.app.audio.available:
            if self.app.audio.card_missing:
                why = tr("Cette borne n'a pas de haut-parleur. Tout est écrit à l'écran. "
                         "Un conseiller peut brancher le son.", self.lang)
            else:
                why = tr("Tout est écrit à l'écran. "
                         "Un conseiller peut vérifier le son.", self.lang)
            view = Overlay(title=tr("Pas de son sur cette borne", self.lang), message=why,
                           big_message=True)
            view.add_button(tr("D'accord", self.lang), self.close)
            self.open(view)
            return
        view = Overlay(title=tr("Le son", self.lang), stack_buttons=True)
        current = self.app.controller.choices.voice
        words = {"normal": tr("Voix normale", self.lang), "slow": tr("Voix lente", self.lang),
                 "off": tr("Pas de son", self.lang)}
        for choice in VOICES:
            view.add_button(words[choice], lambda c=choice: self._voice(c),
                            role="selected" if choice == current else "secondary")
        self.open(view)

    def _voice(self, choice: str) -> None:
        self.close()
        self.app.controller.choose_voice(choice)

    def languages(self) -> None:
        """The language picker: every language with a catalogue, each named in itself."""
        from kiosk.flows.vocabulary import LANGUAGES
        from kiosk.ui.widgets.languages import LanguagePicker

        names = {code: LANGUAGES.get(code, code) for code in languages()}
        self.open(LanguagePicker(names, self.lang, self._language))

    def _language(self, code: str) -> None:
        self.close()
        self.app.controller.choose_language(code)

    def show_idle(self, seconds: int, first: bool) -> None:
        if self.idle_view is None:
            view = Overlay(title=tr("Êtes-vous toujours là ?", self.lang), big_message=True)
            view.add_button(tr("Je suis encore là", self.lang), self.app.controller.stay)
            self.idle_view = view
            view.open(animation=False)
        if first:
            self.app.audio.say(tr("Êtes-vous toujours là ? Touchez le bouton : "
                                  "je suis encore là.", self.lang))
        self.idle_view.message = ntr(
            "Sans réponse, l'écran revient au début dans {seconds} seconde.",
            "Sans réponse, l'écran revient au début dans {seconds} secondes.",
            seconds, self.lang, seconds=seconds)

    def close_idle(self) -> None:
        if self.idle_view is not None:
            self.idle_view.dismiss(animation=False)
            self.idle_view = None
            self.app.audio.stop()

    def error(self) -> None:
        self.open(Overlay(title=tr("Un problème est survenu", self.lang),
                          message=tr("Ce n'est pas de votre faute. "
                                     "L'écran revient à l'accueil.", self.lang),
                          big_message=True))
