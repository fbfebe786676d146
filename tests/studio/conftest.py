"""The studio's tests: Django set up on a throwaway kiosk (its own flows and data folders),
on SQLite, or on the PostgreSQL server named by KIOSK_STUDIO_TEST_DATABASE (set by
test_studio_postgresql.py, which runs these same tests again on a real server)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_ROOT = Path(tempfile.mkdtemp(prefix="kiosk-studio-test-"))
(_ROOT / "flows").mkdir()
(_ROOT / "assets").mkdir()
for folder in ("pictos", "images"):
    shutil.copytree(REPO / "assets" / folder, _ROOT / "assets" / folder)
DATABASE = os.environ.get("KIOSK_STUDIO_TEST_DATABASE", "")
(_ROOT / "kiosk.toml").write_text(
    f'flows_dir = "{_ROOT / "flows"}"\nassets_dir = "{_ROOT / "assets"}"\n'
    f'data_dir = "{_ROOT / "data"}"\nstudio_database = "{DATABASE}"\n', encoding="utf-8")
os.environ["KIOSK_CONFIG"] = str(_ROOT / "kiosk.toml")
os.environ["DJANGO_SETTINGS_MODULE"] = "kiosk.studio.settings"

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only
ON_POSTGRESQL = bool(DATABASE)
PASSWORD = "un-mot-de-passe-assez-long"


@pytest.fixture
def flows_folder() -> Path:
    folder = Path(settings.FLOWS_DIR)
    for path in folder.glob("*"):
        path.unlink()
    return folder


@pytest.fixture
def places(db):  # type: ignore[no-untyped-def]
    from kiosk.studio.accounts.models import Place

    return Place.objects.create(name="Médiathèque"), Place.objects.create(name="Mairie")


@pytest.fixture
def people(places):  # type: ignore[no-untyped-def]
    from kiosk.studio.accounts.models import Account

    here, there = places
    make = Account.objects.create_user
    return {
        "alice": make("alice", password=PASSWORD, role="conseiller", place=here),
        "bruno": make("bruno", password=PASSWORD, role="conseiller", place=there),
        "chef": make("chef", password=PASSWORD, role="coordinateur", place=here),
    }


def login(client, user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


@pytest.fixture
def complete_text() -> str:
    return (REPO / "tests" / "flows" / "complet.yaml").read_text(encoding="utf-8").replace(
        "images/ecran-accueil.png", "images/toucher.png")


@pytest.fixture
def flow(people, complete_text):  # type: ignore[no-untyped-def]
    from kiosk.studio.editor import services

    return services.create(people["alice"].place, "exemple-email", complete_text,
                           people["alice"], note="test")


def many_flows(place, author, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` flows in ``place`` at once (rows only: the list does not read their text)."""
    from kiosk.studio.editor.models import Flow, Version

    flows = Flow.objects.bulk_create(Flow(place=place, slug=f"p-{n:03d}", title=f"P {n:03d}")
                                     for n in range(count))
    Version.objects.bulk_create(Version(flow=f, number=1, text="id: x\n", author=author)
                                for f in flows)


BOUNDARY = "----studio-test-boundary-7f3a"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(fields: dict[str, str], field: str, file_name: str, content: bytes) -> bytes:
    """A multipart body as a browser sends it, with ``file_name`` exactly as given (Django's
    test client keeps only a name's last part, so a path could not be sent through it)."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
                 f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 .encode() + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
