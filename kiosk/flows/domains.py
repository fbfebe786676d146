"""Web addresses a flow may show: plain-ASCII host names, and a list of known official domains.

A visitor trusts what the kiosk shows, so an address that only looks like an official one
must never pass silently:

- the host name is plain ASCII letters, digits, hyphens and dots (no ``ı``, no Kelvin sign
  ``K``, no long ``ſ``, which Python's case-insensitive patterns take for i, k and s), and no
  label is an encoded international name (``xn--``);
- the whole address is printable ASCII (a path is written with %-codes if needed);
- the host is one of the known official domains (``config/domaines-officiels.txt``, plus a
  site's own in the ``domaines_officiels`` setting) or a subdomain of one; anything else
  (``ameli.fr.securite-compte-assure.com``) is a warning that ``--strict`` makes an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent.parent / "config" / "domaines-officiels.txt"
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.ASCII)
_TLD = re.compile(r"^[a-z]{2,24}$", re.ASCII)
_PATH = re.compile(r"^[!#-;=?-~]*$", re.ASCII)  # printable ASCII but space, quotes, < and >
MAX_ADDRESS = 2000


def read_domains(path: Path = SHIPPED) -> tuple[str, ...]:
    """The domains of a list file: one a line, ``#`` starts a comment; none when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    found = []
    for line in text.splitlines():
        name = line.split("#", 1)[0].strip().lower()
        if name and host_problem(name) is None:
            found.append(name)
    return tuple(found)


def known_domains(extra: Iterable[str] = ()) -> tuple[str, ...]:
    return read_domains() + tuple(d.strip().lower() for d in extra)


def _shown(char: str) -> str:
    return f"« {char} » (U+{ord(char):04X})" if char.isprintable() else f"U+{ord(char):04X}"


def host_problem(host: str) -> str | None:
    """Why ``host`` is not a plain-ASCII host name (French), or None."""
    for char in host:
        if not char.isascii():
            return (f"le nom du site contient {_shown(char)}, une lettre qui peut imiter une "
                    "lettre ordinaire : écrivez-le en lettres simples, sans accent.")
    labels = host.split(".")
    if len(labels) < 2 or not _TLD.match(labels[-1]):
        return "le nom du site doit finir par un domaine comme .fr ou .com."
    for label in labels:
        if label.startswith("xn--"):
            return (f"« {label} » est un nom international codé, qui peut imiter un autre "
                    "site : donnez l'adresse du site officiel en lettres simples.")
        if not _LABEL.match(label):
            return (f"« {label} » n'est pas un nom de site valable (lettres minuscules, "
                    "chiffres et tirets).")
    return None


def address_problem(address: str) -> str | None:
    """Why ``address`` may not be shown (French), or None. Linear in its length."""
    if len(address) > MAX_ADDRESS:
        return f"l'adresse est trop longue ({len(address)} caractères, {MAX_ADDRESS} au plus)."
    if not address.lower().startswith("https://"):
        return "l'adresse d'un site doit commencer par https://"
    rest = address[len("https://"):]
    cut = min((rest.index(c) for c in "/?#" if c in rest), default=len(rest))
    host, path = rest[:cut], rest[cut:]
    if "@" in host or ":" in host:
        return ("l'adresse ne doit contenir ni « @ » ni « : » avant le nom du site (ces "
                "signes servent à déguiser une adresse).")
    problem = host_problem(host.lower()) if host.isascii() else host_problem(host)
    if problem is not None:
        return problem
    for char in path:
        if not char.isascii() or not _PATH.match(char):
            return (f"l'adresse contient {_shown(char)}, un caractère interdit dans une "
                    "adresse : écrivez-la en lettres simples (les autres caractères en "
                    "codes %).")
    return None


def is_official(address: str, domains: Iterable[str]) -> bool:
    rest = address[len("https://"):]
    cut = min((rest.index(c) for c in "/?#" if c in rest), default=len(rest))
    host = rest[:cut].lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)
