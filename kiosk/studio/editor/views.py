"""The editor's pages. Each view checks who may see or change the flow first
(:mod:`kiosk.studio.accounts.permissions`)."""

from __future__ import annotations

import difflib
import subprocess

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kiosk.flows.model import StepKind
from kiosk.flows.pictures import PictureError, resolve_asset

from .. import uploads
from ..accounts.permissions import can_edit_flow, can_view_flow, require
from ..document import DocumentError, FlowDocument, OneStep, slug
from ..preview import SCREENS, SCREENS_BY_KEY, PreviewError, shared
from . import captures, graph, services
from .forms import (
    KIND_HELP,
    AddStepForm,
    CaptureForm,
    ImportForm,
    LanguageForm,
    MetaForm,
    NewFlowForm,
    RawForm,
    StepForm,
    form_field_for,
)
from .models import Flow, Version


def _flow(request: HttpRequest, pk: int, *, edit: bool) -> Flow:
    flow = get_object_or_404(Flow.objects.select_related("place", "source"), pk=pk)
    require(can_edit_flow(request.user, flow) if edit else can_view_flow(request.user, flow))
    return flow


FLOWS_PER_PAGE = 50
"""Rows of « Mes parcours » per page (a coordinator sees every place's flows)."""


def _document(request: HttpRequest, text: str) -> FlowDocument:
    """The flow's document: one of its own for a POST (it is changed), else the kept
    read-only one."""
    return FlowDocument.parse(text) if request.method == "POST" else \
        FlowDocument.read_only(text)


def _languages(flow: Flow, document: FlowDocument) -> list[str]:
    found = document.languages()
    for code in flow.extra_languages.split():
        if code not in found:
            found.append(code)
    return found


@login_required
def flow_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    latest = Version.objects.filter(flow=OuterRef("pk")).order_by("-number")
    flows = Flow.objects.select_related("place").annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_at=Subquery(latest.values("created_at")[:1]),
        latest_errors=Subquery(latest.values("errors")[:1]))
    if not user.is_coordinator:
        flows = flows.filter(place=user.place)
    page = Paginator(flows.order_by("place__name", "title", "pk"), FLOWS_PER_PAGE).get_page(
        request.GET.get("page"))
    rows = [(flow, {"number": flow.latest_number, "created_at": flow.latest_at,
                    "errors": flow.latest_errors} if flow.latest_number else None)
            for flow in page.object_list]
    return render(request, "studio/flow_list.html", {"rows": rows, "page": page,
                                                     "title": "Mes parcours"})


@login_required
def flow_new(request: HttpRequest) -> HttpResponse:
    require(request.user.place_id is not None)
    form = NewFlowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flow_id = slug(form.cleaned_data["title"])
        try:
            flow = services.create(request.user.place, flow_id,
                                   FlowDocument.new(flow_id, form.cleaned_data["title"]).dump(),
                                   request.user, note="création")
        except services.Refused as refused:
            form.add_error("title", str(refused))
        else:
            messages.success(request, "Parcours créé : écrivez ses étapes.")
            return redirect("editor:flow", pk=flow.pk)
    return render(request, "studio/form_page.html", {
        "form": form, "title": "Nouveau parcours", "submit": "Créer le parcours"})


@login_required
def flow_import(request: HttpRequest) -> HttpResponse:
    require(request.user.place_id is not None)
    form = ImportForm(request.POST or None, request.FILES or None)
    with_path = uploads.name_with_a_path(request) if request.method == "POST" else None
    if with_path is not None:
        form.errors.clear()  # Django drops a file named « .. »: refused, not « missing »
        form.errors["file"] = form.error_class([
            f"Fichier refusé : {uploads.path_message(with_path)} Rien n'a été enregistré."],
            renderer=form.renderer)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = services.read_upload(upload.read(services.MAX_FILE_BYTES + 1))
            flow_id = FlowDocument.parse(text).flow_id
            flow = services.create(request.user.place, flow_id, text, request.user,
                                   note="importé d'un fichier")
        except services.Refused as refused:
            form.add_error("file", f"Fichier refusé : {refused}")
        else:
            messages.success(request, "Parcours importé.")
            return redirect("editor:flow", pk=flow.pk)
    return render(request, "studio/form_page.html", {
        "form": form, "title": "Importer un fichier de parcours", "submit": "Importer",
        "multipart": True})


