"""Who may see or change what: one test per rule, on every view. Run on SQLite and, by
test_studio_postgresql.py, on PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, login
from django.test import Client

from kiosk.studio.editor.models import Flow, Version


def edit_urls(pk: int) -> list[tuple[str, str, dict]]:
    step = "bienvenue"
    return [
        ("get", f"/parcours/{pk}/", {}),
        ("post", f"/parcours/{pk}/", {"id": "vole"}),
        ("get", f"/parcours/{pk}/fichier/", {}),
        ("post", f"/parcours/{pk}/fichier/", {"text": "id: vole\n"}),
        ("get", f"/parcours/{pk}/versions/", {}),
        ("post", f"/parcours/{pk}/versions/1/restaurer/", {}),
        ("post", f"/parcours/{pk}/publier/", {}),
        ("post", f"/parcours/{pk}/partager/", {"shared": "1"}),
        ("post", f"/parcours/{pk}/langue/", {"language": "en"}),
        ("post", f"/parcours/{pk}/etapes/", {"kind": "information"}),
        ("get", f"/parcours/{pk}/etapes/{step}/", {}),
        ("post", f"/parcours/{pk}/etapes/{step}/", {"id": "vole"}),
        ("post", f"/parcours/{pk}/etapes/{step}/changer/", {"action": "delete"}),
        ("get", f"/parcours/{pk}/etapes/{step}/image/", {}),
        ("post", f"/parcours/{pk}/etapes/{step}/image/", {"flou": "0, 0, 50, 50"}),
    ]


def view_urls(pk: int) -> list[tuple[str, str, dict]]:
    return [("get", f"/parcours/{pk}/exporter/", {}), ("get", f"/parcours/{pk}/carte/", {}),
            ("post", f"/parcours/{pk}/copier/", {}),
            ("get", f"/parcours/{pk}/etapes/bienvenue/apercu.png", {})]


def test_anonymous_visitors_are_sent_to_the_login_page(client, flow):  # type: ignore[no-untyped-def]
    for method, url, data in edit_urls(flow.pk) + view_urls(flow.pk) + [
            ("get", "/", {}), ("get", "/comptes/", {}), ("get", "/lieux/", {}),
            ("get", "/bibliotheque/", {}), ("get", "/pictogrammes/", {}),
            ("get", "/nouveau/", {}), ("get", "/importer/", {}),
            ("get", "/fichiers/pictos/email.png", {})]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/connexion/"), url
    assert Version.objects.filter(flow=flow).count() == 1


def test_a_counsellor_never_edits_another_places_flow(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["bruno"])
    before = flow.latest().text
    for method, url, data in edit_urls(flow.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert "Accès refusé" in response.content.decode(), url
    flow.refresh_from_db()
    assert flow.latest().text == before and flow.versions.count() == 1 and not flow.shared


def test_a_counsellor_cannot_read_an_unshared_flow_of_another_place(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["bruno"])
    for method, url, data in view_urls(flow.pk):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert Flow.objects.count() == 1


def test_a_counsellor_lists_only_their_places_flows(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["bruno"])
    assert "Envoyer un e-mail" not in client.get("/").content.decode()
    login(client, people["alice"])
    assert "Envoyer un e-mail" in client.get("/").content.decode()


def test_a_counsellor_edits_their_own_places_flow(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    for method, url, data in edit_urls(flow.pk):
        if method == "get":
            assert getattr(client, method)(url, data).status_code == 200, url


def test_a_coordinator_edits_every_place(client, flow, people):  # type: ignore[no-untyped-def]
    flow.place = people["bruno"].place
    flow.save()
    login(client, people["chef"])
    assert client.get(f"/parcours/{flow.pk}/").status_code == 200
    assert "Envoyer un e-mail" in client.get("/").content.decode()


def test_a_shared_flow_is_read_and_copied_not_edited(client, flow, people):  # type: ignore[no-untyped-def]
    flow.shared = True
    flow.save()
    login(client, people["bruno"])
    assert client.get(f"/parcours/{flow.pk}/exporter/").status_code == 200
    assert client.get(f"/parcours/{flow.pk}/").status_code == 403
    assert "Envoyer un e-mail" in client.get("/bibliotheque/").content.decode()
    response = client.post(f"/parcours/{flow.pk}/copier/")
    copy = Flow.objects.get(place=people["bruno"].place)
    assert response["Location"] == f"/parcours/{copy.pk}/"
    assert copy.source == flow and copy.source_version == 1 and not copy.source_changed()


@pytest.mark.parametrize("url", ["/comptes/", "/lieux/"])
def test_only_coordinators_manage_accounts_and_places(client, people, url):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Pirate", "username": "pirate", "password": "x" * 14,
                             "role": "coordinateur", "place": people["alice"].place.pk}
                       ).status_code == 403
    login(client, people["chef"])
    assert client.get(url).status_code == 200


def test_a_coordinator_creates_an_account(client, people):  # type: ignore[no-untyped-def]
    from kiosk.studio.accounts.models import Account

    login(client, people["chef"])
    response = client.post("/comptes/", {"username": "dora", "password": "encore-un-long-mot",
                                         "role": "conseiller",
                                         "place": people["bruno"].place.pk})
    assert response.status_code == 302
    assert Account.objects.get(username="dora").place == people["bruno"].place


def test_there_is_no_public_sign_up(client, db):  # type: ignore[no-untyped-def]
    for url in ("/inscription/", "/signup/", "/register/", "/admin/"):
        assert client.get(url).status_code == 404


def test_login_attempts_are_limited(client, people):  # type: ignore[no-untyped-def]
    for _ in range(4):
        response = client.post("/connexion/", {"username": "alice", "password": "faux"})
        assert response.status_code == 200
        assert "incorrect" in response.content.decode()
    response = client.post("/connexion/", {"username": "alice", "password": "faux"})
    assert response.status_code == 429  # the fifth failure locks the account
    response = client.post("/connexion/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429  # even with the right password, for 15 minutes
    assert "Trop de mots de passe faux" in response.content.decode()
    other = client.post("/connexion/", {"username": "bruno", "password": PASSWORD})
    assert other.status_code == 302  # another account is not locked


def test_a_form_posted_without_its_csrf_token_is_refused(flow, people):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    login(client, people["alice"])
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/changer/",
                           {"action": "delete"})
    assert response.status_code == 403
    assert "Rien n'a été enregistré" in response.content.decode()
    assert flow.versions.count() == 1


def test_the_database_is_the_one_asked_for(db):  # type: ignore[no-untyped-def]
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("KIOSK_STUDIO_TEST_DATABASE") else "sqlite"
    assert connection.vendor == expected
