"""Settings for the EMG Secretariat Workspace.

Everything comes from the environment through the small helpers below. With nothing set the
project runs embedded: SQLite file, Celery tasks executed eagerly, e-mail printed to the console.
With DEBUG off it refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = envbool("DEBUG", default="SECRET_KEY" not in os.environ)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "embedded-development-key-not-for-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# Where the embedded database, uploaded files and rendered PDFs live. Kept outside the web root.
VAR_DIR = Path(os.environ.get("EMG_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served here: no CDN
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "emg",
    "mandates",
    "workplans",
    "progress",
    "development",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "emg.accounts.SecondFactorRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emg.context_processors.navigation",
            ],
        },
    },
]

# Widgets render through the project's template engine, so templates/django/forms/ can replace
# a widget's template (the select's, whose options would otherwise be an include each).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file lives here

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'emg.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Django iterates a form's model choices with QuerySet.iterator(), which on PostgreSQL opens a
# server-side cursor WITH HOLD (DECLARE, FETCH in chunks, CLOSE: a round trip each) for a select
# of a few hundred rows. Nothing here streams a result too large to fetch at once.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

AUTH_USER_MODEL = "emg.User"
# Who may do what is decided by the predicates in each app's rules.py (emg.permissions).
# django-axes comes first: it refuses a locked-out username and address before any password is
# checked (it needs the request, which Django's LoginView passes to authenticate()).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "emg.auth.UserBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Sessions begun before UserBackend name this one; it keeps them signed in.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Signing in (django-allauth, emg/accounts.py): a username or an e-mail address with a password,
# or a one-time code sent by e-mail (a code to type: a mail scanner that opens links cannot use
# it); a password reset by e-mail whose answer never tells whether an address is known. Nobody
# signs up: the secretariat invites people. Failed passwords are counted by django-axes below,
# not by allauth, so its own "login_failed" limit is off; its other limits (password reset and
# code requests per address and per key) stay.
ACCOUNT_ADAPTER = "emg.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "emg.auth.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# allauth checks these against the login methods, though its sign-up is closed.
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # addresses are entered by the secretariat, not by people
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # an unknown address gets no mail, and the same answer
ACCOUNT_SESSION_REMEMBER = True  # a session lasts SESSION_COOKIE_AGE, as before
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EMG] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {"login_failed": False}
# The client's address for allauth's limits, read as django-axes reads it (below).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("AXES_IPWARE_PROXY_COUNT", 0)

# Two-factor sign-in (allauth.mfa): an authenticator app's codes (TOTP) and recovery codes,
# offered to everyone on the Security page. A real deployment requires it of the secretariat
# (emg.accounts.SecondFactorRequiredMiddleware); the demo's printed logins work without it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "EMG Secretariat Workspace"
MFA_REQUIRED_FOR_SECRETARIAT = envbool("MFA_REQUIRED_FOR_SECRETARIAT", default=not DEBUG)


def envmap(name: str) -> dict[str, str]:
    """The allowlists of single sign-on: "key=VALUE,key" as {"key": "VALUE", "key": ""}."""
    pairs = (item.partition("=") for item in envlist(name))
    return {key.strip().lower(): value.strip() for key, _sep, value in pairs}


def openid_connect_apps(*, name: str, issuer: str, client_id: str, secret: str) -> dict:
    """allauth's settings for one OpenID Connect provider, named "sso" in its URLs."""
    if not issuer:
        return {}
    app = {
        "provider_id": "sso",
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {"server_url": issuer, "token_auth_method": "client_secret_post"},
    }
    return {"openid_connect": {"APPS": [app], "OAUTH_PKCE_ENABLED": True}}


