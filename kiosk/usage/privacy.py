"""Statistical secrecy for published counts: no count from 1 to 4 can be computed.

A published table is a set of *cells* (counts) tied by *equations* (a total is the sum of
its parts: a month's visits are the sum of its hours, a flow's visits the sum of its
outcomes...). A cell from 1 to 4 is hidden (primary suppression). Hiding it is not
enough when the equations give it back (a total minus the other parts), so more cells are
hidden (secondary suppression) until each small cell is **proven** safe:

A hidden small cell is safe when another table exists that agrees with every published
number and every equation, whose hidden cells are all at least 1 (never below what a
reader could assume), and in which that cell is 5 or more. Whoever reads the publication
cannot tell the two tables apart, so cannot tell whether the cell is small, let alone its
value. :func:`protect` builds such a table for each small cell (a search along the
equations, checked cell by cell afterwards); when it finds none, it hides one more cell
and tries again. Hidden cells all show the same mark (:data:`HIDDEN_MARK`), so a reader cannot
tell a small cell from one hidden to protect it.

Every month is protected on its own, from its own cells: the same month gives the same
published numbers in every place (screen, ``kiosk stats``, report, export), and two
publications of different months share no cell, so no difference between them tells more
than each says.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

Key = Hashable
HIDDEN_MARK = "s"
"""How a hidden count is written everywhere (« secret statistique »)."""
THRESHOLD = 5
SEARCH_BUDGET = 4000  # steps of the search for one cell's other table
LOOKAHEAD = 12  # cells tried as the next one to hide


@dataclass(frozen=True)
class Equation:
    """``sum(parts) == total`` (``total`` may itself be a sum of several cells)."""

    parts: tuple[Key, ...]
    total: tuple[Key, ...]

    def coefficients(self) -> dict[Key, int]:
        coef: dict[Key, int] = {}
        for key in self.parts:
            coef[key] = coef.get(key, 0) + 1
        for key in self.total:
            coef[key] = coef.get(key, 0) - 1
        return {k: c for k, c in coef.items() if c}


@dataclass
class Table:
    """Cells with their true values, the equations between them, and cells that are never
    published but could be computed (``internal``: treated as hidden, protected too)."""

    values: dict[Key, int] = field(default_factory=dict)
    equations: list[Equation] = field(default_factory=list)
    internal: set[Key] = field(default_factory=set)

    def cell(self, key: Key, value: int) -> Key:
        self.values[key] = int(value)
        return key

    def equal(self, parts: Iterable[Key], total: Iterable[Key]) -> None:
        parts, total = tuple(parts), tuple(total)
        for key in (*parts, *total):
            self.values.setdefault(key, 0)
        self.equations.append(Equation(parts, total))


def small(value: int) -> bool:
    return 1 <= value < THRESHOLD


def protect(table: Table) -> frozenset[Key]:
    """The cells to hide: every small cell, and enough others that none can be computed."""
    values = table.values
    coefs = [e.coefficients() for e in table.equations]
    of_cell: dict[Key, list[int]] = {}
    for index, coef in enumerate(coefs):
        for key in coef:
            of_cell.setdefault(key, []).append(index)
    hidden = {k for k, v in values.items() if small(v)} | set(table.internal)
    sensitive = sorted((k for k in hidden if small(values[k])), key=repr)
    changed = True
    while changed:
        changed = False
        for key in sensitive:
            while _other_table(key, values, coefs, of_cell, hidden) is None:
                extra = _next_to_hide(key, values, coefs, of_cell, hidden)
                if extra is None:
                    break
                hidden.add(extra)
                changed = True
    return frozenset(hidden - set(table.internal))


def _other_table(key: Key, values: Mapping[Key, int], coefs: list[dict[Key, int]],
                 of_cell: Mapping[Key, list[int]], hidden: set[Key]) -> dict[Key, int] | None:
    """Changes to the hidden cells that keep every equation and make ``key`` 5 or more;
    None when the search finds none."""
    shift = {key: THRESHOLD - values[key]}
    budget = [SEARCH_BUDGET]

    def floor(k: Key) -> int:
        return min(values[k], 1)

    def moved(imbalance: Mapping[int, int], k: Key, move: int) -> dict[int, int]:
        """The equations' imbalances once ``k`` moves by ``move`` (only k's change)."""
        result = dict(imbalance)
        for index in of_cell.get(k, ()):
            result[index] = result.get(index, 0) + coefs[index][k] * move
        return result

    def search(delta: dict[Key, int], imbalance: dict[int, int], depth: int
               ) -> dict[Key, int] | None:
        """``imbalance``: sum of coefficient × change of each equation with a changed
        cell (kept as cells are added, rather than summed again at each step)."""
        budget[0] -= 1
        if budget[0] < 0 or depth > 12:
            return None
        open_eqs = [i for i, rest in imbalance.items() if rest]
        if not open_eqs:
            return delta
        options = []
        for index in open_eqs:  # the equation with the fewest ways to close first
            rest = imbalance[index]
            moves = [(k, -rest // c) for k, c in coefs[index].items()
                     if k in hidden and k not in delta and rest % c == 0
                     and values[k] - rest // c >= floor(k)]
            options.append((len(moves), index, moves))
        _count, _index, moves = min(options, key=lambda o: (o[0], o[1]))
        moves.sort(key=lambda m: (len(of_cell.get(m[0], ())), -values[m[0]], repr(m[0])))
        for k, move in moves:
            found = search({**delta, k: move}, moved(imbalance, k, move), depth + 1)
            if found is not None:
                return found
        return None

    found = search(shift, moved({}, key, shift[key]), 0)
    if found is None or not _checks(found, values, coefs, hidden):
        return None
    return found


def _checks(delta: Mapping[Key, int], values: Mapping[Key, int], coefs: list[dict[Key, int]],
            hidden: set[Key]) -> bool:
    """The other table, checked on its own: only hidden cells move, none below 1 (or 0 for
    a zero), every equation holds."""
    if any(k not in hidden or values[k] + d < min(values[k], 1) for k, d in delta.items()):
        return False
    return all(sum(c * delta.get(k, 0) for k, c in coef.items()) == 0 for coef in coefs)


def _next_to_hide(key: Key, values: Mapping[Key, int], coefs: list[dict[Key, int]],
                  of_cell: Mapping[Key, list[int]], hidden: set[Key]) -> Key | None:
    """A published cell to hide next: in an equation of ``key`` or of the hidden cells it
    is tied to; a non-zero one, in few equations, as small as possible."""
    seen, todo, candidates = {key}, [key], set()
    while todo:
        current = todo.pop()
        for index in of_cell.get(current, ()):
            for k in coefs[index]:
                if k in seen:
                    continue
                seen.add(k)
                if k in hidden:
                    todo.append(k)
                else:
                    candidates.add(k)
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda k: (values[k] == 0, len(of_cell.get(k, ())),
                                               values[k], repr(k)))
    for k in ranked[:LOOKAHEAD]:  # one that protects the cell at once, if there is one
        if _other_table(key, values, coefs, of_cell, hidden | {k}) is not None:
            return k
    return ranked[0]


def shown(value: int, key: Key, hidden: frozenset[Key] | set[Key]) -> str:
    """A count as published: the number, or :data:`HIDDEN_MARK`."""
    return HIDDEN_MARK if key in hidden else str(value)
