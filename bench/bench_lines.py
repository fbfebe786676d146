"""Lines of code of ``kiosk/ui/`` and of the whole ``kiosk`` package, before and now.

"Before" is commit fa1ea2e, the last one before issue 14 (back to stock Kivy), read with
``git ls-tree`` and ``git cat-file``; "now" is the working tree. Every line of the ``.py``
and ``.kv`` files counts (blank lines and comments too); ``__pycache__`` is not code.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.settings import REPO_ROOT

BEFORE = "fa1ea2e"
"""The last commit before issue 14."""
PACKAGE = "kiosk"
UI = "kiosk/ui"
SUFFIXES = (".py", ".kv")


@dataclass(frozen=True)
class Count:
    files: int
    lines: int


def count(files: dict[str, bytes], under: str, suffix: str) -> Count:
    """Files ending in ``suffix`` below folder ``under`` (POSIX paths), and their lines."""
    chosen = [data for path, data in files.items()
              if PurePosixPath(path).is_relative_to(under) and path.endswith(suffix)
              and "__pycache__" not in PurePosixPath(path).parts]
    return Count(len(chosen), sum(_lines(data) for data in chosen))


def _lines(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def working_files(repo: Path) -> dict[str, bytes]:
    root = repo / PACKAGE
    return {path.relative_to(repo).as_posix(): path.read_bytes()
            for suffix in SUFFIXES for path in root.rglob(f"*{suffix}")
            if "__pycache__" not in path.parts}


def commit_files(repo: Path, commit: str) -> dict[str, bytes]:
    """The package's ``.py`` and ``.kv`` files at ``commit`` (RuntimeError when git cannot
    read them: not a git checkout, or the commit is not in it)."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", commit,
                             "--", PACKAGE], capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        raise RuntimeError(listed.stderr.strip() or f"git ls-tree {commit} a échoué")
    paths = [p for p in listed.stdout.splitlines() if p.endswith(SUFFIXES)]
    request = "".join(f"{commit}:{path}\n" for path in paths).encode()
    done = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], input=request,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace").strip())
    files, data, position = {}, done.stdout, 0
    for path in paths:
        header_end = data.index(b"\n", position)
        size = int(data[position:header_end].split()[2])
        files[path] = data[header_end + 1:header_end + 1 + size]
        position = header_end + 1 + size + 1
    return files


def rows(before: dict[str, bytes] | None, now: dict[str, bytes]) -> list[str]:
    """The table, one line each for kiosk/ui/ and the package, .py, .kv and both."""
    out = [f"{'':<22} {'avant (' + BEFORE + ')':>27} {'maintenant':>27} {'écart':>8}"]
    for under in (UI, PACKAGE):
        for suffixes in ((".py",), (".kv",), SUFFIXES):
            name = f"{under}/ {'+'.join(s.lstrip('.') for s in suffixes)}"
            after = [count(now, under, s) for s in suffixes]
            lines_now = sum(c.lines for c in after)
            files_now = sum(c.files for c in after)
            if before is None:
                out.append(f"{name:<22} {'?':>27} {lines_now:>7} lignes, {files_now:>3} "
                           f"fichiers {'?':>8}")
                continue
            earlier = [count(before, under, s) for s in suffixes]
            lines_before = sum(c.lines for c in earlier)
            files_before = sum(c.files for c in earlier)
            out.append(f"{name:<22} {lines_before:>7} lignes, {files_before:>3} fichiers "
                       f"{lines_now:>7} lignes, {files_now:>3} fichiers "
                       f"{lines_now - lines_before:>+8}")
    return out


def main(repo: Path = REPO_ROOT) -> int:
    now = working_files(repo)
    try:
        before = commit_files(repo, BEFORE)
    except (RuntimeError, OSError) as error:
        print(f"« avant » illisible ({BEFORE}) : {error}")
        before = None
    print("Lignes de code (.py et .kv, lignes vides et commentaires compris) :")
    for line in rows(before, now):
        print("  " + line)
    return 0 if before is not None else 1


if __name__ == "__main__":
    sys.exit(main())
