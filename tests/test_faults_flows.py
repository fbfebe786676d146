"""Flow files broken, deleted, added or fixed while the kiosk runs, and pictures that vanish.

The files really change on disk; the library and the real app (offscreen) reload them.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from flowfixtures import MINIMAL
from ui_helpers import REPO, FakeClock, run_app, settle, tap

from kiosk.flows.engine import Walker
from kiosk.flows.library import FlowLibrary
from kiosk.flows.loader import load_flows
from kiosk.flows.watcher import POLL_SECONDS
from kiosk.settings import load_settings
from kiosk.ui.app import KioskApp
from kiosk.ui.pictures import FALLBACK_PICTURE
from kiosk.visit import EndReason

ASSETS = REPO / "assets"


def write(path: Path, text: str) -> None:
    """Write and move the modification time on, so even a same-size edit is seen."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    stamp = max(path.stat().st_mtime_ns, before + 1_000_000)
    os.utime(path, ns=(stamp, stamp))


def minimal(flow_id: str, title: str = "Essai") -> str:
    return MINIMAL.replace("id: essai", f"id: {flow_id}").replace("titre: Essai",
                                                                  f"titre: {title}")


def library(tmp_path: Path) -> tuple[Path, FlowLibrary]:
    folder = tmp_path / "flows"
    folder.mkdir()
    write(folder / "a.yaml", minimal("parcours-a", "Parcours A"))
    write(folder / "b.yaml", minimal("parcours-b", "Parcours B"))
    return folder, FlowLibrary(folder, ASSETS, load_flows(folder, ASSETS))


def test_nothing_changed_nothing_reloaded(tmp_path: Path) -> None:
    _folder, lib = library(tmp_path)
    before = lib.flowset.flows["parcours-a"]
    assert lib.refresh() is False
    assert lib.flowset.flows["parcours-a"] is before
    assert lib.flowset.problems == []


