"""The bundled pictograms, to pick one with a search, each seen in both contrasts: tinted
with the kiosk's own palette (:mod:`kiosk.ui.theme.palette`, tile colours), as the kiosk tints
them."""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from PIL import Image

from kiosk.ui.theme.palette import PALETTES

_NAME = re.compile(r"^[a-z0-9-]{1,64}$")
THUMB_PX = 96


def _names(query: str) -> list[str]:
    folder = settings.ASSETS_DIR / "pictos"
    words = query.lower().split()
    names = sorted(p.stem for p in folder.glob("*.png")) if folder.is_dir() else []
    return [n for n in names if all(w in n for w in words)]


@login_required
def pictograms(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:60]
    context = {"names": _names(query), "q": query, "title": "Pictogrammes"}
    if request.headers.get("HX-Request"):
        return render(request, "studio/pictogram_results.html", context)
    return render(request, "studio/pictograms.html", context)


@login_required
def pictogram(request: HttpRequest, name: str) -> HttpResponse:
    if not _NAME.match(name):
        raise Http404("pictogramme inconnu")
    path = settings.ASSETS_DIR / "pictos" / f"{name}.png"
    if not path.is_file():
        raise Http404("pictogramme inconnu")
    background, ink = PALETTES["high" if request.GET.get("contraste") == "eleve"
                               else "normal"]["tile"]
    with Image.open(path) as source:
        source.thumbnail((THUMB_PX, THUMB_PX))
        alpha = source.convert("RGBA").getchannel("A")
        if alpha.getextrema() == (255, 255):  # no transparency: the dark parts are the ink
            alpha = Image.eval(source.convert("L"), lambda v: 255 - v)
    picture = Image.new("RGB", alpha.size, background)
    picture.paste(Image.new("RGB", alpha.size, ink), mask=alpha)
    out = io.BytesIO()
    picture.save(out, "PNG")
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
