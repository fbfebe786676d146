"""Problems found in flow files, worded for a counsellor."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: Severity = Severity.ERROR
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, base: Path | None = None) -> str:
        shown = self.path
        if base is not None:
            try:  # the link's own name, never where it leads (it may loop)
                shown = Path(os.path.abspath(self.path)).relative_to(os.path.abspath(base))
            except ValueError:
                shown = self.path
        return f"{shown}:{self.line}: {self.severity.value} : {self.message}"
