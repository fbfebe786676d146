"""Tools on the gettext catalogues, for developers and tests (Babel, no Kivy).

- :func:`fill_source` makes the French catalogues say their msgids (French is the source
  language: its catalogue exists for the plural forms and for the counsellor's space);
- :func:`problems` lists what is wrong in one catalogue: a missing or fuzzy entry, a
  placeholder that differs from the msgid, a wrong number of plural forms, a Plural-Forms
  header that is not the language's, a msgid the code no longer uses;
- :func:`stale_mo` says whether a compiled .mo still matches its .po.

``python -m kiosk.i18n.catalogues fill-source|check`` runs them; ``make translations``
calls both (docs/traduire.md).
"""

from __future__ import annotations

import gettext
import string
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from kiosk.i18n import COUNSELLOR_DOMAIN, DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE

PACKAGE_DIR = LOCALE_DIR.parent
DOMAINS = {
    DOMAIN: {"tr": (1,), "ntr": (1, 2), "N_": (1,), "N_plural": (1, 2)},
    COUNSELLOR_DOMAIN: {"french": (1,), "french_n": (1, 2)},
}
"""Each domain's keywords (Babel's form: positions of the msgids in the call)."""

MsgId = str | tuple[str, ...]


def mapping_file(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.cfg"


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, abort_invalid=True)


def catalogue_path(domain: str, language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def shipped(domain: str) -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po"))


def code_messages(domain: str, keywords: dict[str, tuple[int, ...]] | None = None
                  ) -> dict[MsgId, list[str]]:
    """Every msgid the code uses in ``domain``, with where (``file:line``)."""
    from babel.messages.frontend import parse_mapping_cfg

    with mapping_file(domain).open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: dict[MsgId, list[str]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(PACKAGE_DIR), method_map, options_map,
            keywords=DOMAINS[domain] if keywords is None else keywords,
            strip_comment_tags=True):
        found.setdefault(message, []).append(f"kiosk/{filename}:{line}")
    return found


def fields(text: str) -> set[str]:
    """The ``str.format`` fields of ``text`` by name; ValueError when a brace is broken."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.add(name.split(".")[0].split("[")[0])
    return names


def _forms_values(plural_forms: str, nplurals: int) -> list[set[int]]:
    """For each plural form, the counts (0..1000 and 10**6) that take it."""
    expression = plural_forms.split("plural=", 1)[1].strip().rstrip(";")
    choose = gettext.c2py(expression)
    values: list[set[int]] = [set() for _ in range(nplurals)]
    for n in (*range(1001), 10**6):
        form = choose(n)
        if 0 <= form < nplurals:
            values[form].add(n)
    return values


def _where(message: Message) -> str:
    shown = message.id if isinstance(message.id, str) else message.id[0]
    return f"« {shown} » (ligne {message.lineno})" if message.lineno else f"« {shown} »"


def problems(path: Path, used: Iterable[MsgId] | None = None) -> list[str]:
    """What is wrong in the catalogue at ``path``, one sentence each (empty: all good)."""
    try:
        catalog = read_catalogue(path)
    except Exception as error:  # a broken .po is a finding, not a crash of the check
        return [f"{path}: illisible ({error})"]
    found: list[str] = []
    language = path.parent.parent.name
    nplurals, plural_expr = get_plural(language)
    expected_header = f"nplurals={nplurals}; plural={plural_expr};"
    header = catalog.plural_forms
    if header.replace(" ", "") != expected_header.replace(" ", ""):
        found.append(f"{path}: Plural-Forms « {header} » ; la langue « {language} » demande "
                     f"« {expected_header} »")
    forms = _forms_values(expected_header, nplurals)
    for message in catalog:
        if not message.id:
            continue
        where = f"{path}: {_where(message)}"
        if message.fuzzy:
            found.append(f"{where} est marqué fuzzy : relisez-le et enlevez la marque")
        if message.pluralizable:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if len(strings) != nplurals:
                found.append(f"{where} a {len(strings)} formes de pluriel au lieu de "
                             f"{nplurals}")
            try:
                wanted = fields(message.id[1])
                allowed = wanted | fields(message.id[0])
            except ValueError as error:
                found.append(f"{where} : accolade mal fermée dans le msgid ({error})")
                continue
            for index, text in enumerate(strings):
                if not text:
                    found.append(f"{where} n'est pas traduit (forme {index})")
                    continue
                try:
                    have = fields(text)
                except ValueError as error:
                    found.append(f"{where}, forme {index} : accolade mal fermée ({error})")
                    continue
                unknown = have - allowed
                # A form used only for 0 and 1 may say the number in words.
                missing = set() if index < len(forms) and forms[index] <= {0, 1} \
                    else wanted - have
                if unknown or missing:
                    found.append(f"{where}, forme {index} : champs {sorted(have)} au lieu de "
                                 f"{sorted(wanted)}")
        else:
            if isinstance(message.string, tuple):
                found.append(f"{where} a des formes de pluriel mais pas de msgid_plural")
                continue
            if not message.string:
                found.append(f"{where} n'est pas traduit")
                continue
            try:
                if fields(message.string) != fields(message.id):
                    found.append(f"{where} : champs {sorted(fields(message.string))} au lieu "
                                 f"de {sorted(fields(message.id))}")
            except ValueError as error:
                found.append(f"{where} : accolade mal fermée ({error})")
    if used is not None:
        used = set(used)
        ids = {message.id for message in catalog if message.id}
        for missing in sorted(used - ids, key=str):
            found.append(f"{path}: « {missing} » est utilisé dans le code mais absent ; "
                         f"lancez « make translations »")
        for stale in sorted(ids - used, key=str):
            found.append(f"{path}: « {stale} » n'est plus utilisé dans le code ; "
                         f"lancez « make translations »")
    return found


def fill_source(path: Path) -> int:
    """Make the source-language catalogue say its msgids; returns how many were filled."""
    catalog = read_catalogue(path)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            want = (message.id[0],) + (message.id[1],) * (catalog.num_plurals - 1)
        else:
            want = message.id
        if message.string != want or message.fuzzy:
            message.string = want
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as file:
        write_po(file, catalog, width=100, ignore_obsolete=True)
    return filled


def stale_mo(po_path: Path) -> str:
    """Why the .mo beside ``po_path`` does not match it ("" when it does)."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.is_file():
        return f"{mo_path} manque : lancez « make translations »"
    po = read_catalogue(po_path)
    with mo_path.open("rb") as file:
        mo = read_mo(file)

    def table(catalog: Catalog) -> dict[MsgId, object]:
        def key(value: object) -> object:
            return tuple(value) if isinstance(value, list | tuple) else value
        return {key(m.id): key(m.string) for m in catalog
                if m.id and m.string and not m.fuzzy}
    if table(po) != table(mo) or po.plural_forms != mo.plural_forms:
        return f"{mo_path} ne correspond plus à {po_path.name} : lancez « make translations »"
    return ""


def main(argv: list[str]) -> int:
    if argv[:1] == ["fill-source"]:
        for domain in DOMAINS:
            path = catalogue_path(domain, SOURCE_LANGUAGE)
            print(f"{path}: {fill_source(path)} entrée(s) recopiée(s) du msgid")
        return 0
    if argv[:1] == ["check"]:
        found = []
        for domain in DOMAINS:
            used = code_messages(domain)
            for path in shipped(domain):
                found += problems(path, used)
        print("\n".join(found) or "Catalogues complets.")
        return 1 if found else 0
    print("usage: python -m kiosk.i18n.catalogues fill-source|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
