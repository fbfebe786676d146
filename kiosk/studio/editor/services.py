"""What the views do to flows: save a version, import, publish, copy. No HTTP here."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kiosk.flows.flowset import flow_files
from kiosk.flows.loader import MAX_FILE_BYTES, MAX_STEPS
from kiosk.flows.yamlnodes import YamlProblem, parse

from ..document import DocumentError, FlowDocument
from ..files import write_atomically
from ..validation import Report, check
from .models import Flow, Version


class Refused(Exception):
    """A file or an action refused; the message is in French, nothing was stored."""


def report(text: str) -> Report:
    return check(text, settings.ASSETS_DIR)


@transaction.atomic
def save(flow: Flow, text: str, author, note: str = "",  # type: ignore[no-untyped-def]
         document: FlowDocument | None = None) -> Version:
    """A new version of ``flow`` (the text must open: FlowDocument.parse; ``document``: the
    text already parsed, when the caller has it). The validator's report of the text is
    kept on the returned version (``version.report``) for the page that shows it."""
    if document is None:
        document = FlowDocument.parse(text)
    found = report(text)
    locked = Flow.objects.select_for_update().get(pk=flow.pk)
    latest = locked.versions.order_by("-number").first()
    version = Version.objects.create(
        flow=locked, number=(latest.number + 1) if latest else 1, text=text, author=author,
        note=note, errors=len(found.errors), warnings=len(found.warnings))
    locked.title = (document.title or locked.slug)[:300]
    locked.save(update_fields=["title", "updated_at"])
    flow.title = locked.title
    version.report = found  # type: ignore[attr-defined]
    return version


def read_upload(raw: bytes) -> str:
    """The text of an uploaded flow file, read by the kiosk's strict reader first; Refused
    (French) for a file the kiosk would refuse outright: not UTF-8, too big, YAML tags,
    aliases or merges, too many steps, no usable id."""
    if len(raw) > MAX_FILE_BYTES:
        raise Refused(f"le fichier est trop gros ({len(raw) // 1024} Ko, 1024 Ko au plus).")
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise Refused("le fichier n'est pas enregistré en UTF-8.") from None
    try:
        data = parse(text)
    except YamlProblem as problem:
        raise Refused(f"ligne {problem.line} : {problem.message}") from None
    except RecursionError:
        raise Refused("le fichier est imbriqué trop profondément.") from None
    if not isinstance(data, dict):
        raise Refused("le fichier doit décrire un parcours : des lignes « champ: valeur ».")
    steps = data.get("etapes")
    if isinstance(steps, list) and len(steps) > MAX_STEPS:
        raise Refused(f"le parcours a trop d'étapes ({len(steps)}, {MAX_STEPS} au plus) : "
                      "faites plusieurs parcours.")
    try:
        document = FlowDocument.parse(text)
    except DocumentError as error:
        raise Refused(f"ligne {error.line} : {error.message}") from None
    from kiosk.flows.loader import ID_PATTERN

    if not ID_PATTERN.match(document.flow_id):
        raise Refused("le parcours n'a pas d'identifiant valable (champ « id »).")
    return text


@transaction.atomic
def create(place, slug: str, text: str, author, *, note: str,  # type: ignore[no-untyped-def]
           file_name: str = "", source: Flow | None = None) -> Flow:
    if Flow.objects.filter(place=place, slug=slug).exists():
        raise Refused(f"un parcours « {slug} » existe déjà dans votre lieu : changez son "
                      "identifiant (champ « id ») ou ouvrez celui qui existe.")
    flow = Flow.objects.create(place=place, slug=slug, title=slug, file_name=file_name,
                               source=source,
                               source_version=source.latest().number if source else None)
    save(flow, text, author, note)
    return flow


def open_bundled(place, author) -> list[Flow]:  # type: ignore[no-untyped-def]
    """Every flow file of the kiosk's flows folder not yet in the studio for ``place``."""
    opened = []
    for path in flow_files([settings.FLOWS_DIR]) if settings.FLOWS_DIR.is_dir() else []:
        try:
            text = read_upload(path.read_bytes())
        except (Refused, OSError):
            continue
        slug = FlowDocument.parse(text).flow_id
        if Flow.objects.filter(place=place, slug=slug).exists():
            continue
        opened.append(create(place, slug, text, author, note=f"ouvert depuis {path.name}",
                             file_name=path.name))
    return opened


def publish(flow: Flow, version: Version) -> Path:
    """Write ``version`` into the kiosk's flows folder, atomically (a temporary file in the
    same folder, then renamed over the old one): the kiosk never reads half a file."""
    found = report(version.text)
    if found.errors or found.flow is None:
        raise Refused(f"le parcours a {len(found.errors)} erreur(s) : corrigez-les avant de "
                      "le publier.")
    folder = settings.FLOWS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = flow.file_name or f"{flow.slug}.yaml"
    target = folder / name
    for other in flow_files([folder]):
        if other.name == name:
            continue
        try:
            head = parse(other.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlProblem, RecursionError):
            continue
        if isinstance(head, dict) and head.get("id") == found.flow.id:
            raise Refused(f"le fichier {other.name} de la borne a déjà l'identifiant "
                          f"« {found.flow.id} » : changez l'identifiant de ce parcours.")
    write_atomically(target, version.text.encode("utf-8"))
    flow.file_name = name
    flow.published_version = version.number
    flow.published_at = timezone.now()
    flow.save(update_fields=["file_name", "published_version", "published_at"])
    return target


def copy(source: Flow, place, author) -> Flow:  # type: ignore[no-untyped-def]
    """« Copier et adapter »: one's own copy, which remembers its source."""
    slug = source.slug
    number = 2
    while Flow.objects.filter(place=place, slug=slug).exists():
        slug = f"{source.slug}-{number}"[:64]
        number += 1
    document = FlowDocument.parse(source.latest().text)
    if slug != source.slug:
        document.data["id"] = slug
    return create(place, slug, document.dump(), author,
                  note=f"copie de « {source.title} » ({source.place})", source=source)
