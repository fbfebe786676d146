"""« J'ai besoin d'aide » offers the place's visio-interpretation service to a deaf or
hard-of-hearing visitor: a sentence to show the counsellor, the number, a QR code to it."""

from __future__ import annotations

from kivy.uix.image import Image
from kivy.uix.label import Label
from ui_helpers import make_app, run_app, settle, tap

from kiosk.ui.widgets.qr import qr_texture


def texts(view):
    return [w.text for w in view.walk(restrict=True) if isinstance(w, Label) and w.text]


def qr_pixels(view):
    image = next(w for w in view.walk(restrict=True) if isinstance(w, Image) and w.texture)
    return image.texture.pixels


def test_help_offers_the_service_with_its_number_and_a_qr_code(tmp_path):
    app = make_app(tmp_path, interpreting_name="Acceo", interpreting_phone="01 23 45 67 89",
                   interpreting_web="https://www.acce-o.fr")
    seen = {}

    def script(app):
        yield from settle(app)
        app.dialogs.help()
        yield from settle(app)
        help_view = app.dialogs.current
        seen["help_buttons"] = [b.text for b in help_view.buttons()]
        tap(help_view.buttons()[0])
        yield from settle(app)
        view = app.dialogs.current
        seen["same"] = view is help_view
        seen["texts"] = texts(view)
        seen["qr"] = qr_pixels(view) == qr_texture("https://www.acce-o.fr").pixels
        app.controller.choose_language("en")
        app.dialogs.interpreting()
        yield from settle(app)
        seen["english"] = texts(app.dialogs.current)
        app.dialogs.close()

    run_app(app, script)
    assert seen["help_buttons"] == ["Je suis sourd(e) ou malentendant(e)", "D'accord"]
    assert seen["same"] is False
    assert "Je suis sourd(e) ou malentendant(e). Pouvez-vous m'écrire ou appeler " \
           "l'interprète ?" in seen["texts"]
    assert "Service d'interprète : Acceo" in seen["texts"]
    assert "Téléphone : 01 23 45 67 89" in seen["texts"]
    assert seen["qr"]
    assert "I am deaf or hard of hearing. Can you write to me or call the interpreter?" \
        in seen["english"]
    assert "Phone: 01 23 45 67 89" in seen["english"]


def test_with_a_number_only_the_qr_code_dials_it(tmp_path):
    app = make_app(tmp_path, interpreting_name="Elioz", interpreting_phone="+33 1 23 45 67 89")
    seen = {}

    def script(app):
        yield from settle(app)
        app.dialogs.interpreting()
        yield from settle(app)
        seen["qr"] = qr_pixels(app.dialogs.current) == qr_texture("tel:+33123456789").pixels
        app.dialogs.close()

    run_app(app, script)
    assert seen["qr"]


def test_without_a_service_help_stays_as_it_was(tmp_path):
    app = make_app(tmp_path)
    seen = {}

    def script(app):
        yield from settle(app)
        app.dialogs.help()
        yield
        seen["buttons"] = [b.text for b in app.dialogs.current.buttons()]
        app.dialogs.close()

    run_app(app, script)
    assert seen["buttons"] == ["D'accord"]
