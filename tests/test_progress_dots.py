"""The step's progress dots: three meshes made once, whatever the number of steps."""

from __future__ import annotations

import math

from ui_helpers import make_app, run_app, settle

from kiosk.ui.widgets.common import add_disc, add_ring, dot_segments, unit_circle


def points(vertices: list[float]) -> list[tuple[float, float]]:
    return [(vertices[i], vertices[i + 1]) for i in range(0, len(vertices), 4)]


def test_a_disc_is_a_fan_around_its_centre() -> None:
    mesh: tuple[list[float], list[int]] = ([], [])
    add_disc(mesh, 100.0, 50.0, 10.0, unit_circle(16))
    add_disc(mesh, 200.0, 50.0, 10.0, unit_circle(16))
    vertices, indices = mesh
    assert len(points(vertices)) == 2 * 17
    assert len(indices) == 2 * 16 * 3
    assert points(vertices)[0] == (100.0, 50.0) and points(vertices)[17] == (200.0, 50.0)
    rim = [math.dist(p, (100.0, 50.0)) for p in points(vertices)[1:17]]
    assert all(abs(d - 10.0) < 1e-9 for d in rim)
    assert indices[:6] == [0, 1, 2, 0, 2, 3]
    assert indices[45:48] == [0, 16, 1]  # the last triangle closes the fan
    assert indices[48:51] == [17, 18, 19]  # the second disc's own vertices
    assert max(indices) == 33


def test_a_ring_lies_between_its_two_radii() -> None:
    mesh: tuple[list[float], list[int]] = ([], [])
    add_ring(mesh, 0.0, 0.0, (8.5, 11.5), unit_circle(20))
    vertices, indices = mesh
    distances = sorted(round(math.dist(p, (0.0, 0.0)), 9) for p in points(vertices))
    assert distances == [8.5] * 20 + [11.5] * 20
    assert len(indices) == 20 * 6 and max(indices) == 39 and min(indices) == 0
    assert indices[-6:] == [38, 39, 1, 38, 1, 0]  # the last quad closes the ring


def test_dot_segments_stay_between_16_and_96() -> None:
    assert [dot_segments(r) for r in (2, 8, 20, 48, 100)] == [16, 16, 40, 96, 96]


def test_the_dots_keep_three_meshes_as_the_visitor_walks_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)
    seen: list[tuple] = []

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow("ecran-tactile")
        dots = app.step_screen.ids.dots
        meshes = (dots._filled, dots._empty, dots._rings)
        for _ in range(3):
            yield from settle(app)
            walker = app.visit.walker
            segments = dot_segments(max(6.0, min(dots.height * 0.35,
                                                 dots.width / walker.total * 0.35)))
            kinds = [type(i).__name__ for i in dots.canvas.after.children]
            seen.append((walker.number, walker.total, kinds.count("Mesh"),
                         (dots._filled, dots._empty, dots._rings) == meshes,
                         len(dots._filled.vertices) // 4 // (segments + 1),
                         len(dots._empty.vertices) // 4 // (segments + 1),
                         len(dots._rings.vertices) // 4 // (2 * segments)))
            app.controller.next()

    run_app(app, script)
    total = seen[0][1]
    assert seen == [(number, total, 3, True, number, total - number, total)
                    for number in (1, 2, 3)]
