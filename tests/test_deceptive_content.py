"""Addresses and texts that look like something they are not: refused, or warned about."""

from __future__ import annotations

from pathlib import Path

import pytest
from flowfixtures import MINIMAL, make_assets

from kiosk.cli import main
from kiosk.flows.domains import SHIPPED, read_domains
from kiosk.flows.loader import load_flow_text

WEBSITE = MINIMAL.replace("""  - id: fin
""", """  - id: site
    type: site
    titre: Le site
    texte: Ouvrez le site.
    adresse: {address}
  - id: fin
""")


def load(tmp_path: Path, text: str, domains: tuple[str, ...] | None = None):  # type: ignore[no-untyped-def]
    assets = tmp_path / "assets" if (tmp_path / "assets").is_dir() else make_assets(tmp_path)
    return load_flow_text(text.encode("utf-8"), Path("p.yaml"), assets, domains)


def site_problems(tmp_path: Path, address: str) -> list[str]:
    flow, problems = load(tmp_path, WEBSITE.format(address=address))
    return [f"{p.line}: {p.severity.value}: {p.message}" for p in problems]


@pytest.mark.parametrize(("address", "message"), [
    ("https://amelı.fr", "le nom du site contient « ı » (U+0131), une lettre qui peut imiter "
                         "une lettre ordinaire : écrivez-le en lettres simples, sans accent."),
    ("https://\u212aaf.fr", "le nom du site contient « \u212a » (U+212A), une lettre qui peut "
                            "imiter une lettre ordinaire : écrivez-le en lettres simples, sans "
                            "accent."),
    ("https://impotſ.gouv.fr", "le nom du site contient « ſ » (U+017F), une lettre qui peut "
                               "imiter une lettre ordinaire : écrivez-le en lettres simples, "
                               "sans accent."),
    ("https://xn--amli-9oa.fr", "« xn--amli-9oa » est un nom international codé, qui peut "
                                "imiter un autre site : donnez l'adresse du site officiel en "
                                "lettres simples."),
    ("https://www.ameli.fr@evil.com/", "l'adresse ne doit contenir ni « @ » ni « : » avant le "
                                       "nom du site (ces signes servent à déguiser une "
                                       "adresse)."),
    ("https://www.ameli.fr/connexion/é", "l'adresse contient « é » (U+00E9), un caractère "
                                         "interdit dans une adresse : écrivez-la en lettres "
                                         "simples (les autres caractères en codes %)."),
])
def test_deceptive_addresses_are_errors(tmp_path: Path, address: str, message: str) -> None:
    assert site_problems(tmp_path, address) == [
        f"17: erreur: étape « site » : « adresse » : {message}"]


def test_a_right_to_left_override_in_an_address_is_refused(tmp_path: Path) -> None:
    problems = site_problems(tmp_path, "https://www.ameli.fr/fdp.\u202eexe")
    assert problems == ["17: erreur: le fichier contient un caractère invisible ou qui change le "
                        "sens d'écriture (U+202E) : il peut cacher ou retourner un texte. "
                        "Effacez-le (retapez la ligne)."]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200f", "\u2060", "\ufeff",
                                  "\u00ad"])
def test_invisible_and_bidi_characters_are_refused_in_every_text(tmp_path: Path,
                                                                 char: str) -> None:
    flow, problems = load(tmp_path, MINIMAL.replace("titre: Début", f"titre: Dé{char}but"))
    assert flow is None
    assert [(p.line, p.message) for p in problems] == [
        (11, f"le fichier contient un caractère invisible ou qui change le sens d'écriture "
             f"(U+{ord(char):04X}) : il peut cacher ou retourner un texte. Effacez-le (retapez "
             "la ligne).")]


def test_a_joiner_inside_a_non_latin_word_is_spelling(tmp_path: Path) -> None:
    text = MINIMAL.replace("    texte: Bonjour.", "    texte:\n      fr: Bonjour.\n"
                           "      ar: مرحبا\u200cبكم")
    flow, problems = load(tmp_path, text)
    assert problems == [] and flow is not None


def test_an_address_outside_the_official_domains_is_a_warning(tmp_path: Path) -> None:
    address = "https://ameli.fr.securite-compte-assure.com/connexion"
    assert site_problems(tmp_path, address) == [
        f"17: avertissement: étape « site » : « {address} » n'est pas sur un site officiel "
        "connu (config/domaines-officiels.txt) : vérifiez l'adresse lettre par lettre ; si le "
        "site est sûr, ajoutez son domaine au réglage « official_domains »."]
    assert site_problems(tmp_path, "https://www.impots.gouv.fr/accueil") == []
    assert site_problems(tmp_path, "https://www.ameli.fr") == []


def test_the_shipped_list_holds_every_bundled_flows_domain() -> None:
    domains = read_domains(SHIPPED)
    assert {"gouv.fr", "ameli.fr", "caf.fr", "francetravail.fr", "whatsapp.com"} <= set(domains)


def test_validate_warns_strict_refuses_a_site_adds_its_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    make_assets(tmp_path)
    (tmp_path / "parcours").mkdir()
    (tmp_path / "parcours" / "site.yaml").write_text(
        WEBSITE.format(address="https://www.mairie-exemple.fr/demarches"), encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text('flows_dir = "parcours"\nassets_dir = "assets"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--config", "kiosk.toml"]) == 0
    assert "avertissement : étape « site » : « https://www.mairie-exemple.fr/demarches » n'est " \
           "pas sur un site officiel connu" in capsys.readouterr().out
    assert main(["validate", "--config", "kiosk.toml", "--strict"]) == 1
    assert "parcours/site.yaml:17: erreur : étape « site »" in capsys.readouterr().out
    config.write_text('flows_dir = "parcours"\nassets_dir = "assets"\n'
                      'official_domains = ["mairie-exemple.fr"]\n', encoding="utf-8")
    assert main(["validate", "--config", "kiosk.toml", "--strict"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 parcours valable, 1 fichier lu, 0 erreur, 0 avertissement.")
