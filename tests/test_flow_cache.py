"""The cache of validated flows (kiosk/flows/cache.py): same results as a full load, always."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from flowfixtures import COMPLETE, MINIMAL, make_assets

from kiosk.flows.cache import CACHE_NAME, FlowCache, flow_from_data, flow_to_data, load_flows_cached
from kiosk.flows.loader import load_flow_file, load_flows

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(flows folder with two good flows, assets folder, data folder)."""
    assets = make_assets(tmp_path)
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "essai.yaml").write_text(MINIMAL, encoding="utf-8")
    shutil.copy(COMPLETE, flows / "complet.yaml")
    return flows, assets, tmp_path / "data"


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert list(a.flows) == list(b.flows)
    for flow_id, flow in a.flows.items():
        other = b.flows[flow_id]
        assert flow == other
        assert dict(flow.lines) == dict(other.lines)
        assert [dict(s.lines) for s in flow.steps] == [dict(s.lines) for s in other.steps]
    assert [p.format() for p in a.problems] == [p.format() for p in b.problems]


def _cache(data: Path, assets: Path, flows: Path) -> FlowCache:
    cache = FlowCache(data / CACHE_NAME, assets)
    load_flows(flows, assets, cache=cache)
    return cache


def test_every_bundled_flow_comes_back_identical(tmp_path: Path) -> None:
    flows, assets = REPO / "config" / "flows", REPO / "assets"
    full = load_flows(flows, assets)
    first = load_flows_cached(flows, assets, tmp_path)
    second = load_flows_cached(flows, assets, tmp_path)
    _same(full, first)
    _same(full, second)
    for flow in full.flows.values():
        assert flow_from_data(json.loads(json.dumps(flow_to_data(flow)))) == flow


def test_unchanged_files_are_not_read_again(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    first = _cache(data, assets, flows)
    first.save()
    second = _cache(data, assets, flows)
    assert (first.hits, first.misses) == (0, 2)
    assert (second.hits, second.misses) == (2, 0)


def test_the_cache_is_plain_json_in_the_data_folder(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    stored = json.loads((data / CACHE_NAME).read_text(encoding="utf-8"))
    assert sorted(Path(k).name for k in stored["files"]) == ["complet.yaml", "essai.yaml"]
    assert stored["header"]["format"] == 1


def test_a_changed_file_is_read_again(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    (flows / "essai.yaml").write_text(MINIMAL.replace("titre: Essai", "titre: Essai changé"),
                                      encoding="utf-8")
    cache = _cache(data, assets, flows)
    assert (cache.hits, cache.misses) == (1, 1)
    assert load_flows_cached(flows, assets, data).flows["essai"].title.fr == "Essai changé"


def test_same_size_new_mtime_is_read_again(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    path = flows / "essai.yaml"
    path.write_text(MINIMAL.replace("Bonjour.", "Bonsoir."), encoding="utf-8")  # same size
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    result = load_flows_cached(flows, assets, data)
    assert result.flows["essai"].step("debut").text.fr == "Bonsoir."


def test_a_file_broken_after_caching_is_refused_exactly_as_validate_says(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    (flows / "essai.yaml").write_text(MINIMAL.replace("duree: 5", "duree: cinq"),
                                      encoding="utf-8")
    cached = load_flows_cached(flows, assets, data)
    full = load_flows(flows, assets)
    assert "essai" not in cached.flows
    assert full.errors
    _same(full, cached)


def test_files_with_problems_are_never_cached(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    (flows / "essai.yaml").write_text(MINIMAL.replace("duree: 5", "duree: cinq"),
                                      encoding="utf-8")
    full = load_flows(flows, assets)
    for _ in range(2):
        cache = _cache(data, assets, flows)
        cache.save()
        _same(full, load_flows_cached(flows, assets, data))
    assert (cache.hits, cache.misses) == (1, 1)
    stored = json.loads((data / CACHE_NAME).read_text(encoding="utf-8"))
    assert [Path(k).name for k in stored["files"]] == ["complet.yaml"]


def test_a_picture_removed_after_caching_refuses_the_flow(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    (assets / "pictos" / "email.png").unlink()
    cached = load_flows_cached(flows, assets, data)
    full = load_flows(flows, assets)
    assert "essai" not in cached.flows
    _same(full, cached)


def test_a_picture_replaced_after_caching_is_checked_again(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    (assets / "pictos" / "email.png").write_text("plus une image\n")
    cached = load_flows_cached(flows, assets, data)
    _same(load_flows(flows, assets), cached)
    assert "essai" not in cached.flows


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b'{"header": 3}',
                                    b'{"header": null, "files": {"x": 1}}'])
def test_a_damaged_cache_is_ignored_and_rewritten(folder, damage: bytes) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    data.mkdir()
    (data / CACHE_NAME).write_bytes(damage)
    _same(load_flows(flows, assets), load_flows_cached(flows, assets, data))
    assert json.loads((data / CACHE_NAME).read_text(encoding="utf-8"))["files"]


def test_a_damaged_entry_is_read_again(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    stored = json.loads((data / CACHE_NAME).read_text(encoding="utf-8"))
    for entry in stored["files"].values():
        entry["flow"]["steps"][0]["kind"] = "inconnu"
    (data / CACHE_NAME).write_text(json.dumps(stored), encoding="utf-8")
    cache = _cache(data, assets, flows)
    assert (cache.hits, cache.misses) == (0, 2)
    _same(load_flows(flows, assets), load_flows_cached(flows, assets, data))


def test_new_validator_code_invalidates_everything(folder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    import kiosk.flows.cache as cache_module

    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: [["loader.py", 1, 2]])
    cache = _cache(data, assets, flows)
    assert (cache.hits, cache.misses) == (0, 2)


def test_removed_files_leave_the_cache(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    load_flows_cached(flows, assets, data)
    (flows / "essai.yaml").unlink()
    load_flows_cached(flows, assets, data)
    stored = json.loads((data / CACHE_NAME).read_text(encoding="utf-8"))
    assert [Path(k).name for k in stored["files"]] == ["complet.yaml"]


def test_the_loader_function_is_what_reads_on_a_miss(folder) -> None:  # type: ignore[no-untyped-def]
    flows, assets, data = folder
    cache = FlowCache(data / CACHE_NAME, assets)
    read = []

    def reader(path: Path, assets_dir: Path):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return load_flow_file(path, assets_dir)

    cache.load(flows / "essai.yaml", reader)
    cache.load(flows / "essai.yaml", reader)
    assert read == ["essai.yaml"]
