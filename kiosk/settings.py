"""Every setting of the kiosk, declared once with its default and a one-line help.

Settings are read from a TOML file (``config/kiosk.toml`` by default). Relative
paths in it are resolved against the folder that holds the file, so several
kiosks (or tests) on one machine never share state.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.i18n import languages

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "kiosk.toml"


class SettingsError(Exception):
    """A settings file that cannot be used; the message is for a counsellor."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    is_path: bool = False
    longest: int = 1000
    """A text's most characters, or a list's most items."""
    item: str = ""
    """What each item of a list is: "id" (a flow id) or "domain" (a web domain)."""
    may_be_empty: bool = False
    """A text may be "" (otherwise an empty text is refused)."""
    zero_or_at_least: float | None = None
    """A number that is 0 (automatic) or at least this."""
    form: str = ""
    """What a text must look like: "address" (host:port) or "database" ("" or postgresql://)."""


SETTINGS: tuple[Setting, ...] = (
    Setting("flows_dir", "flows", "Dossier des parcours (fichiers .yaml).", str, is_path=True),
    Setting("assets_dir", "../assets", "Dossier des images et pictogrammes.", str, is_path=True),
    Setting("data_dir", "../data", "Dossier des données de la borne (statistiques, cache).", str,
            is_path=True),
    Setting("lexicon_dir", "lexicon", "Dossier des lexiques de prononciation.", str, is_path=True),
    Setting("language", "fr", "Langue affichée au démarrage et après chaque visite.", str,
            choices=languages()),
    Setting("disabled_flows", [], "Identifiants des parcours désactivés sur cette borne.", list,
            longest=300, item="id"),
    Setting("official_domains", [], "Domaines officiels de votre structure (mairie, "
            "département...), en plus de ceux de config/domaines-officiels.txt.", list,
            longest=200, item="domain"),
    Setting("site_help_message",
            "Un conseiller ou une conseillère va venir vous aider. Restez devant l'écran.",
            "Message montré quand une personne demande de l'aide (où trouver le conseiller).",
            str, longest=300),
    Setting("help_chime", True, "Jouer un petit son discret quand une personne demande de l'aide.",
            bool),
    Setting("idle_timeout", 90, "Secondes sans toucher l'écran avant de demander "
            "« Êtes-vous toujours là ? ».", int, minimum=20, maximum=3600),
    Setting("idle_countdown", 30, "Secondes du compte à rebours avant d'effacer la visite.", int,
            minimum=20, maximum=600),
    Setting("screen_diagonal_inches", 0.0, "Diagonale de l'écran en pouces, si le système ne la "
            "connaît pas (0 : automatique).", float, minimum=0, maximum=120, zero_or_at_least=5),
    Setting("text_size", 1, "Taille du texte au début de chaque visite (1, 2 ou 3).", int,
            choices=(1, 2, 3)),
    Setting("speech_enabled", True, "Lire chaque étape à voix haute au début de chaque visite.",
            bool),
    Setting("speech_rate", "normal", "Vitesse de la voix au début de chaque visite.", str,
            choices=("normal", "lent")),
    Setting("speech_cache_mb", 200, "Taille maximale du cache des voix, en mégaoctets.", int,
            minimum=1, maximum=100000),
    Setting("retention_months", 25, "Mois de conservation des statistiques (25 au plus).", int,
            minimum=1, maximum=25),
    Setting("usb_mount_root", "", "Dossier où les clés USB apparaissent (vide : /media et "
            "/run/media).", str, may_be_empty=True),
    Setting("studio_address", "127.0.0.1:8000", "Adresse et port du studio des conseillers "
            "(kiosk studio).", str, longest=300, form="address"),
    Setting("studio_database", "", "Base de données du studio : vide pour SQLite dans le "
            "dossier des données, ou une adresse postgresql://... pour PostgreSQL.", str,
            may_be_empty=True, longest=1000, form="database"),
)

_BY_NAME = {s.name: s for s in SETTINGS}
MAX_SETTINGS_CHARS = 64 * 1024


