"""Screenshots for a step's picture: checked by content, cleaned of metadata, bounded in size,
regions blurred in the stored file, the highlight stored as the step's « repere »; hostile
uploads refused with a French message and nothing stored. Run on SQLite and, by
test_studio_postgresql.py, on PostgreSQL."""

from __future__ import annotations

import html
import io
import random
from pathlib import Path

import pytest
from conftest import MULTIPART, login, multipart
from django.conf import settings
from PIL import Image, ImageDraw, ImageStat

from kiosk.flows.loader import load_flow_file
from kiosk.studio.editor import captures


def captures_dir() -> Path:
    return Path(settings.ASSETS_DIR) / captures.FOLDER


@pytest.fixture(autouse=True)
def no_captures():  # type: ignore[no-untyped-def]
    for path in captures_dir().glob("*") if captures_dir().is_dir() else []:
        path.unlink()
    yield


def screenshot(size: tuple[int, int] = (800, 500)) -> Image.Image:
    """A fake website: a blue header, and a noisy « name » region (high detail, like text)."""
    image = Image.new("RGB", size, (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 60), fill=(0, 0, 145))
    noise = random.Random(7)
    for x in range(80, min(400, size[0])):
        for y in range(100, min(150, size[1])):
            image.putpixel((x, y), (0, 0, 0) if noise.random() < 0.5 else (255, 255, 255))
    draw.text((100, 300), "Jean DUPONT 1 85 07 75 123 456", fill=(0, 0, 0))
    return image


def jpeg_with_gps(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "TelephoneDeTest"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def upload(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def step_data(**changes: str) -> dict:
    data = {"repere_forme": "", "repere_x": "", "repere_y": "", "repere_largeur": "",
            "repere_hauteur": "", "flou": ""}
    data.update(changes)
    return data


def test_a_screenshot_is_cleaned_blurred_and_marked(client, flow, people, flows_folder):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    original = screenshot()
    raw = jpeg_with_gps(original)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the GPS is there to remove
    blur = "10, 20, 40, 10"  # x 80-400, y 100-150: the noisy region
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/", step_data(
        fichier=upload(raw, "capture.jpg"), repere_forme="cercle", repere_x="60",
        repere_y="50", repere_largeur="20", repere_hauteur="15", flou=blur))
    assert response.status_code == 302, html.unescape(response.content.decode())
    stored = list(captures_dir().iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".png"
    text = flow.latest().text
    name = f"captures/{stored[0].name}"
    assert f"    image: {name}\n" in text
    assert ("    repere:\n      forme: cercle\n      x: 60\n      y: 50\n      largeur: 20\n"
            "      hauteur: 15\n") in text
    picture = Image.open(stored[0])
    assert picture.format == "PNG" and picture.size == original.size
    assert not picture.getexif() and "exif" not in picture.info
    assert set(picture.info) <= {"dpi"}  # no text chunks, no colour profile
    assert b"TelephoneDeTest" not in stored[0].read_bytes()
    # the region is blurred in the file: its detail is gone; outside it nothing changed
    as_uploaded = Image.open(io.BytesIO(raw)).convert("RGB")
    inside = (90, 105, 390, 145)
    before = ImageStat.Stat(as_uploaded.crop(inside).convert("L")).stddev[0]
    after = ImageStat.Stat(picture.crop(inside).convert("L")).stddev[0]
    assert before > 100 and after < 20, (before, after)
    assert picture.crop((0, 0, 800, 95)).tobytes() == as_uploaded.crop((0, 0, 800, 95)).tobytes()
    assert picture.crop((0, 155, 800, 500)).tobytes() == \
        as_uploaded.crop((0, 155, 800, 500)).tobytes()
    # the kiosk reads the step with its picture and its mark
    client.post(f"/parcours/{flow.pk}/publier/")
    loaded, problems = load_flow_file(flows_folder / "exemple-email.yaml", settings.ASSETS_DIR)
    assert loaded is not None, problems
    step = loaded.step("bienvenue")
    assert step.picture == name and step.mark is not None
    assert (step.mark.shape.value, step.mark.x, step.mark.width) == ("cercle", 0.6, 0.2)


def test_blurring_the_current_picture_makes_a_new_file(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/",
                           step_data(flou="0, 0, 50, 50"))
    assert response.status_code == 302
    (stored,) = captures_dir().iterdir()
    assert f"image: captures/{stored.name}" in flow.latest().text
    assert (Path(settings.ASSETS_DIR) / "images" / "toucher.png").is_file()  # old one kept


def hundred_megapixels() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 1).save(buffer, "PNG")  # 100 million points, 32 kB
    return buffer.getvalue()


def truncated_png() -> bytes:
    buffer = io.BytesIO()
    screenshot((300, 200)).save(buffer, "PNG")
    return buffer.getvalue()[:2000]


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "GIF")
    return buffer.getvalue()