def test_a_valid_edit_replaces_the_flow(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    write(folder / "a.yaml", minimal("parcours-a", "Nouveau titre"))
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-a"].title.fr == "Nouveau titre"
    assert lib.flowset.problems == []


def test_a_broken_file_keeps_its_last_good_version(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    good = lib.flowset.flows["parcours-a"]
    write(folder / "a.yaml", "id: parcours-a\ntitre: [pas fermé\n")
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-a"] is good
    assert sorted(lib.flowset.flows) == ["parcours-a", "parcours-b"]
    messages = [(p.line, p.severity.value, p.message) for p in lib.flowset.problems]
    assert messages[-1] == (1, "avertissement", "la borne garde la dernière version valable "
                            "du parcours « parcours-a » tant que ce fichier n'est pas corrigé.")
    assert len(lib.flowset.errors) == 1 and lib.flowset.errors[0].path == folder / "a.yaml"
    # Fixed again: the new version comes in, the problems go.
    write(folder / "a.yaml", minimal("parcours-a", "Corrigé"))
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-a"].title.fr == "Corrigé"
    assert lib.flowset.problems == []


def test_a_file_emptied_or_made_garbage_keeps_its_flow(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    good = lib.flowset.flows["parcours-b"]
    (folder / "b.yaml").write_bytes(os.urandom(3000))
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-b"] is good
    (folder / "b.yaml").write_bytes(b"")
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-b"] is good
    assert [p.message for p in lib.flowset.errors] == ["le fichier est vide."]


def test_a_deleted_file_keeps_its_flow_until_restart(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    good = lib.flowset.flows["parcours-b"]
    (folder / "b.yaml").unlink()
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-b"] is good
    assert [(p.path, p.message) for p in lib.flowset.problems] == [
        ((folder / "b.yaml").resolve(), "le fichier a disparu : la borne garde le parcours "
                                        "« parcours-b » jusqu'à son prochain redémarrage.")]
    assert lib.refresh() is False
    # A fresh start (a new library) no longer has it.
    assert sorted(FlowLibrary(folder, ASSETS).flowset.flows) == ["parcours-a"]


def test_a_new_file_adds_a_flow_and_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    write(folder / "c.yaml", minimal("parcours-c"))
    write(folder / "d.yaml", minimal("parcours-a", "Copie"))
    assert lib.refresh() is True
    assert sorted(lib.flowset.flows) == ["parcours-a", "parcours-b", "parcours-c"]
    assert lib.flowset.flows["parcours-a"].title.fr == "Parcours A"
    assert [p.message for p in lib.flowset.errors] == [
        "l'identifiant de parcours « parcours-a » est déjà utilisé par a.yaml : changez l'un "
        "des deux."]


def test_a_walk_in_progress_keeps_its_own_flow(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    walker = Walker(lib.flowset.flows["parcours-a"])
    walker.start()
    old = walker.flow
    write(folder / "a.yaml", minimal("parcours-a", "Changé pendant la visite"))
    assert lib.refresh() is True
    assert lib.flowset.flows["parcours-a"] is not old
    assert walker.flow is old
    walker.next()
    assert walker.step.id == "fin" and walker.finished


def test_the_flows_folder_removed_altogether(tmp_path: Path) -> None:
    folder, lib = library(tmp_path)
    shutil.rmtree(folder)
    assert lib.refresh() is True
    assert sorted(lib.flowset.flows) == ["parcours-a", "parcours-b"]
    assert [p.message for p in lib.flowset.errors] == ["fichier ou dossier introuvable."]


# -- the real app ---------------------------------------------------------------------------

def make_kiosk(tmp_path: Path) -> tuple[KioskApp, Path, Path]:
    """An app on a copy of two bundled flows and of the assets, both changeable."""
    folder = tmp_path / "flows"
    folder.mkdir()
    for name in ("creer-adresse-email.yaml", "chercher-sur-internet.yaml"):
        shutil.copy(REPO / "config" / "flows" / name, folder / name)
    assets = tmp_path / "assets"
    shutil.copytree(ASSETS, assets)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{folder}"\nassets_dir = "{assets}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    settings = load_settings(config)
    app = KioskApp(settings, load_flows(folder, assets), now=FakeClock())
    return app, folder, assets


def test_app_keeps_guiding_while_its_flow_file_breaks_and_goes(tmp_path: Path) -> None:
    app, folder, _assets = make_kiosk(tmp_path)
    seen: dict[str, object] = {}

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        assert app.flow_watcher.interval == POLL_SECONDS
        tiles = {t.flow_id: t for t in app.home_screen.tiles()}
        tap(tiles["creer-adresse-email"])
        yield from settle(app)
        walker = app.visit.walker
        first = walker.step.id
        # The file of the flow being walked is broken, then deleted, mid-visit.
        write(folder / "creer-adresse-email.yaml", "id: creer-adresse-email\netapes: [\n")
        assert app.reload_flows() is True
        (folder / "chercher-sur-internet.yaml").unlink()
        assert app.reload_flows() is True
        assert app.visit.walker is walker and walker.step.id == first
        tap(app.step_screen.ids.next)
        yield from settle(app)
        seen["moved"] = walker.step.id != first
        app.controller.end(EndReason.HOME)
        yield from settle(app)
        seen["tiles"] = sorted(t.flow_id for t in app.home_screen.tiles())
        seen["problems"] = [p.severity.value for p in app.flowset.problems]

    run_app(app, script)
    assert seen["moved"] is True
    assert seen["tiles"] == ["chercher-sur-internet", "creer-adresse-email"]
    assert seen["problems"] == ["avertissement", "erreur", "avertissement"]


def test_a_new_flow_appears_on_the_home_screen(tmp_path: Path) -> None:
    app, folder, _assets = make_kiosk(tmp_path)
    seen: dict[str, object] = {}

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        write(folder / "essai.yaml", MINIMAL)
        app.reload_flows()
        yield from settle(app)
        seen["tiles"] = sorted(t.flow_id for t in app.home_screen.tiles())

    run_app(app, script)
    assert seen["tiles"] == ["chercher-sur-internet", "creer-adresse-email", "essai"]


def test_a_missing_picture_shows_the_neutral_pictogram(tmp_path: Path) -> None:
    app, _folder, assets = make_kiosk(tmp_path)
    seen: dict[str, object] = {}

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        flow = app.flowset.flows["creer-adresse-email"]
        seen["before"] = app.picture(flow.pictogram)
        (assets / flow.pictogram).unlink()  # deleted while the kiosk runs
        app.home_screen.refresh()
        yield from settle(app)
        tile = next(t for t in app.home_screen.tiles() if t.flow_id == flow.id)
        seen["after"] = tile.icon
        seen["expected_before"] = str(assets / flow.pictogram)

    run_app(app, script)
    assert seen["before"] == seen["expected_before"]
    assert seen["after"] == str(assets / FALLBACK_PICTURE)


def test_hostile_entries_never_stop_the_running_kiosks_watcher(tmp_path: Path) -> None:
    """A symlink loop, a FIFO and a link to /dev/zero dropped into the folder of a running
    kiosk, then a valid flow: the real watcher thread reads them off the interface's thread,
    the visit is not wiped by any error screen, and the new flow appears on the home screen."""
    app, folder, _assets = make_kiosk(tmp_path)
    seen: dict[str, object] = {}

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        os.symlink("boucle.yaml", folder / "boucle.yaml")
        os.mkfifo(folder / "tube.yaml")
        os.symlink("/dev/zero", folder / "zero.yaml")
        write(folder / "essai.yaml", MINIMAL)
        app.flow_watcher.look_now()
        deadline = time.monotonic() + 60  # a bound for a stuck thread, not a measure
        while "essai" not in app.flowset.flows and time.monotonic() < deadline:
            yield
        yield from settle(app)
        seen["tiles"] = sorted(t.flow_id for t in app.home_screen.tiles())
        seen["errors"] = sorted(p.path.name for p in app.flowset.errors)
        seen["overlay"] = app.overlay
        seen["alive"] = app.flow_watcher._thread.is_alive()

    run_app(app, script)
    assert seen["tiles"] == ["chercher-sur-internet", "creer-adresse-email", "essai"]
    assert seen["errors"] == ["boucle.yaml", "tube.yaml", "zero.yaml"]
    assert seen["overlay"] is None and seen["alive"] is True
