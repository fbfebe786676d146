"""The gettext catalogues (kiosk/locale): complete, well formed, compiled, and in step
with the code; and the checks that say so really fail on a broken catalogue."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import write_po

from kiosk.i18n import (
    COUNSELLOR_DOMAIN,
    DOMAIN,
    LOCALE_DIR,
    french,
    french_n,
    languages,
    ntr,
    tr,
)
from kiosk.i18n.catalogues import (
    DOMAINS,
    code_messages,
    fields,
    problems,
    read_catalogue,
    shipped,
    stale_mo,
)
from kiosk.i18n.kv_extractor import extract_kv

REPO = Path(__file__).resolve().parent.parent
PYBABEL = Path(sys.executable).with_name("pybabel")
CATALOGUES = [path for domain in DOMAINS for path in shipped(domain)]
VISITOR_LANGUAGES = ("fr", "en", "ar", "uk", "es", "pt", "tr", "ro", "ru", "fa")


@pytest.fixture(scope="module")
def used() -> dict[str, dict]:
    return {domain: code_messages(domain) for domain in DOMAINS}


def test_the_shipped_catalogues_are_the_expected_ones() -> None:
    names = {str(p.relative_to(LOCALE_DIR)) for p in CATALOGUES}
    assert names == {f"{code}/LC_MESSAGES/kiosk.po" for code in VISITOR_LANGUAGES} | {
        "fr/LC_MESSAGES/counsellor.po"}
    assert languages() == ("fr", "ar", "en", "es", "fa", "pt", "ro", "ru", "tr", "uk")


def test_the_code_really_uses_the_catalogues(used) -> None:  # guard for the tests below
    kiosk, counsellor = used[DOMAIN], used[COUNSELLOR_DOMAIN]
    assert "Suivant" in kiosk and "Accueil" in kiosk  # from .kv files
    assert "Voix lente" in kiosk  # from app.py
    assert ("Étape {number} sur {total}", "Étape {number} sur {total}") in kiosk
    assert "Chiffres" in counsellor  # space.kv
    assert ("Code incorrect. Encore {left} essai.", "Code incorrect. Encore {left} essais.") \
        in counsellor  # kiosk/pin.py
    assert len(kiosk) > 100 and len(counsellor) > 80


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_catalogue_is_complete_and_well_formed(path: Path, used) -> None:
    domain = path.stem
    assert problems(path, used[domain]) == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_compiled_catalogue_matches_its_po(path: Path) -> None:
    assert stale_mo(path) == ""


def test_each_domain_keeps_to_its_own_files() -> None:
    """A visitor's text never goes through french(), the counsellor's never through tr()."""
    assert code_messages(DOMAIN, DOMAINS[COUNSELLOR_DOMAIN]) == {}
    assert code_messages(COUNSELLOR_DOMAIN, DOMAINS[DOMAIN]) == {}


def test_pybabel_compiles_every_catalogue(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    for domain in DOMAINS:
        result = subprocess.run([str(PYBABEL), "compile", "-D", domain, "-d", str(locale),
                                 "--statistics"], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "100%" in result.stdout + result.stderr
    for path in locale.glob("*/LC_MESSAGES/*.po"):
        assert path.with_suffix(".mo").stat().st_size > 1000


def test_the_makefile_extracts_with_the_keywords_of_each_domain() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    for domain, keywords in DOMAINS.items():
        line = next(line for line in makefile.splitlines()
                    if "PYBABEL_EXTRACT" in line and f"{domain}.cfg" in line)
        given = dict(re.findall(r"-k (\w+)(?::([\d,]+))?", line))
        assert {name: tuple(int(i) for i in spec.split(",")) if spec else (1,)
                for name, spec in given.items()} == keywords


# -- the checks fail on a broken catalogue -------------------------------------------------

def _broken(tmp_path: Path, change, language: str = "en") -> Path:  # type: ignore[no-untyped-def]
    """A copy of a language's catalogue (English unless told) with one change made to it."""
    source = LOCALE_DIR / language / "LC_MESSAGES" / "kiosk.po"
    catalog = read_catalogue(source)
    change(catalog)
    path = tmp_path / language / "LC_MESSAGES" / "kiosk.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalog)
    return path


