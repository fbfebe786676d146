"""Django settings of the studio, from the kiosk's own settings file (config/kiosk.toml).

``KIOSK_CONFIG`` and ``KIOSK_DATA_DIR`` (set by ``kiosk studio`` from its options) name the
settings file and the data folder. ``studio_database``: empty for SQLite in the data folder,
or a ``postgresql://`` address.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from kiosk.settings import load_settings

KIOSK = load_settings(os.environ.get("KIOSK_CONFIG") or None,
                      data_dir=os.environ.get("KIOSK_DATA_DIR") or None)
DATA_DIR = KIOSK.path("data_dir")
FLOWS_DIR = KIOSK.path("flows_dir")
ASSETS_DIR = KIOSK.path("assets_dir")
PREVIEW_DIR = DATA_DIR / "studio-apercus"
BASE_DIR = Path(__file__).resolve().parent


def _secret_key() -> str:
    path = DATA_DIR / "studio-secret-key"
    if not path.is_file():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def database(address: str) -> dict:
    """Django's DATABASES entry for the ``studio_database`` setting."""
    if not address:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "studio.sqlite3",
                "OPTIONS": {"timeout": 20}}
    url = urlparse(address)
    if url.scheme not in ("postgresql", "postgres"):
        raise ValueError(f"studio_database : « {address} » doit commencer par postgresql://")
    query = parse_qs(url.query)
    return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(url.path.lstrip("/")),
            "USER": unquote(url.username or ""), "PASSWORD": unquote(url.password or ""),
            "HOST": query.get("host", [url.hostname or ""])[0], "PORT": str(url.port or ""),
            "CONN_MAX_AGE": 60}


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("KIOSK_STUDIO_DEBUG") == "1"
ALLOWED_HOSTS = ["*"]  # the studio is reached by the kiosk's own address on the local network
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "django.forms",
    "dsfr", "widget_tweaks", "axes",
    "kiosk.studio.accounts", "kiosk.studio.editor",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "kiosk.studio.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "dsfr.context_processors.site_config",
    ]},
}]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "kiosk.studio.wsgi.application"
DATABASES = {"default": database(str(KIOSK.studio_database))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Account"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login attempts (django-axes): 5 failures for one account name lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "studio/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "editor:flows"
LOGOUT_REDIRECT_URL = "accounts:login"
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "studio-static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # htmx and the studio's own script and styles
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # served from the packages' folders, no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "kiosk.studio.uploads.SentNamesHandler",  # keeps the names as sent: a path is refused
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
DSFR_MARK_OPTIONAL_FIELDS = True
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "loggers": {"axes": {"level": "WARNING"}}}
CSRF_FAILURE_VIEW = "kiosk.studio.errors.csrf_failure"
