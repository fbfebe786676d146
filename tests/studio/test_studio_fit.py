"""The studio shows the validator's fit errors (issue 15) at their field: a word too long for
an answer's button beside that answer, a list too long for a 10-inch tablet beside its lines."""

from __future__ import annotations

from conftest import login

from kiosk.studio.editor import services

WORD = "Anticonstitutionnellement-anticonstitutionnellement"
LONG_LINE = "rangé dans une pochette avec vos autres papiers importants"


def test_a_fit_error_is_shown_at_its_answer(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    services.save(flow, flow.latest().text.replace("      - texte: Non\n",
                                                   f"      - texte: {WORD}\n"), people["alice"])
    page = client.get(f"/parcours/{flow.pk}/etapes/adresse/")
    message = ("étape « adresse » : la réponse n°2 a un mot trop long pour son bouton sur une "
               f"tablette 10 pouces tenue debout, en grand texte : « {WORD} ». Coupez-le ou "
               "raccourcissez-le.")
    assert page.context["form"].errors["reponse_2_texte__fr"] == [message]
    html = page.content.decode()
    assert html.index('id="id_reponse_2_texte__fr-desc-error"') > \
        html.index('id="id_reponse_2_texte__fr"')


def test_a_list_too_long_is_shown_at_its_lines(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    lines = "".join(f"      - Papier n°{n}, {LONG_LINE}\n" for n in range(1, 11))
    text = flow.latest().text.replace(
        "      - Votre adresse e-mail\n      - Votre mot de passe\n"
        "      - L'adresse de la personne\n", lines)
    services.save(flow, text, people["alice"])
    assert flow.latest().errors == 1
    errors = client.get(f"/parcours/{flow.pk}/etapes/preparer/").context["form"].errors
    assert [e[:59] for e in errors["elements__fr"]] == [
        "Cette liste a trop de lignes pour une tablette 10 pouces en"]
