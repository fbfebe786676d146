"""Pronunciation lexicons: each entry's exact effect on the text sent to the voice, and the
French messages for bad files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.speech.lexicon import LexiconError, load_lexicon, load_lexicons

LEXICON_DIR = Path(__file__).resolve().parent.parent / "config" / "lexicon"


@pytest.fixture(scope="module")
def shipped():
    lexicons, problems = load_lexicons(LEXICON_DIR)
    assert problems == []
    return lexicons


def test_shipped_lexicons_load(shipped):
    assert set(shipped) >= {"fr", "en"}


FRENCH = [
    # [mots]
    ("Créez votre e-mail.", "Créez votre i-mèle."),
    ("Vos e-mails arrivent ici.", "Vos i-mèles arrivent ici."),
    ("L'e-mail est envoyé.", "L'i-mèle est envoyé."),
    ("Connectez-vous avec FranceConnect.", "Connectez-vous avec France Connecte."),
    ("Écrivez à la CAF.", "Écrivez à la caf."),
    ("Ouvrez ameli sur le téléphone.", "Ouvrez amélie sur le téléphone."),
    ("Ouvrez Ameli.", "Ouvrez amélie."),
    ("Allez dans Mon Espace Santé.", "Allez dans Mon espace santé."),
    ("L'URSSAF vous écrit.", "L'urssaf vous écrit."),
    ("La CPAM de votre ville.", "La C P A M de votre ville."),
    ("Vous recevez un SMS.", "Vous recevez un S M S."),
    ("Appelez sur WhatsApp.", "Appelez sur ouatsap."),
    ("Le Wi-Fi de la médiathèque.", "Le oui-fi de la médiathèque."),
    ("Un fichier PDF.", "Un fichier P D F."),
    ("Votre RIB.", "Votre rib."),
    # a word inside another word is not replaced
    ("Le mot FranceConnecté reste.", "Le mot FranceConnecté reste."),
    # a sigle is only replaced in capitals ("caf" stays as written)
    ("La caf.", "La caf."),
    # [symboles]
    ("Le signe @ est sur le clavier.", "Le signe arobase est sur le clavier."),
    ("Cela coûte 50€.", "Cela coûte 50 euros."),
    ("Papa & maman.", "Papa et maman."),
    # [adresses]
    ("Allez sur impots.gouv.fr.", "Allez sur impots point gouv point fr."),
    ("Site : https://www.ameli.fr/assure/",
     "Site : double vé double vé double vé point amélie point fr barre oblique assure."),
    ("Écrivez à jean.dupont@gmail.com, merci.",
     "Écrivez à jean point dupont arobase gmail point com, merci."),
    ("Le site caf.fr ou france-travail.fr",
     "Le site caf point fr ou france tiret travail point fr."),
    ("Mon adresse est marie_l@orange.fr",
     "Mon adresse est marie tiret bas l arobase orange point fr."),
    # numbers: long runs digit by digit, the rest as numbers
    ("Votre code est 482915.", "Votre code est 4 8 2 9 1 5."),
    ("Code postal 33700.", "Code postal 3 3 7 0 0."),
    ("En 2025, cela prend 20 minutes.", "En 2025, cela prend 20 minutes."),
    ("Le numéro 1234 reste.", "Le numéro 1234 reste."),
    # lines: each line ends with a pause
    ("Bienvenue\nVous allez créer une adresse.", "Bienvenue. Vous allez créer une adresse."),
    ("Avez-vous une adresse ?\nOui\nNon", "Avez-vous une adresse ? Oui. Non."),
]

ENGLISH = [
    ("Create your e-mail.", "Create your email."),
    ("Log in with FranceConnect.", "Log in with France Connect."),
    ("Write to the CAF.", "Write to the kaff."),
    ("Open ameli.", "Open ah may lee."),
    ("The @ sign.", "The at sign."),
    ("Go to impots.gouv.fr.", "Go to impots dot gouv dot fr."),
    ("Write to jean.dupont@gmail.com", "Write to jean dot dupont at gmail dot com."),
    ("Your code is 482915.", "Your code is 4 8 2 9 1 5."),
]


@pytest.mark.parametrize(("text", "spoken"), FRENCH)
def test_french_lexicon(shipped, text, spoken):
    assert shipped["fr"].apply(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), ENGLISH)
def test_english_lexicon(shipped, text, spoken):
    assert shipped["en"].apply(text) == spoken


def _entries(path: Path) -> list[tuple[str, str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [(section, key, value) for section in ("mots", "symboles")
            for key, value in data.get(section, {}).items()]


@pytest.mark.parametrize(("section", "written", "said"), _entries(LEXICON_DIR / "fr.toml"))
def test_every_french_entry_is_applied(shipped, section, written, said):
    assert shipped["fr"].apply(f"Voici {written} ici") == f"Voici {said} ici."


@pytest.mark.parametrize(("section", "written", "said"), _entries(LEXICON_DIR / "en.toml"))
def test_every_english_entry_is_applied(shipped, section, written, said):
    assert shipped["en"].apply(f"Here {written} now") == f"Here {said} now."


def test_longest_entry_wins_and_nothing_is_read_twice(tmp_path):
    path = tmp_path / "fr.toml"
    path.write_text('[mots]\n"espace" = "ESPACE"\n"Mon Espace Santé" = "mon espace santé"\n'
                    '"santé" = "SANTÉ"\n', encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.apply("Mon Espace Santé et un espace") == "mon espace santé et un ESPACE."


def test_reading_switches(tmp_path):
    path = tmp_path / "fr.toml"
    path.write_text('[lecture]\nadresses_par_morceaux = false\nchiffres_un_par_un = 0\n',
                    encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.apply("impots.gouv.fr code 482915") == "impots.gouv.fr code 482915."


def test_whole_address_entry_beats_chunks(tmp_path):
    path = tmp_path / "fr.toml"
    path.write_text('[mots]\n"impots.gouv.fr" = "le site des impôts"\n[adresses]\n"." = "point"\n',
                    encoding="utf-8")
    assert load_lexicon(path).apply("Allez sur impots.gouv.fr.") == \
        "Allez sur le site des impôts."


BAD = [
    ('[mots]\n"CAF" = "caf\n', 2, "cette ligne est mal écrite"),
    ('[mots]\nsanté = "santé"\n', 2, "avec des guillemets droits"),
    ('[mot]\n"CAF" = "caf"\n', 1, "partie inconnue [mot]"),
    ('"CAF" = "caf"\n', 1, "doit être écrit sous une partie"),
    ('# commentaire\n[mots]\n"CAF" = 3\n', 3, "doit être un texte entre guillemets"),
    ('[mots]\n"CAF" = ""\n', 2, "le texte à dire (à droite du signe =) est vide"),
    ('[mots]\n"" = "rien"\n', 2, "le mot écrit à gauche du signe = est vide"),
    ('[mots]\n" CAF" = "caf"\n', 2, "commence ou finit par une espace"),
    ('[mots]\n"@" = "arobase"\n', 2, "mettez-le dans la partie [symboles]"),
    ('[symboles]\n"euro€" = "euros"\n', 2, "mettez-le dans la partie [mots]"),
    ('[adresses]\n"point" = "point"\n', 2, "que des signes d'un seul caractère"),
    ('[mots]\n"Ameli" = "amélie"\n"ameli" = "amélie"\n', 3,
     "« ameli » est déjà écrit ligne 2 (« Ameli »)"),
    ('[lecture]\nchiffres = 5\n', 2, "réglage de lecture inconnu « chiffres »"),
    ('[lecture]\nchiffres_un_par_un = "5"\n', 2, "doit être un nombre entier entre 0 et 30"),
    ('[lecture]\nadresses_par_morceaux = "oui"\n', 2, "doit valoir true (oui) ou false (non)"),
]


@pytest.mark.parametrize(("content", "line", "message"), BAD)
def test_bad_entries_name_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "fr.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    first = caught.value.problems[0]
    assert first.startswith(f"{path}:{line}: ")
    assert message in first


def test_file_name_must_be_a_language(tmp_path):
    path = tmp_path / "francais.toml"
    path.write_text('[mots]\n"CAF" = "caf"\n', encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert caught.value.problems == [
        f"{path}:1: le nom du fichier doit être un code de langue suivi de .toml (fr.toml, "
        "en.toml, es.toml, pt.toml, ar.toml, de.toml, it.toml, ro.toml, tr.toml, uk.toml, "
        "ru.toml, fa.toml)."]


def test_not_utf8(tmp_path):
    path = tmp_path / "fr.toml"
    path.write_bytes('[mots]\n"CAF" = "caf é"\n'.encode("latin-1"))
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert caught.value.problems == [f"{path}:1: le fichier n'est pas enregistré en UTF-8."]


def test_every_problem_is_listed_and_good_files_still_load(tmp_path):
    (tmp_path / "fr.toml").write_text('[mots]\n"CAF" = 1\n"ENT" = ""\n', encoding="utf-8")
    (tmp_path / "en.toml").write_text('[mots]\n"CAF" = "kaff"\n', encoding="utf-8")
    lexicons, problems = load_lexicons(tmp_path)
    assert set(lexicons) == {"en"}
    assert [p.split(": ", 1)[0] for p in problems] == [f"{tmp_path / 'fr.toml'}:2",
                                                        f"{tmp_path / 'fr.toml'}:3"]


def test_voice_choice_and_fallbacks():
    from kiosk.speech.voices import Voice, choose_voice

    voices = [Voice("mb/mb-fr1", "french-mbrola-1", ("fr-fr",)),
              Voice("roa/fr-be", "French (Belgium)", ("fr-be",)),
              Voice("gmw/en-us", "English (America)", ("en-us",)),
              Voice("HKLM/TTS/Hortense", "Microsoft Hortense Desktop - French", ())]
    assert choose_voice(voices, "fr").id == "roa/fr-be"  # another French, never mbrola
    assert choose_voice(voices, "en").id == "gmw/en-us"
    assert choose_voice(voices[3:], "fr").id == "HKLM/TTS/Hortense"  # by its name
    assert choose_voice(voices, "ar") is None  # no other language's voice instead
