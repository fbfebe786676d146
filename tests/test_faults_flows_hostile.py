"""Hostile things dropped into the flows folder, made for real: a symbolic link loop, a link
to /dev/zero, a FIFO with no writer, thousands of files, one enormous word. Each is refused
with its file, line and French message, and never stops the other flows, ``kiosk validate``,
``kiosk run``'s loading nor the running kiosk's watcher. (What each costs in time and memory
is measured by ``make bench``, bench/bench_hostile.py, not asserted here.)"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from flowfixtures import MINIMAL, make_assets

from kiosk.cli import main
from kiosk.flows import checks
from kiosk.flows.files import MAX_FLOW_FILES
from kiosk.flows.library import FlowLibrary
from kiosk.flows.loader import load_flows
from kiosk.flows.watcher import FlowWatcher

LOOP = ("c'est un lien symbolique qui tourne en boucle (il mène à lui-même) : supprimez-le et "
        "copiez le vrai fichier dans le dossier.")
OUTSIDE = ("c'est un lien symbolique qui mène en dehors du dossier des parcours : la borne ne le "
           "suit pas. Copiez le vrai fichier dans le dossier.")
NOT_REGULAR = ("ce n'est pas un fichier ordinaire (tube, périphérique, dossier…) : la borne ne "
               "lit que de vrais fichiers .yaml.")


def hostile_folder(tmp_path: Path) -> Path:
    """A flows folder with one good flow and every hostile kind of entry, for real."""
    folder = tmp_path / "parcours"
    folder.mkdir()
    (folder / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    os.symlink("b.yaml", folder / "a.yaml")  # a -> b -> a
    os.symlink("a.yaml", folder / "b.yaml")
    os.symlink("/dev/zero", folder / "zero.yaml")
    os.mkfifo(folder / "tube.yaml")
    os.symlink("bon.yaml", folder / "lien-interne.yaml")  # inside the folder: followed
    return folder


def messages(folder: Path, flowset) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.path.relative_to(folder)}:{p.line}: {p.message}" for p in flowset.problems]


def test_every_hostile_entry_is_refused_and_the_good_flow_stays(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    flowset = load_flows(folder, make_assets(tmp_path))
    assert sorted(flowset.flows) == ["essai"]
    assert messages(folder, flowset) == [
        f"a.yaml:1: {LOOP}", f"b.yaml:1: {LOOP}",
        "lien-interne.yaml:1: l'identifiant de parcours « essai » est déjà utilisé par bon.yaml "
        ": changez l'un des deux.",
        f"tube.yaml:1: {NOT_REGULAR}", f"zero.yaml:1: {OUTSIDE}"]


def test_a_link_named_directly_must_still_be_a_regular_file(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    flowset = load_flows(tmp_path / "zero.yaml", make_assets(tmp_path))
    assert [p.message for p in flowset.problems] == [NOT_REGULAR]


def test_validate_reports_them_with_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = hostile_folder(tmp_path)
    make_assets(tmp_path)
    (tmp_path / "kiosk.toml").write_text('flows_dir = "parcours"\nassets_dir = "assets"\n',
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--config", "kiosk.toml"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[0] == f"parcours/a.yaml:1: erreur : {LOOP}"
    assert out.splitlines()[-1] == "1 parcours valable, 6 fichiers lus, 5 erreurs, 0 avertissement."
    assert folder.is_dir()


def test_thousands_of_files_only_the_first_ones_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "parcours"
    folder.mkdir()
    (folder / "0000-bon.yaml").write_text(MINIMAL, encoding="utf-8")
    for number in range(1, 5000):
        (folder / f"{number:04d}.yaml").write_bytes(b"")
    flowset = load_flows(folder, make_assets(tmp_path))
    assert sorted(flowset.flows) == ["essai"]
    assert flowset.problems[0].message == (
        f"le dossier contient 5000 fichiers de parcours, {MAX_FLOW_FILES} au plus : les "
        f"fichiers après « {MAX_FLOW_FILES - 1:04d}.yaml » ne sont pas lus. Rangez les autres "
        "ailleurs.")
    assert len(flowset.problems) == MAX_FLOW_FILES  # the folder's, and one a file read but one


def test_one_enormous_word_is_counted_as_one_word() -> None:
    word = "a" * 128_000
    assert checks.words(f"Allez sur ameli.fr puis {word} et nom@mail.fr.") == [
        "Allez", "sur", "x", "puis", word, "et", "x"]


def test_the_library_keeps_reloading_past_a_loop(tmp_path: Path) -> None:
    folder = tmp_path / "parcours"
    folder.mkdir()
    assets = make_assets(tmp_path)
    (folder / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    library = FlowLibrary(folder, assets, load_flows(folder, assets))
    os.symlink("a.yaml", folder / "a.yaml")
    os.mkfifo(folder / "tube.yaml")
    assert library.refresh() is True
    (folder / "nouveau.yaml").write_text(MINIMAL.replace("id: essai", "id: nouveau"),
                                         encoding="utf-8")
    assert library.refresh() is True
    assert sorted(library.flowset.flows) == ["essai", "nouveau"]
    assert [p.message for p in library.flowset.errors] == [LOOP, NOT_REGULAR]


def test_the_watcher_thread_hands_each_new_set_back(tmp_path: Path) -> None:
    """The real thread: hostile entries and a new flow dropped in; each new set comes back
    through ``deliver`` (on the watcher's thread), and the thread is still alive after."""
    folder = tmp_path / "parcours"
    folder.mkdir()
    assets = make_assets(tmp_path)
    (folder / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    delivered: list = []
    arrived = threading.Event()

    def deliver(flowset) -> None:  # type: ignore[no-untyped-def]
        delivered.append((threading.current_thread().name, flowset))
        arrived.set()

    watcher = FlowWatcher(folder, assets, load_flows(folder, assets), deliver, interval=3600)
    watcher.start()
    try:
        os.symlink("a.yaml", folder / "a.yaml")
        os.mkfifo(folder / "tube.yaml")
        os.symlink("/dev/zero", folder / "zero.yaml")
        (folder / "nouveau.yaml").write_text(MINIMAL.replace("id: essai", "id: nouveau"),
                                             encoding="utf-8")
        watcher.look_now()
        assert arrived.wait(60)
        name, flowset = delivered[-1]
        assert name == "flow-watcher"
        assert sorted(flowset.flows) == ["essai", "nouveau"]
        assert [p.message for p in flowset.errors] == [LOOP, NOT_REGULAR, OUTSIDE]
        arrived.clear()
        shutil.copy(folder / "bon.yaml", folder / "encore.yaml")  # a second change, same thread
        (folder / "encore.yaml").write_text(MINIMAL.replace("id: essai", "id: encore"),
                                            encoding="utf-8")
        watcher.look_now()
        assert arrived.wait(60)
        assert sorted(delivered[-1][1].flows) == ["encore", "essai", "nouveau"]
    finally:
        watcher.stop()
    assert watcher._thread is not None and not watcher._thread.is_alive()
    assert time.monotonic() > 0