def origin_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Single sign-on with the agencies' own accounts through OpenID Connect (emg.accounts): only
# people who already have an account here, matched by the provider's verified e-mail the first
# time and by its subject id afterwards. OIDC_ISSUER is the provider's issuer URL (for Microsoft
# Entra ID across tenants: https://login.microsoftonline.com/organizations/v2.0). The allowlists
# say which tenants (the token's "tid") and e-mail domains may sign in, each optionally mapped to
# the acronym of the entity its people must belong to: "tid=UNEP,tid2=UNDP", "unep.org=UNEP".
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "") or "your agency's account"
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_ALLOWED_TENANTS = envmap("OIDC_ALLOWED_TENANTS")
OIDC_ALLOWED_DOMAINS = envmap("OIDC_ALLOWED_DOMAINS")
SOCIALACCOUNT_ADAPTER = "emg.accounts.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = openid_connect_apps(
    name=OIDC_PROVIDER_NAME,
    issuer=OIDC_ISSUER,
    client_id=os.environ.get("OIDC_CLIENT_ID", ""),
    secret=os.environ.get("OIDC_CLIENT_SECRET", ""),
)
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matched by emg.accounts, verified e-mail only
SOCIALACCOUNT_STORE_TOKENS = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "Europe/Zurich"  # Geneva, where the secretariat sits
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Embedded runs and tests serve static files straight from the apps and static/, uncollected.
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded SOM documents (PDF, or Word: DOCX, DOC, ODT, RTF) are refused above this size; they
# are kept in VAR_DIR/private (emg.storage), readable by the server only.
DOCUMENT_UPLOAD_MAX_BYTES = envint("DOCUMENT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Legacy documents uploaded to import (emg.views.importing): text, so small; a file and all the
# files of one upload are refused above these sizes, and kept for the preview this long.
IMPORT_UPLOAD_MAX_BYTES = envint("IMPORT_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)
IMPORT_UPLOAD_MAX_TOTAL_BYTES = envint("IMPORT_UPLOAD_MAX_TOTAL_BYTES", 10 * 1024 * 1024)
IMPORT_UPLOAD_MAX_FILES = envint("IMPORT_UPLOAD_MAX_FILES", 20)
IMPORT_UPLOAD_KEPT_MINUTES = envint("IMPORT_UPLOAD_KEPT_MINUTES", 60)

# Word files are converted to PDF by LibreOffice headless (emg.conversions): the program, and the
# seconds a conversion may take before its processes are killed and it is failed.
LIBREOFFICE_PROGRAM = os.environ.get("LIBREOFFICE_PROGRAM", "soffice")
WORD_CONVERSION_TIMEOUT = envint("WORD_CONVERSION_TIMEOUT", 120)
# A pack's parts are printed on this many processes at once (emg.pdf.print_side_by_side): by
# default one per core this process may run on.
PDF_PROCESSES = envint(
    "PDF_PROCESSES",
    len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "EMG Secretariat <emg@localhost>")

# Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly inside the request.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL

# Django's cache: in each process's memory by default, on Redis when REDIS_URL is set, so that
# every web process shares it. What is kept is keyed by its content (the work plans' downloads:
# a hash of the snapshot they are written from), so a change is a new key and nothing is ever
# invalidated by hand. Pages are not cached: they render fast enough without.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "emg",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 540)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000)  # KiB
# The cap and the soft time limit act on child processes: the prefork pool, not solo or threads.
CELERY_WORKER_POOL = "prefork"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# Progress reporting reminders (progress/reminders.py): focal points with unsubmitted tasks are
# e-mailed this many days before a round's deadline, on the day, and once it has passed. The beat
# task runs every morning; re-runs send nothing twice.
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", 7)
CELERY_BEAT_SCHEDULE = {
    "progress-send-reminders": {
        "task": "progress.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Meeting packs: fail those left rendering past the time limit, send again those the broker
    # could not be given (emg.packs.queue.packs_sweep).
    "emg-sweep-packs": {
        "task": "emg.packs.queue.sweep_packs",
        "schedule": 60.0,
    },
    # Notifications (emg.notifications): each person's daily digest, once a day whatever runs it.
    "emg-send-notification-digests": {
        "task": "emg.notifications.tasks.send_digests",
        "schedule": crontab(hour=6, minute=30),
    },
}
# Where links in e-mails point (no request to take the host from in a background task).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# An invitation's link (emg.people) works this many days, once.
INVITATION_DAYS = envint("INVITATION_DAYS", 7)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sessions end after SESSION_COOKIE_AGE seconds without a request: saving the session on every
# request moves its expiry forward, so the age is an idle timeout. Each session row records its
# user (emg.sessions), so that deactivating a user ends all their sessions at once.
SESSION_ENGINE = "emg.sessions"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# Content-Security-Policy on every response: nothing inline, nothing from elsewhere. Pages carry
# no <script> or style attribute of their own; htmx is told not to inject its indicator <style>
# (templates/base.html). Bootstrap's icons are data: SVGs in its stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        # The single sign-on button's form is answered by a redirect to the provider.
        "form-action": [SELF, *([origin_of(OIDC_ISSUER)] if OIDC_ISSUER else [])],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# The read-only API (emg/api/, each app's api.py): a personal token or the session says who
# asks, the pages' own rules say what they read. Throttled per person (and per address for
# requests without one), counted in Django's cache; the rates are requests per "second",
# "minute", "hour" or "day".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "emg.api.access.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["emg.api.access.RulesPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "emg.api.access.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANONYMOUS", "60/hour"),
        "user": os.environ.get("API_RATE_USER", "5000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EMG Secretariat Workspace API",
    "DESCRIPTION": (
        "Read-only: mandates, decisions, meetings, documents, work plans, reporting rounds, "
        "tasks and progress updates, as the pages show them to the token's owner."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["emg.api.access.RulesPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # An operation's path as text, not a link inside the button that opens it: a link nested
    # in a button is out of reach of a keyboard and of a screen reader.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # The committed docs/openapi.yaml is compared with the generated schema: a stable order.
    "SORT_OPERATION_PARAMETERS": True,
    # Several models have a "status" and a "state": each its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "emg.models.Document.Status",
        "MandateStatusEnum": "mandates.models.Mandate.Status",
        "WorkPlanStatusEnum": "workplans.models.WorkPlan.Status",
        "RoundStateEnum": "progress.models.ReportingRound.State",
        "UpdateStateEnum": "progress.models.Update.State",
    },
}

# Failed logins (django-axes): after AXES_FAILURE_LIMIT failures the same username from the same
# address is refused for AXES_COOLOFF_MINUTES. Keyed on both, so that one person behind an
# agency's shared proxy cannot lock out everyone else behind it, nor one address every user.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Its start-up banner would be printed by every process (runserver prints it twice).
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "emg.lockout.locked_out"  # templates/registration/locked_out.html
# What was typed as the login (a username or an e-mail address), in lower case: allauth's form
# hands axes either, and both are matched without regard to case.
AXES_USERNAME_CALLABLE = "emg.auth.axes_username"
# The client's address is REMOTE_ADDR unless the deployment says which header its own proxy sets
# (e.g. "HTTP_X_FORWARDED_FOR,REMOTE_ADDR"): a header a client may set itself must not be trusted
# by default, or anyone could pick a fresh address for each attempt. Behind proxies that append to
# X-Forwarded-For the right-most entries are theirs, so the client is read from the right.
AXES_IPWARE_META_PRECEDENCE_ORDER = envlist("AXES_IPWARE_META_PRECEDENCE_ORDER") or ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = envint("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_IPWARE_PROXY_ORDER = "right-most"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_on_one_line": {"()": "emg.log.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print each of its lines a second time, beside the
        # root's (in DEBUG: runserver's "Watching for file changes" twice).
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # A 403 or 404 as one line, not a traceback (emg/log.py); 500s keep theirs.
        "django.request": {"filters": ["refusals_on_one_line"]},
        # WeasyPrint tells every step of every page at INFO: a worker's log would be nothing else.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
