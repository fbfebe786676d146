"""Which files of a flows folder are read, and how: regular files only, size-capped before
reading, never through a link that leaves the folder (no Kivy, no YAML).

Anything a careless admin or a hostile person can drop into the folder is refused here in a
bounded time and memory, with a French message, before the validator sees a byte of it:

- a symbolic link that loops, that leads nowhere, or that leads out of the folder
  (``/dev/zero``, ``/etc/shadow``, another user's files);
- anything that is not a regular file once opened (a FIFO, a device, a socket, a folder):
  it is opened without blocking (``O_NONBLOCK``), so a FIFO with no writer never hangs;
- a file over :data:`MAX_FILE_BYTES`: its size is checked before reading, and at most that
  many bytes plus one are read whatever the size said (a file that grows while read);
- more than :data:`MAX_FLOW_FILES` files in one folder: the first ones (in name order) are
  read, the others are named in one message and left alone.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import Problem

MAX_FILE_BYTES = 256 * 1024
"""The biggest flow file read (the biggest shipped flow is about 10 KB)."""

MAX_FLOW_FILES = 300
"""The most flow files read in one folder (a home screen shows a few dozen at most)."""

SUFFIXES = (".yaml", ".yml")


class Unreadable(Exception):
    """A flow file that is not read; the message, in French, says why and what to do."""


def flow_files(paths: list[Path]) -> list[Path]:
    """The .yaml/.yml files named, or found directly inside the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix in SUFFIXES and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def listing(paths: list[Path]) -> tuple[list[tuple[Path, Path | None]], list[Problem]]:
    """The flow files to read, each with the folder it must stay inside (None for a file
    named on its own), at most :data:`MAX_FLOW_FILES` a folder; and the problems of the
    folders (missing, unreadable, too many files)."""
    files: list[tuple[Path, Path | None]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            is_dir = path.is_dir()
            if not is_dir and not path.exists():
                problems.append(Problem(path, 0, "fichier ou dossier introuvable."))
                continue
            found = flow_files([path])
        except OSError as error:
            problems.append(Problem(path, 0, f"le dossier ne peut pas être lu "
                                             f"({error.strerror or error})."))
            continue
        if is_dir and len(found) > MAX_FLOW_FILES:
            problems.append(Problem(path, 0, f"le dossier contient {len(found)} fichiers de "
                                             f"parcours, {MAX_FLOW_FILES} au plus : les fichiers "
                                             f"après « {found[MAX_FLOW_FILES - 1].name} » ne "
                                             "sont pas lus. Rangez les autres ailleurs."))
            found = found[:MAX_FLOW_FILES]
        files.extend((file, path if is_dir else None) for file in found)
    return files, problems


def read_flow_bytes(path: Path, folder: Path | None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of one flow file, or :class:`Unreadable` with a French reason.

    ``folder``: the flows folder the file was found in; a symbolic link must lead to a
    regular file inside it. Costs one ``lstat``, one non-blocking ``open`` and at most
    ``limit + 1`` bytes of reading, whatever the file is."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise Unreadable(f"le fichier ne peut pas être lu ({error.strerror}).") from None
    if stat.S_ISLNK(info.st_mode):
        _check_link(path, folder)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | \
        getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable(_LOOP) from None
        raise Unreadable(f"le fichier ne peut pas être lu ({error.strerror}).") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise Unreadable("ce n'est pas un fichier ordinaire (tube, périphérique, "
                             "dossier…) : la borne ne lit que de vrais fichiers .yaml.")
        if opened.st_size > limit:
            raise Unreadable(too_big_message(opened.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Unreadable(too_big_message(size, limit))
        return b"".join(chunks)
    except OSError as error:
        raise Unreadable(f"le fichier ne peut pas être lu ({error.strerror}).") from None
    finally:
        os.close(fd)


_LOOP = ("c'est un lien symbolique qui tourne en boucle (il mène à lui-même) : "
         "supprimez-le et copiez le vrai fichier dans le dossier.")


def _check_link(path: Path, folder: Path | None) -> None:
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11: "Symlink loop from ..."
        raise Unreadable(_LOOP) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable(_LOOP) from None
        raise Unreadable("c'est un lien symbolique vers un fichier qui n'existe pas : "
                         "supprimez-le et copiez le vrai fichier dans le dossier.") from None
    if folder is None:
        return
    try:
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Unreadable("le dossier des parcours ne peut pas être lu.") from None
    if root not in target.parents:
        raise Unreadable("c'est un lien symbolique qui mène en dehors du dossier des "
                         "parcours : la borne ne le suit pas. Copiez le vrai fichier dans "
                         "le dossier.")


def too_big_message(size: int, limit: int = MAX_FILE_BYTES) -> str:
    return (f"le fichier est trop gros ({size // 1024} Ko, {limit // 1024} Ko au plus) : "
            "un parcours tient en quelques Ko ; faites plusieurs parcours.")


def signature(path: Path) -> tuple[int, ...] | None:
    """What tells a changed file apart (the link and what it leads to), without reading it
    and without ever raising; None when nothing is there."""
    try:
        link = os.lstat(path)
    except (OSError, ValueError):
        return None
    try:
        target = os.stat(path)
        seen: tuple[int, ...] = (target.st_ino, target.st_size, target.st_mtime_ns,
                                 target.st_mode)
    except (OSError, ValueError):
        seen = (-1,)
    return (link.st_ino, link.st_mode, link.st_mtime_ns, *seen)
