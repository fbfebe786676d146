"""Right-to-left text (issue 19): what the text layer costs a label, in French (nothing, it
must be Kivy's own Label) and in Arabic, and a step redrawn after a language change against
a text-size change, in French, English and Arabic. Measured in a process of its own
(bench/rtl_probe.py): Kivy offscreen, 1280x800.
"""

from __future__ import annotations

import os
import subprocess
import sys

from kiosk.settings import REPO_ROOT


def main() -> int:
    done = subprocess.run([sys.executable, "-m", "bench.rtl_probe"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "KIVY_NO_ARGS": "1",
                               "KIVY_NO_CONSOLELOG": "1"})
    print(done.stdout, end="")
    if done.returncode != 0:
        print(done.stderr[-3000:])
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