HOSTILE = {
    "text named png": (lambda: b"<html><script>alert(1)</script></html>", "capture.png",
                       "n'est pas une image PNG, JPEG ou WebP (son contenu a été vérifié"),
    "pdf named jpg": (lambda: b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", "capture.jpg",
                      "n'est pas une image PNG, JPEG ou WebP"),
    "svg named png": (lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
                      "capture.png", "n'est pas une image PNG, JPEG ou WebP"),
    "gif named png": (gif, "capture.png", "n'est pas une image PNG, JPEG ou WebP"),
    "damaged png": (truncated_png, "capture.png", "l'image est abîmée ou incomplète"),
    "100 megapixels": (hundred_megapixels, "capture.png",
                       "l'image est trop grande (10000 x 10000 points) : 20 millions de "
                       "points au plus"),
    "over 10 MB": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(10 * 1024 * 1024), "capture.png",
                   "l'image pèse plus de 10 Mo"),
    "empty": (lambda: b"", "capture.png", "Le fichier soumis est vide."),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_uploads_are_refused_and_nothing_is_stored(client, flow, people, case):  # type: ignore[no-untyped-def]
    make, name, message = HOSTILE[case]
    login(client, people["alice"])
    before = flow.latest().text
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/", step_data(
        fichier=upload(make(), name), repere_forme="rectangle", repere_x="1", repere_y="1",
        repere_largeur="5", repere_hauteur="5"))
    assert response.status_code == 200
    shown = html.unescape(response.content.decode())
    assert message in shown, shown[shown.find("fr-error-text") - 300:][:900]
    if case != "empty":
        assert "Rien n'a été enregistré" in shown
    assert not captures_dir().exists() or not list(captures_dir().iterdir())
    assert flow.latest().text == before and flow.versions.count() == 1


@pytest.mark.parametrize("name", ["../../../../tmp/pirate-capture.png", "dossier/capture.png",
                                  "C:\\Mes images\\capture.png", "..", "..&#x2F;capture.png"])
def test_a_screenshot_whose_name_holds_a_path_is_refused(client, flow, people, name):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    buffer = io.BytesIO()
    screenshot((200, 100)).save(buffer, "PNG")
    body = multipart(step_data(repere_forme="rectangle", repere_x="1", repere_y="1",
                               repere_largeur="5", repere_hauteur="5"),
                     "fichier", name, buffer.getvalue())
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/", body,
                           content_type=MULTIPART)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["fichier"]
    assert error in html.unescape(response.content.decode())  # shown at its field
    assert error == (f"Image refusée : le nom du fichier « {name} » contient un chemin de "
                     "dossier (« / » ou « \\ ») : envoyez le fichier lui-même, avec un nom "
                     "simple comme « capture.png ». Rien n'a été enregistré.")
    assert not captures_dir().exists() or not list(captures_dir().iterdir())
    assert flow.versions.count() == 1 and "capture" not in flow.latest().text
    assert not Path("/tmp/pirate-capture.png").exists()


def test_a_screenshot_with_a_plain_name_sent_the_same_way_is_taken(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    buffer = io.BytesIO()
    screenshot((200, 100)).save(buffer, "PNG")
    body = multipart(step_data(), "fichier", "Capture d'écran 2026-12-02.png",
                     buffer.getvalue())
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/", body,
                           content_type=MULTIPART)
    assert response.status_code == 302
    (stored,) = captures_dir().iterdir()
    assert f"image: captures/{stored.name}" in flow.latest().text


@pytest.mark.parametrize(("blur", "message"), [
    ("10, 20, 30", "zone à flouter n°1 : écrivez 4 nombres"),
    ("10, 20, 30, 5 ; a, b, c, d", "zone à flouter n°2 : « a, b, c, d » n'est pas fait de nombres"),
    ("90, 0, 20, 5", "zone à flouter n°1 : elle doit tenir dans l'image"),
])
def test_wrong_blur_regions_are_shown_at_their_field(client, flow, people, blur, message):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/", step_data(flou=blur))
    (error,) = response.context["form"].errors["flou"]
    assert error.startswith(message), error
    assert flow.versions.count() == 1


def test_a_mark_that_does_not_fit_is_refused_at_its_field(client, flow, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    response = client.post(f"/parcours/{flow.pk}/etapes/bienvenue/image/", step_data(
        repere_forme="rectangle", repere_x="90", repere_y="10", repere_largeur="20",
        repere_hauteur="5"))
    assert response.context["form"].errors["repere_largeur"] == [
        "Le repère doit tenir dans l'image : depuis la gauche + largeur, 100 au plus."]
    assert flow.versions.count() == 1


def test_assets_are_served_confined_to_their_folder(client, people):  # type: ignore[no-untyped-def]
    login(client, people["alice"])
    assert client.get("/fichiers/pictos/email.png")["Content-Type"] == "image/png"
    assert client.get("/fichiers/../kiosk.toml").status_code == 404
    assert client.get("/fichiers/%2E%2E/kiosk.toml").status_code == 404
