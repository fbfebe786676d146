"""Everything the kiosk itself says, in each language it speaks (French first).

Flows carry their own text; these are the words of the buttons, titles and messages.
"""

from __future__ import annotations

from types import MappingProxyType

_FR = {
    "home": "Accueil",
    "help": "J'ai besoin d'aide",
    "back": "Retour",
    "repeat": "Répéter",
    "next": "Suivant",
    "finish": "Terminer",
    "sound_on": "Son : oui",
    "sound_off": "Son : non",
    "sound_missing": "Son indisponible",
    "text_size": "Texte {level}/3",
    "contrast": "Contraste",
    "language": "Langue",
    "home_title": "Que voulez-vous faire ?",
    "home_hint": "Touchez une image pour commencer.",
    "page_next": "Page suivante",
    "page_previous": "Page précédente",
    "page_of": "Page {page} sur {pages}",
    "step_of": "Étape {number} sur {total}",
    "minutes": "{minutes} min",
    "french_only": "Ce parcours existe seulement en français.",
    "choose_answer": "Touchez une réponse.",
    "checklist_hint": "Touchez une ligne pour la cocher.",
    "practice_soon": "Regardez l'exemple. Vous pourrez bientôt vous entraîner ici.",
    "example": "Exemple : {example}",
    "website_hint": "Pour continuer sur votre téléphone, visez ce carré avec l'appareil photo.",
    "bring": "À apporter :",
    "call_counsellor": "Appeler un conseiller",
    "bravo": "Bravo !",
    "counsellor_end": "Un conseiller va vous aider pour la suite.",
    "back_home": "Retour à l'accueil",
    "help_title": "Un conseiller va vous aider",
    "help_close": "D'accord",
    "confirm_home_title": "Revenir à l'accueil ?",
    "confirm_home_text": "Vous êtes au milieu d'un parcours. Il faudra le recommencer.",
    "confirm_yes": "Oui, revenir à l'accueil",
    "confirm_no": "Non, continuer",
    "idle_title": "Êtes-vous toujours là ?",
    "idle_text": "Sans réponse, l'écran revient au début dans {seconds} secondes.",
    "idle_stay": "Je suis encore là",
    "error_title": "Un problème est survenu",
    "error_text": "Ce n'est pas de votre faute. L'écran revient à l'accueil.",
    "scroll_up": "Monter",
    "scroll_down": "Descendre",
    "languages_title": "Choisissez votre langue",
}

_EN = {
    "home": "Home",
    "help": "I need help",
    "back": "Back",
    "repeat": "Repeat",
    "next": "Next",
    "finish": "Finish",
    "sound_on": "Sound: on",
    "sound_off": "Sound: off",
    "sound_missing": "No sound",
    "text_size": "Text {level}/3",
    "contrast": "Contrast",
    "language": "Language",
    "home_title": "What do you want to do?",
    "home_hint": "Touch a picture to start.",
    "page_next": "Next page",
    "page_previous": "Previous page",
    "page_of": "Page {page} of {pages}",
    "step_of": "Step {number} of {total}",
    "minutes": "{minutes} min",
    "french_only": "This guide only exists in French.",
    "choose_answer": "Touch an answer.",
    "checklist_hint": "Touch a line to tick it.",
    "practice_soon": "Look at the example. Soon you can practise here.",
    "example": "Example: {example}",
    "website_hint": "To go on with your phone, point its camera at this square.",
    "bring": "Bring:",
    "call_counsellor": "Call a counsellor",
    "bravo": "Well done!",
    "counsellor_end": "A counsellor will help you with the rest.",
    "back_home": "Back to the start",
    "help_title": "A counsellor will help you",
    "help_close": "OK",
    "confirm_home_title": "Go back to the start?",
    "confirm_home_text": "You are in the middle of a guide. You will have to start again.",
    "confirm_yes": "Yes, go to the start",
    "confirm_no": "No, go on",
    "idle_title": "Are you still there?",
    "idle_text": "With no answer, the screen goes back to the start in {seconds} seconds.",
    "idle_stay": "I am still here",
    "error_title": "Something went wrong",
    "error_text": "It is not your fault. The screen goes back to the start.",
    "scroll_up": "Up",
    "scroll_down": "Down",
    "languages_title": "Choose your language",
}

STRINGS = MappingProxyType({"fr": MappingProxyType(_FR), "en": MappingProxyType(_EN)})
UI_LANGUAGES = tuple(STRINGS)


def tr(language: str, key: str, **values: object) -> str:
    """The kiosk's own words in ``language``, falling back to French."""
    table = STRINGS.get(language, STRINGS["fr"])
    return table.get(key, STRINGS["fr"][key]).format(**values)
