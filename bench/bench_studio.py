"""The counsellors' studio with 500 flows and 50 accounts (targets from the issue: every
page served in under 200 ms at the 95th percentile; a step's preview within 1 s after an
edit at the 95th percentile; publish to on-screen at the kiosk within 5 s).

A throwaway studio (SQLite in a temporary data folder, migrations applied) is filled with
10 places, 50 accounts (45 counsellors, 5 coordinators) and 500 flows copied from the
bundled ones, each with two versions, 100 of them shared. The studio is served by the same
server as ``kiosk studio`` (waitress, 8 threads) on a local port, and every figure is taken
over real HTTP with a signed-in session:

- pages: each page asked for once to warm up, then REQUESTS times; median, 95th
  percentile and slowest printed per page; for saving a step, also the CPU time of this
  process (the server and its client) per save, which the machine's load changes little,
  and the load average;
- preview after an edit: a step saved (the editor's own htmx POST), then its picture asked
  for (the kiosk's own renderer, kiosk/studio/preview_worker.py, already started: its start
  is printed on its own), EDITS times;
- publish to on-screen: the real kiosk app runs offscreen in another process
  (bench/studio_kiosk.py) on the folder the studio publishes to, with its own flows watcher
  polling every 2 s; a flow's title is changed, « Publier » is posted, and the time until a
  frame drawn by the kiosk shows the new title on its home screen is taken, PUBLISHES times.

Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kiosk.settings import REPO_ROOT

FLOWS = 500
ACCOUNTS = 50
PLACES = 10
SHARED_EVERY = 5
REQUESTS = 20
EDITS = 15
PUBLISHES = 6
PAGE_TARGET_MS = 200
PREVIEW_TARGET_S = 1.0
PUBLISH_TARGET_S = 5.0
PASSWORD = "mot-de-passe-du-banc-d-essai"
_ID_LINE = re.compile(r"^id:.*$", re.MULTILINE)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "AU-DESSUS DE L'OBJECTIF"


def prepare(root: Path) -> None:
    """A kiosk of its own: flows folder (two bundled flows, so the home screen has a page of
    tiles), the repository's assets, a data folder."""
    (root / "flows").mkdir()
    for path in sorted((REPO_ROOT / "config" / "flows").glob("*.yaml"))[:2]:
        shutil.copy(path, root / "flows" / path.name)
    (root / "kiosk.toml").write_text(
        f'flows_dir = "{root / "flows"}"\nassets_dir = "{REPO_ROOT / "assets"}"\n'
        f'data_dir = "{root / "data"}"\n', encoding="utf-8")
    os.environ["KIOSK_CONFIG"] = str(root / "kiosk.toml")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kiosk.studio.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def fill() -> dict:
    """Places, accounts and flows; what the measures need."""
    from django.contrib.auth.hashers import make_password

    from kiosk.studio.accounts.models import Account, Place
    from kiosk.studio.document import FlowDocument
    from kiosk.studio.editor import services
    from kiosk.studio.editor.models import Flow, Version

    sources = [p.read_text(encoding="utf-8")
               for p in sorted((REPO_ROOT / "config" / "flows").glob("*.yaml"))]
    places = [Place.objects.create(name=f"Lieu {n}") for n in range(1, PLACES + 1)]
    hashed = make_password(PASSWORD)  # one hash for all: 50 slow hashes would measure nothing
    accounts = []
    for number in range(ACCOUNTS):
        coordinator = number % (ACCOUNTS // 5) == 0
        accounts.append(Account.objects.create(
            username=f"{'coordination' if coordinator else 'conseil'}-{number}",
            password=hashed, place=places[number % PLACES],
            role="coordinateur" if coordinator else "conseiller"))
    start = time.perf_counter()
    checked = []  # each bundled text checked once: the copies differ only by their id
    for text in sources:
        found = services.report(text)
        title = FlowDocument.parse(text).data.get("titre")
        checked.append((len(found.errors), len(found.warnings),
                        str(title.get("fr") if hasattr(title, "get") else title)))
    flows = Flow.objects.bulk_create(
        Flow(place=places[n % PLACES], slug=f"parcours-{n:03d}",
             title=checked[n % len(sources)][2], shared=n % SHARED_EVERY == 0)
        for n in range(FLOWS))
    versions = []
    for n, flow in enumerate(flows):
        text = _ID_LINE.sub(f"id: {flow.slug}", sources[n % len(sources)], count=1)
        errors, warnings, _title = checked[n % len(sources)]
        for number, version_text in ((1, text), (2, text.replace("\n", "\n# relu\n", 1))):
            versions.append(Version(flow=flow, number=number, text=version_text,
                                    author=accounts[n % ACCOUNTS], note="banc d'essai",
                                    errors=errors, warnings=warnings))
    Version.objects.bulk_create(versions)
    print(f"{FLOWS} parcours (2 versions chacun), {ACCOUNTS} comptes, {PLACES} lieux créés "
          f"en {time.perf_counter() - start:.1f} s")
    counsellor = next(a for a in accounts if not a.is_coordinator)
    coordinator = next(a for a in accounts if a.is_coordinator)
    mine = Flow.objects.filter(place=counsellor.place).order_by("pk")
    return {"counsellor": counsellor, "coordinator": coordinator, "flow": mine.first(),
            "flows_here": mine.count()}


def serve():  # type: ignore[no-untyped-def]
    from waitress.server import create_server

    from kiosk.studio.wsgi import application

    server = create_server(application, host="127.0.0.1", port=0, threads=8, ident="studio")
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def session(base: str, username: str):  # type: ignore[no-untyped-def]
    import requests

    http = requests.Session()
    http.get(f"{base}/connexion/", timeout=30)
    answer = http.post(f"{base}/connexion/", timeout=30, data={
        "username": username, "password": PASSWORD,
        "csrfmiddlewaretoken": http.cookies["csrftoken"]}, headers={"Referer": base})
    if "Mes parcours" not in answer.text:
        raise RuntimeError(f"connexion impossible pour {username}")
    return http


def step_form_data(flow, step_id: str, title: str) -> dict:  # type: ignore[no-untyped-def]
    """What the step editor's form posts, with a new French title."""
    from kiosk.studio.document import FlowDocument
    from kiosk.studio.editor.forms import StepForm

    document = FlowDocument.parse(flow.latest().text)
    _index, step = document.step(step_id)
    form = StepForm(document, step, document.languages())
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = [str(v) for v in value] if isinstance(value, list) else (
            "" if value is None else str(value))
    data["titre__fr"] = title
    return data


def measure_pages(base: str, facts: dict) -> list[float]:
    import requests

    flow = facts["flow"]
    pk = flow.pk
    step_ids = re.findall(r"^  - id: (\S+)$", flow.latest().text, re.MULTILINE)
    counsellor = session(base, facts["counsellor"].username)
    coordinator = session(base, facts["coordinator"].username)
    anonymous = requests.Session()
    here = facts["flows_here"]
    pages = [
        ("connexion", anonymous, "/connexion/"),
        (f"mes parcours ({here}, conseiller)", counsellor, "/"),
        (f"mes parcours ({FLOWS}, coordination, page 1)", coordinator, "/"),
        (f"mes parcours ({FLOWS}, coordination, page 10)", coordinator, "/?page=10"),
        ("nouveau parcours", counsellor, "/nouveau/"),
        ("importer", counsellor, "/importer/"),
        (f"bibliothèque ({FLOWS // SHARED_EVERY} partagés)", counsellor, "/bibliotheque/"),
        ("pictogrammes", counsellor, "/pictogrammes/"),
        ("pictogrammes : recherche (htmx)", counsellor, "/pictogrammes/?q=fleche"),
        ("un pictogramme (PNG)", counsellor, "/pictogrammes/email.png"),
        (f"comptes ({ACCOUNTS})", coordinator, "/comptes/"),
        ("lieux", coordinator, "/lieux/"),
        ("parcours", counsellor, f"/parcours/{pk}/"),
        ("fichier à la main", counsellor, f"/parcours/{pk}/fichier/"),
        ("versions", counsellor, f"/parcours/{pk}/versions/"),
        ("versions : comparer", counsellor, f"/parcours/{pk}/versions/?a=1&b=2"),
        ("carte des branches (Graphviz)", counsellor, f"/parcours/{pk}/carte/"),
        ("étape (première)", counsellor, f"/parcours/{pk}/etapes/{step_ids[0]}/"),
        ("étape (du milieu)", counsellor,
         f"/parcours/{pk}/etapes/{step_ids[len(step_ids) // 2]}/"),
        ("image de l'étape", counsellor, f"/parcours/{pk}/etapes/{step_ids[0]}/image/"),
        ("télécharger le fichier", counsellor, f"/parcours/{pk}/exporter/"),
        ("une image des assets", counsellor, "/fichiers/pictos/email.png"),
    ]
    worst: list[float] = []
    print(f"\nPages ({REQUESTS} demandes chacune après une de mise en route ; objectif "
          f"95e centile < {PAGE_TARGET_MS} ms)")
    print(f"  {'page':<42} {'médiane':>8} {'95e c.':>8} {'max':>8}")
    for label, http, url in pages:
        first = http.get(base + url, timeout=60)
        if first.status_code != 200:
            print(f"  {label:<42} ÉCHEC : code {first.status_code}")
            worst.append(float("inf"))
            continue
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            answer = http.get(base + url, timeout=60)
            _ = answer.content
            times.append((time.perf_counter() - start) * 1000)
        high = p95(times)
        worst.append(high)
        print(f"  {label:<42} {statistics.median(times):6.1f} ms {high:6.1f} ms "
              f"{max(times):6.1f} ms  {verdict(high, PAGE_TARGET_MS)}")
    # the live part: a step saved through the editor's htmx POST
    step = step_ids[len(step_ids) // 2]
    times, cpu = [], []
    for number in range(REQUESTS + 1):
        data = step_form_data(flow, step, f"Titre changé n°{number}")
        data["csrfmiddlewaretoken"] = counsellor.cookies["csrftoken"]
        start, start_cpu = time.perf_counter(), time.process_time()
        answer = counsellor.post(f"{base}/parcours/{pk}/etapes/{step}/", data=data, timeout=60,
                                 headers={"HX-Request": "true", "Referer": base})
        if number:
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        if "Étape enregistrée" not in answer.text:
            print("  enregistrer une étape : ÉCHEC (pas enregistrée)")
            return worst + [float("inf")]
    high = p95(times)
    worst.append(high)
    print(f"  {'enregistrer une étape (POST htmx)':<42} {statistics.median(times):6.1f} ms "
          f"{high:6.1f} ms {max(times):6.1f} ms  {verdict(high, PAGE_TARGET_MS)}")
    print(f"  (temps de calcul de ce processus, serveur et client, par enregistrement : "
          f"médiane {statistics.median(cpu):.1f} ms ; charge {os.getloadavg()[0]:.1f})")
    return worst


def measure_previews(base: str, facts: dict) -> None:
    flow = facts["flow"]
    pk = flow.pk
    step = re.findall(r"^  - id: (\S+)$", flow.latest().text, re.MULTILINE)[0]
    http = session(base, facts["counsellor"].username)
    start = time.perf_counter()
    first = http.get(f"{base}/parcours/{pk}/etapes/{step}/apercu.png?v=0", timeout=120)
    if first.status_code != 200:
        print(f"\nAperçu : ÉCHEC ({first.status_code} {first.text[:200]})")
        return
    print(f"\nAperçu d'une étape : premier, programme d'aperçu démarré compris : "
          f"{time.perf_counter() - start:.2f} s")
    times = []
    for number in range(EDITS):
        data = step_form_data(flow, step, f"Bienvenue, essai n°{number}")
        data["csrfmiddlewaretoken"] = http.cookies["csrftoken"]
        start = time.perf_counter()
        http.post(f"{base}/parcours/{pk}/etapes/{step}/", data=data, timeout=60,
                  headers={"HX-Request": "true", "Referer": base})
        version = flow.latest().number
        picture = http.get(f"{base}/parcours/{pk}/etapes/{step}/apercu.png?v={version}",
                           timeout=120)
        times.append(time.perf_counter() - start)
        if picture.status_code != 200 or not picture.content.startswith(b"\x89PNG"):
            print(f"  ÉCHEC : {picture.status_code}")
            return
    high = p95(times)
    print(f"Aperçu après une modification ({EDITS} modifications, enregistrement + image "
          f"1280 x 800) : médiane {statistics.median(times):.2f} s, 95e centile {high:.2f} s, "
          f"max {max(times):.2f} s (objectif < {PREVIEW_TARGET_S:.0f} s) "
          f"{verdict(high, PREVIEW_TARGET_S)}")


def measure_publish(base: str, facts: dict, root: Path) -> None:
    from kiosk.studio.document import FlowDocument
    from kiosk.studio.editor import services

    flow = facts["flow"]
    http = session(base, facts["counsellor"].username)
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "bench.studio_kiosk", "--config", str(root / "kiosk.toml")],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=dict(os.environ, SDL_AUDIODRIVER="dummy", KIVY_NO_ARGS="1"))
    lines: queue.Queue[dict] = queue.Queue()

    def read() -> None:
        assert kiosk.stdout is not None
        for line in kiosk.stdout:
            lines.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()
    times = []
    try:
        lines.get(timeout=120)  # the first frame with tiles: the kiosk is up
        for number in range(PUBLISHES):
            title = f"Mesure de publication {number}"
            document = FlowDocument.parse(flow.latest().text)
            document.set_text(document.data, "titre_court", {"fr": title})  # the tile's text
            services.save(flow, document.dump(), facts["counsellor"], "banc d'essai")
            start = time.monotonic()
            answer = http.post(f"{base}/parcours/{flow.pk}/publier/", timeout=60,
                               data={"csrfmiddlewaretoken": http.cookies["csrftoken"]},
                               headers={"Referer": base})
            if "Publié sur la borne" not in answer.text:
                print("Publication : ÉCHEC (refusée)")
                return
            while True:
                seen = lines.get(timeout=60)
                if any(title == tile for tile in seen["tiles"]):
                    times.append(seen["t"] - start)
                    break
    except queue.Empty:
        print("Publication : ÉCHEC (la borne n'a pas montré le parcours en 60 s)")
        return
    finally:
        kiosk.terminate()
        try:
            kiosk.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()
    high = p95(times)
    print(f"\nPublier jusqu'à l'écran de la borne ({PUBLISHES} publications, l'observateur des "
          f"parcours de la borne regarde le dossier toutes les 2 s) : médiane "
          f"{statistics.median(times):.2f} s, 95e centile {high:.2f} s, max {max(times):.2f} s "
          f"(objectif < {PUBLISH_TARGET_S:.0f} s) {verdict(high, PUBLISH_TARGET_S)}")


def main() -> int:
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    logging.getLogger("PIL").setLevel(logging.INFO)  # no chunk-by-chunk PNG debug lines
    root = Path(tempfile.mkdtemp(prefix="bench-studio-"))
    server = None
    saved = {name: os.environ.get(name) for name in ("KIOSK_CONFIG", "DJANGO_SETTINGS_MODULE")}
    try:
        prepare(root)
        facts = fill()
        server, base = serve()
        measure_pages(base, facts)
        measure_previews(base, facts)
        measure_publish(base, facts, root)
    finally:
        if server is not None:
            server.close()
        from django.conf import settings

        from kiosk.studio.preview import shared

        shared(settings.ASSETS_DIR, settings.PREVIEW_DIR).close()
        shutil.rmtree(root, ignore_errors=True)
        for name, value in saved.items():  # the next benchmarks see the environment as it was
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return 0


if __name__ == "__main__":
    sys.exit(main())