@login_required
@require_POST
def open_bundled(request: HttpRequest) -> HttpResponse:
    require(request.user.place_id is not None)
    opened = services.open_bundled(request.user.place, request.user)
    messages.success(request, f"{len(opened)} parcours de la borne ouverts dans le studio.")
    return redirect("editor:flows")


@login_required
def flow_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    version = flow.latest()
    document = _document(request, version.text)
    languages = _languages(flow, document)
    form = MetaForm(document, languages, request.POST or None)
    found = services.report(version.text)
    if request.method == "POST" and form.is_valid():
        form.apply(document)
        services.save(flow, document.dump(), request.user, "infos du parcours")
        messages.success(request, "Enregistré.")
        return redirect("editor:flow", pk=flow.pk)
    if request.method == "GET":
        _show_findings(form, found.by_field(None))
    steps = []
    for index, step_id in enumerate(document.step_ids()):
        node = document.steps[index]
        kind = str(node.get("type", ""))
        steps.append({"index": index, "id": step_id, "kind": kind,
                      "title": _text(node.get("titre")),
                      "errors": len([f for f in found.for_step(step_id) if f.is_error]),
                      "warnings": len([f for f in found.for_step(step_id) if not f.is_error])})
    return render(request, "studio/flow_detail.html", {
        "flow": flow, "version": version, "form": form, "rows": form.rows(), "steps": steps,
        "report": found, "flow_findings": found.for_step(None), "add_form": AddStepForm(),
        "language_form": LanguageForm(), "title": flow.title,
        "kinds": [(k.value, KIND_HELP[k]) for k in StepKind]})


def _text(value: object) -> str:
    if hasattr(value, "get"):
        return str(value.get("fr", ""))  # type: ignore[union-attr]
    return str(value or "")


def _show_findings(form, by_field: dict) -> dict:  # type: ignore[no-untyped-def]
    """Errors of the validator become the form's field errors; warnings are returned by field
    (shown under the field); what has no field stays in the list at the top."""
    warnings: dict[str, list[str]] = {}
    for key, findings in by_field.items():
        name = form_field_for(form, key)
        for finding in findings:
            if name is None:
                continue
            if finding.is_error:  # shown by DSFR's field template, beside the field
                form.errors.setdefault(name, form.error_class(renderer=form.renderer)).append(
                    finding.message)
            else:
                warnings.setdefault(name, []).append(finding.message)
    return warnings


@login_required
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    form = AddStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez le type de la nouvelle étape.")
        return redirect("editor:flow", pk=flow.pk)
    document = FlowDocument.parse(flow.latest().text)
    after = request.POST.get("after")
    step_id = document.add_step(form.cleaned_data["kind"],
                                int(after) if after and after.isdigit() else None)
    services.save(flow, document.dump(), request.user, f"étape « {step_id} » ajoutée")
    return redirect("editor:step", pk=flow.pk, step_id=step_id)


@login_required
@require_POST
def step_change(request: HttpRequest, pk: int, step_id: str) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    document = FlowDocument.parse(flow.latest().text)
    try:
        index, _step = document.step(step_id)
    except KeyError:
        raise Http404("étape inconnue") from None
    action = request.POST.get("action")
    if action == "up":
        document.move_step(index, -1)
    elif action == "down":
        document.move_step(index, 1)
    elif action == "delete":
        document.delete_step(index)
    else:
        raise Http404("action inconnue")
    services.save(flow, document.dump(), request.user, f"étape « {step_id} » : {action}")
    return redirect("editor:flow", pk=flow.pk)


