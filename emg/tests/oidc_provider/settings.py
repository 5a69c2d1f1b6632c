"""Settings of the test OpenID Connect provider: everything from the environment the
``oidc_provider`` fixture gives the process (its directory, port and RSA key)."""

import os
from pathlib import Path

DIRECTORY = Path(os.environ["OIDC_TEST_DIR"])
ISSUER = f"http://127.0.0.1:{os.environ['OIDC_TEST_PORT']}/o"
# Like Microsoft Entra ID's "organizations" endpoint when set: the discovery document names its
# issuer with a {tenantid} placeholder, and each token's issuer is its person's tenant's.
TENANT_ISSUERS = os.environ.get("OIDC_TEST_TENANT_ISSUERS") == "1"
if TENANT_ISSUERS:
    ISSUER = f"http://127.0.0.1:{os.environ['OIDC_TEST_PORT']}/{{tenantid}}/v2.0"

SECRET_KEY = "the test provider's own key, for nothing but the tests"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "emg.tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DIRECTORY / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/accounts/login/"
# Its cookies must not be mistaken for the workspace's, which runs on the same host.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_TEST_RSA_KEY"],
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OAUTH2_VALIDATOR_CLASS": "emg.tests.oidc_provider.validator.Validator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail address"},
}
