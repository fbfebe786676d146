"""Fixed vocabularies a flow file may use: CRA themes, languages, levels, FALC word lists."""

from __future__ import annotations

# General themes of the CRA ("compte rendu d'activité", La Coop de la médiation numérique).
GENERAL_THEMES: tuple[str, ...] = (
    "diagnostic numérique", "prise en main du matériel", "entretien du matériel",
    "gestion des contenus numériques", "navigation sur internet", "e-mail", "bureautique",
    "réseaux sociaux et communication", "santé", "banque et achats en ligne",
    "aide aux professionnels", "insertion professionnelle", "prévention en sécurité numérique",
    "parentalité", "scolarité et numérique", "création avec le numérique", "culture numérique",
    "intelligence artificielle", "aide aux démarches administratives",
)

# Procedure themes of the CRA ("démarches").
PROCEDURE_THEMES: tuple[str, ...] = (
    "papiers/élections/citoyenneté", "famille/scolarité", "social/santé", "travail/formation",
    "logement", "transports", "argent/impôts", "justice", "étrangers/Europe", "loisirs",
)

THEMES: tuple[str, ...] = GENERAL_THEMES + PROCEDURE_THEMES

LEVELS: tuple[str, ...] = ("débutant", "intermédiaire")

# Languages a flow may carry text in, each named in itself (as the kiosk shows it).
LANGUAGES: dict[str, str] = {
    "fr": "Français", "en": "English", "es": "Español", "pt": "Português", "ar": "العربية",
    "de": "Deutsch", "it": "Italiano", "ro": "Română", "tr": "Türkçe", "uk": "Українська",
    "ru": "Русский",
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