STEP_OF = ("Étape {number} sur {total}", "Étape {number} sur {total}")


def test_a_correct_copy_has_no_problem(tmp_path: Path, used) -> None:
    assert problems(_broken(tmp_path, lambda c: None), used[DOMAIN]) == []


def test_a_msgid_used_in_the_code_but_missing_fails(tmp_path: Path, used) -> None:
    path = _broken(tmp_path, lambda c: c.delete("Suivant"))
    assert problems(path, used[DOMAIN]) == [
        f"{path}: « Suivant » est utilisé dans le code mais absent ; lancez « make translations »"]


def test_an_untranslated_entry_fails(tmp_path: Path) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog["Suivant"].string = ""
    found = problems(_broken(tmp_path, change))
    assert len(found) == 1 and "« Suivant »" in found[0] and "n'est pas traduit" in found[0]


def test_an_untranslated_plural_form_fails(tmp_path: Path) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog[STEP_OF].string = ("Step {number} of {total}", "")
    found = problems(_broken(tmp_path, change))
    assert len(found) == 1 and "forme 1" in found[0]


def test_a_fuzzy_entry_fails(tmp_path: Path) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog["Retour"].flags.add("fuzzy")
    found = problems(_broken(tmp_path, change))
    assert len(found) == 1 and "fuzzy" in found[0] and "« Retour »" in found[0]


@pytest.mark.parametrize("text", ["Strength: {mot}", "Strength:", "Strength: {word} {word2}",
                                  "Strength: {word"])
def test_placeholders_that_differ_from_the_msgid_fail(tmp_path: Path, text: str) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog["Solidité : {word}"].string = text
    found = problems(_broken(tmp_path, change))
    assert len(found) == 1 and "« Solidité : {word} »" in found[0]


def test_a_plural_form_without_its_count_fails(tmp_path: Path) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog[STEP_OF].string = ("Step {number} of {total}", "Step {number} of many")
    found = problems(_broken(tmp_path, change))
    assert len(found) == 1 and "forme 1" in found[0] and "['number', 'total']" in found[0]


def test_the_form_of_one_may_say_the_number_in_words(tmp_path: Path) -> None:
    key = ("Tapez {length} chiffre.", "Tapez les {length} chiffres.")

    def change(catalog):  # type: ignore[no-untyped-def]
        catalog[key].string = ("Type the digit.", "Type the {length} digits.")
    assert problems(_broken(tmp_path, change)) == []


@pytest.mark.parametrize(("extra", "said"), [
    ('msgstr[2] "Steps {number}/{total}"\n', "more translations than num_plurals"),
    (None, "forme 1"),
])
def test_a_bad_number_of_plural_forms_fails(tmp_path: Path, extra: str | None,
                                            said: str) -> None:
    path = _broken(tmp_path, lambda c: None)
    text = path.read_text(encoding="utf-8")
    second = 'msgstr[1] "Step {number} of {total}"\n'
    assert second in text
    path.write_text(text.replace(second, second + extra if extra else ""), encoding="utf-8")
    found = problems(path)
    assert len(found) == 1 and said in found[0], found


def test_a_wrong_plural_forms_header_fails(tmp_path: Path) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog._num_plurals, catalog._plural_expr = 2, "(n > 1)"  # as if copied from French
    found = problems(_broken(tmp_path, change))
    assert found and "Plural-Forms" in found[0] and "(n != 1)" in found[0]


def test_an_entry_the_code_no_longer_uses_fails(tmp_path: Path, used) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog.add("Un bouton disparu", "A button that is gone")
    found = problems(_broken(tmp_path, change), used[DOMAIN])
    assert len(found) == 1 and "n'est plus utilisé" in found[0]