@dataclass
class Settings:
    """The resolved settings of one kiosk."""

    values: dict[str, Any]
    config_path: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def path(self, name: str) -> Path:
        return Path(self.values[name])

    def domains(self) -> tuple[str, ...]:
        """The known official domains: the shipped list and this site's own."""
        from kiosk.flows.domains import known_domains

        return known_domains(self.values.get("official_domains", ()))


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key`` is set: ``key =``, ``"key" =``, ``'key' =`` or ``key.x =``."""
    pattern = re.compile(rf"""^\s*(["']?){re.escape(key)}\1\s*[=.]""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _loose_line_of(text: str, key: str) -> int:
    """A key written in an unusual way (escapes, odd spacing): the first line that holds its
    name, else the first line that sets something."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if key in line:
            return number
    return next((n for n, t in enumerate(lines, start=1) if "=" in t and
                 not t.lstrip().startswith("#")), 1)


def _table_line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\[+\s*{re.escape(key)}\s*[\].]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


# What the TOML reader says (English), and what a counsellor should do about it.
_TOML_HINTS = (
    ("Invalid value", "la valeur n'est pas comprise : un texte s'écrit entre guillemets "
                      "droits (\"comme ceci\"), un nombre sans guillemets, oui/non s'écrit "
                      "true ou false"),
    ("Expected '=' after a key", "chaque ligne doit être « nom = valeur » : le signe = "
                                 "manque"),
    ("Invalid statement", "chaque ligne doit être « nom = valeur » (ou un commentaire qui "
                          "commence par #)"),
    ("Expected newline or end of document", "une seule valeur par ligne : la fin de la "
                                            "ligne est en trop"),
    ("Cannot overwrite a value", "ce réglage est écrit deux fois : gardez-en un seul"),
    ("Cannot declare", "cette section est écrite deux fois : gardez-en une seule"),
    ("Illegal character", "un guillemet n'est pas refermé, ou un caractère interdit est "
                          "dans un texte"),
    ('Expected "', "un guillemet ou un crochet n'est pas refermé"),
    ("Unclosed", "un guillemet ou un crochet n'est pas refermé"),
)


def _toml_message(path: Path, text: str, error: Exception) -> str:
    """A TOML syntax error as "file:line: what to do", in French."""
    raw = str(error)
    match = re.search(r"line (\d+)", raw)
    if match:
        line = int(match.group(1))
    else:  # "at end of document": the last line that holds something
        lines = text.rstrip().splitlines()
        line = max(len(lines), 1)
    hint = next((french for english, french in _TOML_HINTS if raw.startswith(english)),
                "la ligne n'est pas écrite comme il faut")
    shown = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
    quoted = f" « {shown} »" if shown else ""
    return (f"{path}:{line}: ce fichier de réglages est mal écrit à la ligne {line}{quoted} : "
            f"{hint}. (Détail : {raw}.)")


_NAMES = {str: "un texte entre guillemets", int: "un nombre entier", bool: "true ou false",
          float: "un nombre", list: "une liste entre crochets [ ]"}
_FLOW_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Control characters, and invisible or direction-changing ones (as refused in flow files).
_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:]{2,39}\]$")
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u061c\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u206f\ufeff]")
PATH_LONGEST = 4096


def _nesting_message(path: Path, text: str) -> str:
    lines = text.splitlines()
    line = next((n for n, t in enumerate(lines, start=1) if t.count("[") + t.count("{") > 50),
                1)
    return (f"{path}:{line}: ce fichier de réglages est mal écrit à la ligne {line} : trop de "
            "crochets les uns dans les autres ; une valeur s'écrit simplement, par exemple "
            "disabled_flows = [\"un-parcours\"].")


def _check(setting: Setting, value: Any, where: str) -> Any:
    """The value if it fits the setting's type and range, else SettingsError (French, with
    the file and line in ``where``)."""
    expected = setting.kind
    name = setting.name
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    ok = isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
    if not ok:
        raise SettingsError(f"{where}: « {name} » doit être {_NAMES[expected]}.")
    if expected is float and not math.isfinite(value):
        raise SettingsError(f"{where}: « {name} » doit être un nombre ordinaire (ni nan ni inf).")
    if isinstance(value, str):
        _check_text(setting, value, where)
    if isinstance(value, list):
        _check_list(setting, value, where)
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(repr(c) if isinstance(c, str) else str(c) for c in setting.choices)
        raise SettingsError(f"{where}: « {name} » doit être l'une de ces valeurs : "
                            f"{allowed}.")
    least = setting.zero_or_at_least
    if least is not None and 0 < value < least:
        raise SettingsError(f"{where}: « {name} » vaut 0 (automatique) ou au moins {least:g}.")
    if setting.minimum is not None and value < setting.minimum:
        raise SettingsError(f"{where}: « {name} » doit être au moins {setting.minimum:g}.")
    if setting.maximum is not None and value > setting.maximum:
        raise SettingsError(f"{where}: « {name} » doit être au plus {setting.maximum:g}.")
    return value


def _check_text(setting: Setting, value: str, where: str) -> None:
    name = setting.name
    if not value.strip() and not setting.may_be_empty:
        what = "un dossier" if setting.is_path else "un texte"
        raise SettingsError(f"{where}: « {name} » est vide : écrivez {what} entre guillemets.")
    longest = PATH_LONGEST if setting.is_path else setting.longest
    if len(value) > longest:
        raise SettingsError(f"{where}: « {name} » est trop long ({len(value)} caractères, "
                            f"{longest} au plus).")
    hidden = _HIDDEN.search(value)
    if hidden is not None:
        raise SettingsError(f"{where}: « {name} » contient un caractère invisible ou de "
                            f"contrôle (U+{ord(hidden.group()):04X}) : retapez-le.")
    if setting.form == "address":
        host, _, port = value.rpartition(":")
        if not (_HOST.match(host) and port.isdigit() and 1 <= int(port) <= 65535):
            raise SettingsError(f"{where}: « {name} » doit être une adresse et un port, par "
                                "exemple \"127.0.0.1:8000\".")
    if setting.form == "database" and value and \
            not value.startswith(("postgresql://", "postgres://")):
        raise SettingsError(f"{where}: « {name} » doit être vide (SQLite) ou une adresse "
                            "qui commence par postgresql://.")


def _check_list(setting: Setting, value: list, where: str) -> None:
    name = setting.name
    if len(value) > setting.longest:
        raise SettingsError(f"{where}: « {name} » a trop d'éléments ({len(value)}, "
                            f"{setting.longest} au plus).")
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise SettingsError(f"{where}: « {name} » : l'élément n°{number} doit être un "
                                "texte entre guillemets, par exemple [\"premier\", \"second\"].")
        if setting.item == "id" and not _FLOW_ID.match(item):
            raise SettingsError(f"{where}: « {name} » : « {item[:80]} » n'est pas un "
                                "identifiant de parcours (lettres minuscules sans accent, "
                                "chiffres et tirets, comme dans le champ « id » du parcours).")
        if setting.item == "domain":
            from kiosk.flows.domains import host_problem

            problem = host_problem(item)
            if problem is not None:
                raise SettingsError(f"{where}: « {name} » : « {item[:80]} » : {problem}")


def load_settings(config: Path | str | None = None, data_dir: Path | str | None = None,
                  **overrides: Any) -> Settings:
    """Read a settings file, check every value, and resolve paths.

    ``config`` None means the default file; a missing default file is not an
    error (all defaults apply), a missing explicit file is.
    """
    explicit = config is not None
    path = Path(config) if explicit else DEFAULT_CONFIG
    raw: dict[str, Any] = {}
    text = ""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SettingsError(f"{path}: le fichier n'est pas en UTF-8.") from None
        if len(text) > MAX_SETTINGS_CHARS:
            raise SettingsError(f"{path}:1: le fichier de réglages est trop gros "
                                f"({len(text) // 1024} Ko, {MAX_SETTINGS_CHARS // 1024} Ko au "
                                "plus) : ce n'est sans doute pas le bon fichier.")
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(_toml_message(path, text, error)) from None
        except RecursionError:  # [[[[... thousands deep: tomllib recurses once a level
            raise SettingsError(_nesting_message(path, text)) from None
    elif explicit:
        raise SettingsError(f"{path}: fichier de réglages introuvable.")
    base = path.resolve().parent
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key, value in raw.items():
        line = _line_of(text, key) or _table_line_of(text, key) or _loose_line_of(text, key)
        where = f"{path}:{line}"
        setting = _BY_NAME.get(key)
        if setting is None and isinstance(value, dict):
            raise SettingsError(f"{where}: la section « [{key}] » n'existe pas : les réglages "
                                "s'écrivent « nom = valeur », sans titre entre crochets.")
        if setting is None:
            raise SettingsError(f"{where}: réglage inconnu « {key} ». Réglages possibles : "
                                f"{', '.join(sorted(_BY_NAME))}.")
        values[key] = _check(setting, value, where)
        sources[key] = where
    for key, value in overrides.items():
        values[key] = _check(_BY_NAME[key], value, "option")
        sources[key] = "option"
    for setting in SETTINGS:
        values.setdefault(setting.name, setting.default)
        if setting.is_path:
            values[setting.name] = (base / values[setting.name]).resolve()
    if data_dir is not None:
        values["data_dir"] = Path(data_dir).resolve()
        sources["data_dir"] = "option"
    return Settings(values=values, config_path=path if path.exists() else None, sources=sources)