@login_required
def step_edit(request: HttpRequest, pk: int, step_id: str) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    version = flow.latest()
    document = None
    if request.method == "POST" and request.POST.get("id") == step_id:
        document = OneStep.open(version.text, step_id)  # the step's lines alone (not renamed)
    if document is None:
        document = _document(request, version.text)
    try:
        _index, step = document.step(step_id)
    except KeyError:
        raise Http404("étape inconnue") from None
    languages = _languages(flow, document)
    form = StepForm(document, step, languages, request.POST or None)
    saved = False
    if request.method == "POST" and form.is_valid():
        saved = True
        new_id = form.apply()
        version = services.save(flow, document.dump(), request.user, f"étape « {new_id} »",
                                document)
        if new_id != step_id:
            return redirect("editor:step", pk=flow.pk, step_id=new_id)
        _index, step = document.step(step_id)  # the document is the saved text, parsed
        form = StepForm(document, step, languages)
    found = getattr(version, "report", None) or services.report(version.text)
    warnings = {} if form.is_bound else _show_findings(form, found.by_field(step_id))
    placed = {name for name in form.errors} | set(warnings)
    loose = [f for f in found.for_step(step_id) if form_field_for(form, f.field) not in placed]
    context = {"flow": flow, "version": version, "form": form, "groups": form.groups(),
               "step_id": step_id, "kind": form.kind.value, "kind_help": KIND_HELP[form.kind],
               "warnings": warnings, "loose": loose, "report": found,
               "screens": SCREENS, "title": f"Étape « {step_id} »",
               "preview_ok": not found.errors, "saved": saved}
    if request.headers.get("HX-Request"):
        return render(request, "studio/step_editor.html", context)
    return render(request, "studio/step.html", context)


@login_required
def preview(request: HttpRequest, pk: int, step_id: str) -> HttpResponse:
    """The step as the kiosk draws it (PNG), from the latest version without errors."""
    flow = _flow(request, pk, edit=False)
    screen = SCREENS_BY_KEY.get(request.GET.get("ecran", "10"), SCREENS[0])
    level = int(request.GET.get("texte", "1")) if request.GET.get("texte") in ("1", "2", "3") \
        else 1
    contrast = "high" if request.GET.get("contraste") == "eleve" else "normal"
    language = request.GET.get("langue", "fr")[:3]
    for version in flow.versions.order_by("-number")[:50]:
        if version.errors == 0:
            break
    else:
        raise Http404("aucune version sans erreur")
    try:
        path = shared(settings.ASSETS_DIR, settings.PREVIEW_DIR).picture(
            version.text, step_id, screen, level=level, contrast=contrast, language=language)
    except PreviewError as error:
        return HttpResponse(f"Aperçu impossible : {error}", status=503,
                            content_type="text/plain; charset=utf-8")
    return FileResponse(path.open("rb"), content_type="image/png")


