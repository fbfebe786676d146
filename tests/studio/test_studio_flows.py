"""Flows in the studio: the same file after a round trip, the kiosk's checks at their field,
versions, atomic publishing read back by the kiosk's loader, hostile files refused. Run on
SQLite and, by test_studio_postgresql.py, on PostgreSQL."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from conftest import MULTIPART, REPO, login, many_flows, multipart
from django.conf import settings

from kiosk.flows.loader import load_flow_file, load_flows
from kiosk.studio.editor import services
from kiosk.studio.editor.models import Flow, Version


def test_every_bundled_flow_opens_and_saves_unchanged(people, flows_folder, client):  # type: ignore[no-untyped-def]
    for path in (REPO / "config" / "flows").glob("*.yaml"):
        (flows_folder / path.name).write_bytes(path.read_bytes())
    login(client, people["alice"])
    client.post("/ouvrir-la-borne/")
    flows = Flow.objects.filter(place=people["alice"].place)
    assert flows.count() == len(list(flows_folder.glob("*.yaml")))
    for flow in flows:
        original = (flows_folder / flow.file_name).read_text(encoding="utf-8")
        assert flow.latest().text == original
        step_id = flow.latest().text.split("- id: ", 1)[1].split("\n", 1)[0]
        page = client.get(f"/parcours/{flow.pk}/etapes/{step_id}/")
        form = page.context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data = {k: ([str(x) for x in v] if isinstance(v, list) else v) for k, v in data.items()}
        client.post(f"/parcours/{flow.pk}/etapes/{step_id}/", data)
        assert flow.latest().text == original, flow.slug  # saved unchanged: the same file


def test_a_step_form_edit_keeps_comments_and_reads_back(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    page = client.get(f"/parcours/{flow.pk}/etapes/adresse/")
    assert [c[0] for c in page.context["form"].fields["reponse_1_aller_a"].choices][1:] == [
        "bienvenue", "preparer", "essai-adresse", "vrai-faux", "messagerie", "conseiller",
        "bravo", "fin-aide", "adresse"]
    data = {name: page.context["form"][name].value() or "" for name in page.context["form"].fields}
    data.update({"titre__fr": "Avez-vous un e-mail ?", "titre__en": "Do you have an e-mail?",
                 "reponse_1_aller_a": "conseiller", "reponse_2_aller_a": "preparer"})
    response = client.post(f"/parcours/{flow.pk}/etapes/adresse/", data)
    assert response.status_code == 200
    text = flow.latest().text
    assert text.startswith("# Parcours d'exemple")  # the comments are still there
    assert "    titre:\n      fr: Avez-vous un e-mail ?\n      en: Do you have an e-mail?\n" \
        in text
    loaded, problems = services.report(text).flow, services.report(text).findings
    assert loaded is not None and loaded.step("adresse").answers[1].goto == "preparer", problems
    assert flow.versions.count() == 2 and flow.latest().author == people["alice"]


def test_saving_a_step_keeps_every_other_line_as_written(client, flow, people):  # type: ignore[no-untyped-def]
    # written in ways the YAML writer would lay out again: only the saved step is rewritten
    odd = flow.latest().text.replace("titre_court: Un e-mail", "titre_court:    Un e-mail") \
        .replace("    titre: Avez-vous une adresse e-mail ?",
                 "    titre:   'Avez-vous une adresse e-mail ?'   # à revoir")
    services.save(flow, odd, people["alice"])
    login(client, people["alice"])
    page = client.get(f"/parcours/{flow.pk}/etapes/bienvenue/")
    data = {name: page.context["form"][name].value() or "" for name in page.context["form"].fields}
    data["titre__fr"] = "Bonjour"
    client.post(f"/parcours/{flow.pk}/etapes/bienvenue/", data)
    saved = flow.latest().text
    assert saved == odd.replace("      fr: Bienvenue\n", "      fr: Bonjour\n", 1)
    assert flow.versions.count() == 3


def test_a_validator_error_is_shown_at_its_field(client, flow, people, flows_folder):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    page = client.get(f"/parcours/{flow.pk}/etapes/messagerie/")
    data = {name: page.context["form"][name].value() or "" for name in page.context["form"].fields}
    data["adresse"] = "http://www.exemple.fr"
    client.post(f"/parcours/{flow.pk}/etapes/messagerie/", data)
    assert flow.latest().errors == 1
    page = client.get(f"/parcours/{flow.pk}/etapes/messagerie/")
    assert page.context["form"].errors["adresse"] == [
        "étape « messagerie » : « http://www.exemple.fr » n'est pas une adresse de site "
        "valable : elle doit commencer par https://"]
    html = page.content.decode()
    assert html.index('id="id_adresse-desc-error"') > html.index('id="id_adresse"')
    response = client.post(f"/parcours/{flow.pk}/publier/", follow=True)
    assert "Pas publié" in response.content.decode()
    assert not list(flows_folder.glob("*.yaml"))


def test_falc_advice_is_shown_under_its_field(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    services.save(flow, flow.latest().text.replace("titre: Préparez", "titre: Préparez le login"),
                  people["alice"])
    html = client.get(f"/parcours/{flow.pk}/etapes/preparer/").content.decode()
    advice = "« login » est un mot difficile : écrivez plutôt « identifiant »"
    assert advice in html
    assert html.index(advice) > html.index('id="id_titre__fr"')


def test_versions_compare_and_restore(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    first = flow.latest().text
    services.save(flow, first.replace("titre: Préparez", "titre: Rassemblez"), people["alice"])
    page = client.get(f"/parcours/{flow.pk}/versions/?a=1&b=2")
    assert "-    titre: Préparez" in page.context["diff"]
    assert "+    titre: Rassemblez" in page.context["diff"]
    client.post(f"/parcours/{flow.pk}/versions/1/restaurer/")
    assert flow.latest().number == 3 and flow.latest().text == first


def test_publish_is_atomic_and_the_kiosk_loads_it(client, flow, people, flows_folder):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    response = client.post(f"/parcours/{flow.pk}/publier/", follow=True)
    assert "Publié sur la borne" in response.content.decode()
    target = flows_folder / "exemple-email.yaml"
    assert target.read_text(encoding="utf-8") == flow.latest().text
    assert [p.name for p in flows_folder.iterdir()] == ["exemple-email.yaml"]  # no temp left
    loaded = load_flows(flows_folder, settings.ASSETS_DIR)
    assert "exemple-email" in loaded.flows and not loaded.errors
    flow.refresh_from_db()
    assert flow.published_version == 1


def test_publish_refuses_an_id_taken_by_another_kiosk_file(client, flow, people, flows_folder):  # type: ignore[no-untyped-def]
    (flows_folder / "autre.yaml").write_text(flow.latest().text, encoding="utf-8")
    login(client, people["alice"])
    response = client.post(f"/parcours/{flow.pk}/publier/", follow=True)
    assert "le fichier autre.yaml de la borne a déjà l'identifiant" in response.content.decode()
    assert not (flows_folder / "exemple-email.yaml").exists()


def test_export_then_import_through_the_strict_loader(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    exported = client.get(f"/parcours/{flow.pk}/exporter/")
    assert exported["Content-Disposition"] == 'attachment; filename="exemple-email.yaml"'
    login(client, people["bruno"])
    upload = io.BytesIO(exported.content)
    upload.name = "exemple-email.yaml"
    client.post("/importer/", {"file": upload})
    copy = Flow.objects.get(place=people["bruno"].place)
    assert copy.latest().text == flow.latest().text


HOSTILE = {
    "tag": ("id: x\ntitre: !!python/object/apply:os.system ['ls']\n",
            "les balises commençant par « ! » sont interdites"),
    "alias": ("id: x\na: &a [1, 2]\nb: *a\n", "les renvois (& et *) ne sont pas acceptés"),
    "5000 steps": ("id: x\netapes:\n" + "".join(f"  - id: e{i}\n    type: fin\n"
                                               for i in range(5000)),
                   "le parcours a trop d'étapes (5000, 200 au plus)"),
    "not text": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "n'est pas enregistré en UTF-8"),
    "list": ("- id: x\n", "le fichier doit décrire un parcours"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_imports_are_refused_and_nothing_is_stored(client, people, case):  # type: ignore[no-untyped-def]
    content, message = HOSTILE[case]
    login(client, people["alice"])
    upload = io.BytesIO(content.encode() if isinstance(content, str) else content)
    upload.name = "../../etc/passwd.yaml"
    response = client.post("/importer/", {"file": upload})
    assert response.status_code == 200
    shown = html.unescape(response.content.decode())
    assert "Fichier refusé" in shown and message in shown
    assert not Flow.objects.exists() and not Version.objects.exists()


PATHS_IN_NAMES = ["../../../../tmp/pirate.yaml", "dossier/pirate.yaml",
                  "C:\\Users\\pirate.yaml", "..", "..&#47;pirate.yaml"]


@pytest.mark.parametrize("name", PATHS_IN_NAMES)
def test_an_import_whose_name_holds_a_path_is_refused(client, people, complete_text, name,  # type: ignore[no-untyped-def]
                                                      flows_folder):
    login(client, people["alice"])
    response = client.post("/importer/", multipart({}, "file", name, complete_text.encode()),
                           content_type=MULTIPART)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error in html.unescape(response.content.decode())  # shown at its field
    assert error == (f"Fichier refusé : le nom du fichier « {name} » contient un chemin de "
                     "dossier (« / » ou « \\ ») : envoyez le fichier lui-même, avec un nom "
                     "simple comme « capture.png ». Rien n'a été enregistré.")
    assert not Flow.objects.exists() and not Version.objects.exists()
    assert not list(flows_folder.iterdir()) and not Path("/tmp/pirate.yaml").exists()


def test_an_import_with_a_plain_name_sent_the_same_way_is_taken(client, people, complete_text):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    response = client.post("/importer/", multipart({}, "file", "exemple d'e-mail.yaml",
                                                   complete_text.encode()),
                           content_type=MULTIPART)
    assert response.status_code == 302
    assert Flow.objects.get().latest().text == complete_text


def test_copy_remembers_its_source_and_says_when_it_changed(client, flow, people):  # type: ignore[no-untyped-def]
    flow.shared = True
    flow.save()
    login(client, people["bruno"])
    client.post(f"/parcours/{flow.pk}/copier/")
    copy = Flow.objects.get(place=people["bruno"].place)
    assert "a changé depuis votre copie" not in client.get(f"/parcours/{copy.pk}/").content.decode()
    services.save(flow, flow.latest().text.replace("Préparez", "Rassemblez"), people["alice"])
    assert "a changé depuis votre copie" in client.get(f"/parcours/{copy.pk}/").content.decode()


def test_the_map_marks_unreachable_steps(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    text = flow.latest().text.replace("        aller_a: conseiller", "        aller_a: bravo")
    services.save(flow, text, people["alice"])
    page = client.get(f"/parcours/{flow.pk}/carte/")
    assert "<svg" in page.content.decode()
    assert "L'étape « conseiller » n'est jamais atteinte." in page.context["notes"]


def test_pictograms_are_searched_and_tinted(client, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    page = client.get("/pictogrammes/?q=fleche", HTTP_HX_REQUEST="true")
    assert page.templates[0].name == "studio/pictogram_results.html"
    assert page.context["names"] == ["fleche-bas", "fleche-droite", "fleche-gauche", "fleche-haut"]
    from PIL import Image

    normal = Image.open(io.BytesIO(client.get("/pictogrammes/email.png").content))
    high = Image.open(io.BytesIO(client.get("/pictogrammes/email.png?contraste=eleve").content))
    assert normal.getpixel((0, 0)) == (255, 255, 255) and high.getpixel((0, 0)) == (0, 0, 0)
    assert client.get("/pictogrammes/..%2Fkiosk.png").status_code == 404


def test_new_flow_and_added_question_are_valid_for_the_kiosk(client, people, flows_folder):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    client.post("/nouveau/", {"title": "Prendre rendez-vous à la CAF"})
    flow = Flow.objects.get()
    assert flow.slug == "prendre-rendez-vous-a-la-caf" and flow.latest().errors == 0
    client.post(f"/parcours/{flow.pk}/etapes/", {"kind": "question"})
    assert flow.latest().errors == 0, services.report(flow.latest().text).findings
    client.post(f"/parcours/{flow.pk}/publier/")
    loaded, problems = load_flow_file(flows_folder / f"{flow.slug}.yaml", settings.ASSETS_DIR)
    assert loaded is not None, problems
    assert [s.kind.value for s in loaded.steps] == ["information", "question", "fin"]


def test_the_list_of_flows_has_pages_of_fifty(client, people):  # type: ignore[no-untyped-def]
    many_flows(people["alice"].place, people["alice"], 51)
    login(client, people["chef"])
    first = client.get("/")
    assert len(first.context["rows"]) == 50
    assert "Parcours (51), page 1 sur 2" in first.content.decode()
    second = client.get("/?page=2")
    assert [flow.title for flow, _latest in second.context["rows"]] == ["P 050"]
    assert second.context["rows"][0][1]["number"] == 1
    assert len(client.get("/?page=abc").context["rows"]) == 50  # a wrong page: the first
