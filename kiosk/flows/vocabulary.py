"""Fixed vocabularies a flow file may use: CRA themes, languages, levels, FALC word lists."""

from __future__ import annotations

from types import MappingProxyType

from kiosk.i18n import N_

# Themes of the CRA v2 ("compte rendu d'activité" of La Coop de la médiation numérique),
# written as flows tag them: the Coop's « thématiques », lower case.
GENERAL_THEMES: tuple[str, ...] = (
    "diagnostic numérique", "prendre en main du matériel", "maintenance de matériel",
    "gérer ses contenus numériques", "navigation sur internet", "e-mail", "bureautique",
    "réseaux sociaux communication", "santé", "banque et achats en ligne",
    "accompagner un professionnel", "insertion professionnelle", "sécurité numérique",
    "parentalité", "scolarité et numérique", "créer avec le numérique", "culture numérique",
    "intelligence artificielle", "aide aux démarches administratives",
)

# The CRA v2 themes of procedures ("démarches administratives").
PROCEDURE_THEMES: tuple[str, ...] = (
    "papiers / élections / citoyenneté", "famille / scolarité", "social / santé",
    "travail / formation", "logement", "transports / mobilité", "argent / impôts", "justice",
    "étrangers / Europe", "loisirs / sports / culture", "associations",
)

THEMES: tuple[str, ...] = GENERAL_THEMES + PROCEDURE_THEMES

# How a visitor reads each theme (a tile's caption on the home screen), marked for the
# ``kiosk`` catalogue: translated with ``tr(THEME_CAPTIONS[theme], language)``.
THEME_CAPTIONS = MappingProxyType({
    "diagnostic numérique": N_("Diagnostic numérique"),
    "prendre en main du matériel": N_("Prendre en main du matériel"),
    "maintenance de matériel": N_("Maintenance de matériel"),
    "gérer ses contenus numériques": N_("Gérer ses contenus numériques"),
    "navigation sur internet": N_("Navigation sur internet"),
    "e-mail": N_("E-mail"),
    "bureautique": N_("Bureautique"),
    "réseaux sociaux communication": N_("Réseaux sociaux communication"),
    "santé": N_("Santé"),
    "banque et achats en ligne": N_("Banque et achats en ligne"),
    "accompagner un professionnel": N_("Accompagner un professionnel"),
    "insertion professionnelle": N_("Insertion professionnelle"),
    "sécurité numérique": N_("Sécurité numérique"),
    "parentalité": N_("Parentalité"),
    "scolarité et numérique": N_("Scolarité et numérique"),
    "créer avec le numérique": N_("Créer avec le numérique"),
    "culture numérique": N_("Culture numérique"),
    "intelligence artificielle": N_("Intelligence artificielle"),
    "aide aux démarches administratives": N_("Aide aux démarches administratives"),
    "papiers / élections / citoyenneté": N_("Papiers / élections / citoyenneté"),
    "famille / scolarité": N_("Famille / scolarité"),
    "social / santé": N_("Social / santé"),
    "travail / formation": N_("Travail / formation"),
    "logement": N_("Logement"),
    "transports / mobilité": N_("Transports / mobilité"),
    "argent / impôts": N_("Argent / impôts"),
    "justice": N_("Justice"),
    "étrangers / Europe": N_("Étrangers / Europe"),
    "loisirs / sports / culture": N_("Loisirs / sports / culture"),
    "associations": N_("Associations"),
})

# Older names (the kiosk's first list, from CRA v1): still read, mapped to today's name;
# ``kiosk validate`` asks to write the new one.
OLD_THEMES: dict[str, str] = {
    "prise en main du matériel": "prendre en main du matériel",
    "entretien du matériel": "maintenance de matériel",
    "gestion des contenus numériques": "gérer ses contenus numériques",
    "réseaux sociaux et communication": "réseaux sociaux communication",
    "aide aux professionnels": "accompagner un professionnel",
    "prévention en sécurité numérique": "sécurité numérique",
    "création avec le numérique": "créer avec le numérique",
    "papiers/élections/citoyenneté": "papiers / élections / citoyenneté",
    "famille/scolarité": "famille / scolarité",
    "social/santé": "social / santé",
    "travail/formation": "travail / formation",
    "transports": "transports / mobilité",
    "argent/impôts": "argent / impôts",
    "étrangers/Europe": "étrangers / Europe",
    "loisirs": "loisirs / sports / culture",
}


def current_theme(theme: str) -> str:
    """Today's CRA v2 name of a theme (an older name is mapped; others are kept as is)."""
    return OLD_THEMES.get(theme, theme)


def theme_label(theme: str) -> str:
    """A theme as La Coop writes it in its export: « Papiers - Élections - Citoyenneté »."""
    parts = [part.strip() for part in current_theme(theme).split("/")]
    return " - ".join(part[:1].upper() + part[1:] for part in parts)


LEVELS: tuple[str, ...] = ("débutant", "intermédiaire")

# Languages a flow may carry text in, each named in itself (as the kiosk shows it).
LANGUAGES: dict[str, str] = {
    "fr": "Français", "en": "English", "es": "Español", "pt": "Português", "ar": "العربية",
    "de": "Deutsch", "it": "Italiano", "ro": "Română", "tr": "Türkçe", "uk": "Українська",
    "ru": "Русский", "fa": "فارسی",
}

# Acronyms that are fine in capitals (checked for FALC "capitals-only words").
ACRONYMS: frozenset[str] = frozenset({
    "CAF", "CPAM", "ENT", "SMS", "PIN", "QR", "CV", "RIB", "URSSAF", "CNAV", "CARSAT", "MSA",
    "RSA", "APL", "AAH", "ANTS", "FALC", "PDF", "USB", "WIFI", "WI-FI", "GPS", "IBAN", "OK",
    "CNIL", "CRA", "SNCF", "EDF", "RATP", "INSEE", "N°", "TV", "FAQ", "AGIRC-ARRCO", "ARRCO",
    "AGIRC", "IRCANTEC", "CSS", "ASPA", "ASS", "ARE", "PPA", "PAJE", "AME", "DGFIP", "TVA",
    "ONI", "NIR", "IMEI", "HTTPS", "WWW", "ID", "PDF.", "UE",
})

# Words a beginner does not know, with what to write instead.
JARGON: dict[str, str] = {
    "login": "identifiant",
    "loguer": "se connecter",
    "logger": "se connecter",
    "password": "mot de passe",
    "url": "adresse du site",
    "browser": "navigateur",
    "uploader": "envoyer",
    "upload": "envoyer",
    "download": "télécharger",
    "checker": "vérifier",
    "cliquez-droit": "appuyez avec le bouton droit",
    "authentification": "connexion",
    "s'authentifier": "se connecter",
    "paramétrer": "régler",
    "paramétrage": "réglage",
    "implémenter": "mettre en place",
    "synchroniser": "mettre à jour",
    "spam": "courrier indésirable",
    "cookies": "traceurs",
    "dropdown": "liste à dérouler",
    "popup": "petite fenêtre",
    "pop-up": "petite fenêtre",
    "formulaire cerfa": "formulaire",
    "dématérialisé": "en ligne",
    "dématérialisée": "en ligne",
}