@login_required
def raw(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    form = RawForm(request.POST or None, initial={"text": flow.latest().text})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"].replace("\r\n", "\n")
        if not text.endswith("\n"):
            text += "\n"
        try:
            services.save(flow, text, request.user, "fichier écrit à la main")
        except DocumentError as error:
            form.add_error("text", f"Ligne {error.line} : {error.message} Rien n'a été "
                                   "enregistré.")
        else:
            messages.success(request, "Enregistré.")
            return redirect("editor:flow", pk=flow.pk)
    return render(request, "studio/form_page.html", {
        "form": form, "title": f"Fichier de « {flow.title} »", "submit": "Enregistrer",
        "flow": flow})


@login_required
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    listed = list(flow.versions.select_related("author").order_by("-number"))
    diff = None
    first, second = request.GET.get("a"), request.GET.get("b")
    if first and second and first.isdigit() and second.isdigit():
        old = get_object_or_404(flow.versions, number=int(first))
        new = get_object_or_404(flow.versions, number=int(second))
        diff = list(difflib.unified_diff(old.text.splitlines(), new.text.splitlines(),
                                         f"version {old.number}", f"version {new.number}",
                                         lineterm="", n=2))
    return render(request, "studio/versions.html", {
        "flow": flow, "versions": listed, "diff": diff, "a": first, "b": second,
        "title": f"Versions de « {flow.title} »"})


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    old = get_object_or_404(flow.versions, number=number)
    services.save(flow, old.text, request.user, f"retour à la version {number}")
    messages.success(request, f"La version {number} est revenue (comme une nouvelle version).")
    return redirect("editor:versions", pk=flow.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    try:
        target = services.publish(flow, flow.latest())
    except services.Refused as refused:
        messages.error(request, f"Pas publié : {refused}")
    else:
        messages.success(request, f"Publié sur la borne ({target.name}) : il y apparaît dans "
                                  "les 5 secondes.")
    return redirect("editor:flow", pk=flow.pk)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=False)
    response = HttpResponse(flow.latest().text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{flow.slug}.yaml"'
    return response


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    flow.shared = request.POST.get("shared") == "1"
    flow.save(update_fields=["shared"])
    messages.success(request, "Partagé dans la bibliothèque." if flow.shared
                     else "N'est plus partagé.")
    return redirect("editor:flow", pk=flow.pk)


@login_required
@require_POST
def add_language(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=True)
    form = LanguageForm(request.POST)
    if form.is_valid() and form.cleaned_data["language"] not in flow.extra_languages.split():
        flow.extra_languages = f"{flow.extra_languages} {form.cleaned_data['language']}".strip()
        flow.save(update_fields=["extra_languages"])
    return redirect("editor:flow", pk=flow.pk)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    flows = Flow.objects.filter(shared=True).select_related("place").order_by("title")
    return render(request, "studio/library.html", {"flows": flows, "title": "Bibliothèque"})


@login_required
@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _flow(request, pk, edit=False)
    require(request.user.place_id is not None)
    flow = services.copy(source, request.user.place, request.user)
    messages.success(request, "Copie faite : adaptez-la à votre lieu.")
    return redirect("editor:flow", pk=flow.pk)


@login_required
def flow_map(request: HttpRequest, pk: int) -> HttpResponse:
    flow = _flow(request, pk, edit=False)
    try:
        svg, notes = graph.draw(flow.latest().text)
    except (OSError, subprocess.SubprocessError) as error:
        svg, notes = "", [f"Graphviz manque sur cet ordinateur ({error})."]
    return render(request, "studio/map.html", {"flow": flow, "svg": svg, "notes": notes,
                                               "title": f"Carte de « {flow.title} »"})


@login_required
def step_capture(request: HttpRequest, pk: int, step_id: str) -> HttpResponse:
    """A screenshot for the step: upload (checked by content, cleaned), where to tap drawn
    on it, regions blurred; stored in the assets folder and named in the step."""
    flow = _flow(request, pk, edit=True)
    document = _document(request, flow.latest().text)
    try:
        _index, step = document.step(step_id)
    except KeyError:
        raise Http404("étape inconnue") from None
    current = str(step.get("image") or "")
    form = CaptureForm(step, request.POST or None, request.FILES or None)
    with_path = uploads.name_with_a_path(request) if request.method == "POST" else None
    if with_path is not None:
        form.add_error("fichier", f"Image refusée : {uploads.path_message(with_path)} Rien "
                                  "n'a été enregistré.")
    elif request.method == "POST" and form.is_valid():
        upload, boxes = form.cleaned_data["fichier"], form.cleaned_data["flou"]
        assets = settings.ASSETS_DIR
        try:
            if upload:
                name = captures.from_upload(assets, upload.read(captures.MAX_BYTES + 1), boxes)
            elif boxes and current:
                name = captures.blur_existing(assets, current, boxes)
            elif boxes:
                raise captures.CaptureRefused("envoyez d'abord une capture d'écran à flouter.")
            else:
                name = current
            if form.cleaned_data.get("repere_forme") and not name:
                raise captures.CaptureRefused("le repère montre où toucher sur une image : "
                                              "envoyez d'abord une capture d'écran.")
        except captures.CaptureRefused as refused:
            form.add_error("fichier", f"Image refusée : {refused} Rien n'a été enregistré.")
        else:
            form.apply(document, step, name)
            services.save(flow, document.dump(), request.user, f"image de l'étape « {step_id} »")
            messages.success(request, "Image enregistrée." + (
                f" {len(boxes)} zone(s) floutée(s) dans le fichier." if boxes else ""))
            return redirect("editor:step", pk=flow.pk, step_id=step_id)
    current_url = ""
    if current:
        try:
            resolve_asset(settings.ASSETS_DIR, current)
            current_url = reverse("editor:asset", args=[current])
        except PictureError:
            current_url = ""
    return render(request, "studio/capture.html", {
        "flow": flow, "form": form, "step_id": step_id, "current": current,
        "current_url": current_url, "title": f"Image de l'étape « {step_id} »"})


@login_required
def asset(request: HttpRequest, name: str) -> HttpResponse:
    """A picture of the kiosk's assets folder (confined to it, PNG or JPEG only)."""
    try:
        path = resolve_asset(settings.ASSETS_DIR, name)
    except PictureError:
        raise Http404("image inconnue") from None
    kind = "image/png" if path.suffix.lower() == ".png" else "image/jpeg"
    return FileResponse(path.open("rb"), content_type=kind)
