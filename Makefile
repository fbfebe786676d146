# Borne: the two set-up commands are `make run` and `make test`.
# Both install what is missing first (Debian packages as root, then a .venv here).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_SYSTEM_STAMP := $(VENV)/.bench-system-packages

# Debian packages the kiosk and its tests need:
#  python3-venv        to build .venv
#  libegl1 ... mesa    OpenGL through EGL, for Kivy's window (also offscreen)
#  espeak-ng           the voice pyttsx3 speaks through on Linux
#  sox                 to measure the audio in tests
#  xvfb xauth xdotool  a virtual screen and real clicks, for the benchmarks
#  x11-xserver-utils x11-utils shellcheck   to test deploy/ (xset, xrandr, xwininfo)
#  poppler-utils       pdftoppm, to look at the monthly report's pages in tests
#  graphviz            the studio's map of a flow's branches (dot)
#  postgresql          the studio's tests run on a throwaway PostgreSQL server too
#  fonts-noto-core     Noto Sans Arabic for Arabic and Persian text (kiosk/ui/fonts.py)
#  chromium chromium-driver   a real browser drives the studio in the tests (Selenium,
#                      headless; Debian's browser and driver, nothing downloaded at run time)
SYSTEM_PACKAGES := python3 python3-venv python3-pip libegl1 libegl-mesa0 libgl1 \
	libgl1-mesa-dri libgles2 libmtdev1 espeak-ng sox xvfb xauth xdotool \
	x11-xserver-utils x11-utils shellcheck poppler-utils graphviz postgresql \
	chromium chromium-driver fonts-noto-core

# Debian packages only `make bench` needs (make run and make test never pull them):
#  chromium            the usual alternative the kiosk is measured against
#  libx11-6 libxtst6   the benchmark's own X client reads pixels and clicks (ctypes)
BENCH_PACKAGES := chromium xvfb xauth xdotool libx11-6 libxtst6

.PHONY: run studio test stress fit lint bench install system-packages clean translations

run: $(STAMP)
	$(BIN)/kiosk run

studio: $(STAMP)
	$(BIN)/kiosk studio

test: $(STAMP)
	$(BIN)/ruff check kiosk tests bench
	$(BIN)/python -m pytest -q

# The long randomized runs at full size (make test runs them shorter: 1,000 monkey actions,
# 1,500 step changes of the soak test): 10,000 random touches and keys, 10,000 step changes.
stress: $(STAMP)
	MONKEY_ACTIONS=10000 SOAK_CHANGES=10000 $(BIN)/python -m pytest -q -m slow

# The whole fit matrix of issue 15 (README): every step of every bundled flow at the
# 4 reference screens x text sizes 1-3 x French and English x both contrasts, checked from
# the rendered widgets; make test runs a fast part of it. Every problem: build/fit-report.txt.
fit: $(STAMP)
	@mkdir -p build && rm -f build/fit-report.txt
	FIT_MATRIX=full FIT_REPORT=build/fit-report.txt $(BIN)/python -m pytest -q \
		--durations=0 -rxX tests/test_ui_fit_steps.py tests/test_ui_fit.py

lint: $(STAMP)
	$(BIN)/ruff check kiosk tests bench

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

install: $(STAMP)

# The interface's words (docs/traduire.md): extract the msgids from kiosk/ (.py and .kv),
# bring every catalogue up to date, make French say its msgids, compile the .mo files
# (committed), then list what translators still have to do.
LOCALE := kiosk/locale
PYBABEL_EXTRACT := $(BIN)/pybabel extract --no-default-keywords --add-comments=Translators: \
	--sort-by-file --width=100 --project=Borne --copyright-holder="Borne contributors"
translations: $(STAMP)
	$(PYBABEL_EXTRACT) -F $(LOCALE)/kiosk.cfg -k tr -k ntr:1,2 -k N_ -k N_plural:1,2 \
		-o $(LOCALE)/kiosk.pot kiosk
	$(PYBABEL_EXTRACT) -F $(LOCALE)/counsellor.cfg -k french -k french_n:1,2 \
		-o $(LOCALE)/counsellor.pot kiosk
	$(BIN)/pybabel update -D kiosk -i $(LOCALE)/kiosk.pot -d $(LOCALE) --width=100 \
		--ignore-obsolete
	$(BIN)/pybabel update -D counsellor -i $(LOCALE)/counsellor.pot -d $(LOCALE) -l fr \
		--width=100 --ignore-obsolete
	$(BIN)/python -m kiosk.i18n.catalogues fill-source
	$(BIN)/pybabel compile -D kiosk -d $(LOCALE) --statistics
	$(BIN)/pybabel compile -D counsellor -d $(LOCALE) --statistics
	$(BIN)/python -m kiosk.i18n.catalogues check

system-packages: $(SYSTEM_STAMP)

$(SYSTEM_STAMP): Makefile
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
			|| missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "Paquets Debian manquants :$$missing"; \
			echo "Installez-les avec : sudo apt-get install$$missing"; exit 1; \
		fi; \
		echo "Installation des paquets Debian :$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml $(SYSTEM_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

$(BENCH_SYSTEM_STAMP): Makefile $(SYSTEM_STAMP)
	@missing=""; for p in $(BENCH_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
			|| missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "Paquets Debian manquants pour make bench :$$missing"; \
			echo "Installez-les avec : sudo apt-get install$$missing"; exit 1; \
		fi; \
		echo "Installation des paquets Debian pour make bench :$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

$(BENCH_STAMP): pyproject.toml $(STAMP) $(BENCH_SYSTEM_STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