# The same checks on the catalogues with more than two plural forms (Arabic: six,
# Ukrainian: three), and on a right-to-left one.
NEW_LANGUAGES = ("ar", "uk", "fa", "ru")


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_a_missing_entry_fails_in_every_catalogue(tmp_path: Path, used, language: str) -> None:
    assert problems(_broken(tmp_path, lambda c: None, language), used[DOMAIN]) == []
    path = _broken(tmp_path / "x", lambda c: c.delete("Suivant"), language)
    assert problems(path, used[DOMAIN]) == [
        f"{path}: « Suivant » est utilisé dans le code mais absent ; lancez « make translations »"]


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_an_empty_plural_form_fails_in_every_catalogue(tmp_path: Path, language: str) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        forms = list(catalog[STEP_OF].string)
        forms[-1] = ""
        catalog[STEP_OF].string = tuple(forms)
    found = problems(_broken(tmp_path, change, language))
    assert len(found) == 1 and "n'est pas traduit" in found[0], found


@pytest.mark.parametrize(("language", "forms"), [("ar", 6), ("uk", 3), ("ru", 3), ("fa", 2)])
def test_each_new_catalogue_has_its_languages_plural_forms(language: str, forms: int) -> None:
    catalog = read_catalogue(LOCALE_DIR / language / "LC_MESSAGES" / "kiosk.po")
    assert catalog.num_plurals == forms
    assert all(len(m.string) == forms for m in catalog if m.id and m.pluralizable)


def test_arabic_with_two_forms_only_fails(tmp_path: Path) -> None:
    """An Arabic catalogue made from English's (two plural forms, English's header)."""
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"
        for message in catalog:
            if message.id and message.pluralizable:
                message.string = tuple(message.string[:2])
    found = problems(_broken(tmp_path, change, "ar"))
    assert found[0].endswith("« nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : "
                             "n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 && "
                             "n % 100 <= 99 ? 4 : 5); »"), found[0]
    assert len(found) == 1 + sum(1 for m in read_catalogue(
        LOCALE_DIR / "ar" / "LC_MESSAGES" / "kiosk.po") if m.id and m.pluralizable)
    assert all("2 formes de pluriel au lieu de 6" in line for line in found[1:])
    # Six forms written but the header left as English's: Babel refuses to read it.
    path = _broken(tmp_path / "header", lambda c: None, "ar")
    text = path.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith('"Plural-Forms:'))
    path.write_text(text.replace(header, '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'),
                    encoding="utf-8")
    found = problems(path)
    assert len(found) == 1 and "illisible" in found[0] and "num_plurals" in found[0]


def test_a_field_translated_by_mistake_fails_in_arabic(tmp_path: Path) -> None:
    def change(catalog):  # type: ignore[no-untyped-def]
        catalog["Solidité : {word}"].string = "القوة: {كلمة}"
    found = problems(_broken(tmp_path, change, "ar"))
    assert len(found) == 1 and "« Solidité : {word} »" in found[0]


def test_a_stale_mo_is_found(tmp_path: Path) -> None:
    po = tmp_path / "en" / "LC_MESSAGES" / "kiosk.po"
    po.parent.mkdir(parents=True)
    shutil.copy(LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.mo", po.with_suffix(".mo"))
    text = (LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.po").read_text(encoding="utf-8")
    po.write_text(text, encoding="utf-8")
    assert stale_mo(po) == ""
    po.write_text(text.replace('msgstr "Next"', 'msgstr "Go on"'), encoding="utf-8")
    assert "ne correspond plus" in stale_mo(po)
    po.with_suffix(".mo").unlink()
    assert "manque" in stale_mo(po)


# -- the extractor for .kv files -----------------------------------------------------------

def test_kv_extractor_finds_calls_with_their_lines(tmp_path: Path) -> None:
    kv = tmp_path / "sample.kv"
    kv.write_text(
        "#:import french kiosk.i18n.french\n"
        "<Sample@BoxLayout>:\n"
        "    Label:\n"
        "        text: app.tr(\"Suivant\", app.lang)\n"
        "    Label:\n"
        "        text:\n"
        "            app.ntr(\"{n} essai\", \"{n} essais\",\n"
        "            2, app.lang, n=2)\n"
        "        on_release: print(app.tr(\"Retour\", app.lang))\n"
        "        canvas.before:\n"
        "            Color:\n"
        "                rgba: (1, 1, 1, 1) if app.tr(\"Dessin\", app.lang) else (0, 0, 0, 1)\n"
        "    Label:\n"
        "        text: french(\"Chiffres\") + app.tr(variable, app.lang)\n",
        encoding="utf-8")
    with kv.open("rb") as file:
        found = list(extract_kv(file, {"tr": None, "ntr": (1, 2), "french": None}, [], {}))
    assert found == [
        (4, "tr", ("Suivant", None), []),
        (7, "ntr", ("{n} essai", "{n} essais", None, None), []),
        (9, "tr", ("Retour", None), []),
        (12, "tr", ("Dessin", None), []),
        (14, "french", ("Chiffres",), []),
        (14, "tr", (None, None), []),
    ]


# -- reading the catalogues ----------------------------------------------------------------

def test_plural_forms_follow_each_language() -> None:
    seconds = ("Sans réponse, l'écran revient au début dans {seconds} seconde.",
               "Sans réponse, l'écran revient au début dans {seconds} secondes.")
    said = {(language, n): ntr(*seconds, n, language, seconds=n)
            for language in ("fr", "en") for n in (0, 1, 2, 20)}
    assert said[("fr", 0)].endswith("dans 0 seconde.")  # French: 0 takes the singular
    assert said[("fr", 1)].endswith("dans 1 seconde.")
    assert said[("fr", 20)].endswith("dans 20 secondes.")
    assert said[("en", 0)].endswith("in 0 seconds.")  # English: 0 takes the plural
    assert said[("en", 1)].endswith("in 1 second.")
    assert said[("en", 2)].endswith("in 2 seconds.")
    minutes = ("{minutes} min", "{minutes} min")
    arabic = [ntr(*minutes, n, "ar", minutes=n) for n in (1, 2, 3, 11, 100)]
    assert arabic == ["1 دقيقة", "2 دقيقتان", "3 دقائق", "11 دقيقة", "100 دقيقة"]
    digits = ("Tapez {length} chiffre, sans espace.", "Tapez {length} chiffres, sans espace.")
    ukrainian = [ntr(*digits, n, "uk", length=n) for n in (1, 3, 5, 21)]
    assert ukrainian == ["Наберіть 1 цифру, без пробілу.", "Наберіть 3 цифри, без пробілу.",
                         "Наберіть 5 цифр, без пробілу.", "Наберіть 21 цифру, без пробілу."]


def test_counsellor_texts_come_from_the_french_catalogue() -> None:
    tries = ("Code incorrect. Encore {left} essai.", "Code incorrect. Encore {left} essais.")
    assert french_n(*tries, 1, left=1) == "Code incorrect. Encore 1 essai."
    assert french_n(*tries, 4, left=4) == "Code incorrect. Encore 4 essais."
    assert french("Chiffres") == "Chiffres"


def test_a_language_without_catalogue_falls_back_to_french() -> None:
    assert tr("Suivant", "en") == "Next"
    assert tr("Suivant", "de") == "Suivant"
    assert ntr("{minutes} min", "{minutes} min", 5, "de", minutes=5) == "5 min"
    assert tr("Suivant", "uk") == "Далі" and tr("Suivant", "ar") == "التالي"


def test_fields() -> None:
    assert fields("{a} {b:02d} {c!r} {{d}}") == {"a", "b", "c"}
    with pytest.raises(ValueError):
        fields("{a")


def test_every_language_offered_has_a_name_and_is_a_setting_choice() -> None:
    from kiosk.flows.vocabulary import LANGUAGES
    from kiosk.settings import SETTINGS

    language = next(s for s in SETTINGS if s.name == "language")
    assert set(languages()) <= set(LANGUAGES)
    assert tuple(language.choices) == languages()


def test_the_translation_guide_is_linked_and_names_the_three_steps() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    guide = (REPO / "docs" / "traduire.md").read_text(encoding="utf-8")
    assert "docs/traduire.md" in readme
    assert "## Adding a language in three steps" in guide
    for command in ("pybabel init -D kiosk -i kiosk/locale/kiosk.pot -d kiosk/locale",
                    "make translations"):
        assert command in guide
