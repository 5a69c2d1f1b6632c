"""Start the test provider: migrate its database, register its people and its one client,
then serve on 127.0.0.1:OIDC_TEST_PORT until stopped."""

import json
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main():
    os.environ["DJANGO_SETTINGS_MODULE"] = "emg.tests.oidc_provider.settings"
    os.environ["OIDC_TEST_RSA_KEY"] = rsa_key()
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from emg.tests.oidc_provider.validator import people

    call_command("migrate", verbosity=0)
    for person in people().values():
        User.objects.create_user(person["username"], person["email"], person["password"])
    client = json.loads(os.environ["OIDC_TEST_CLIENT"])
    Application.objects.create(
        name="EMG Secretariat Workspace",
        client_id=client["client_id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
    )
    run(
        "127.0.0.1",
        int(os.environ["OIDC_TEST_PORT"]),
        get_wsgi_application(),
        threading=True,
        server_cls=WSGIServer,
    )


if __name__ == "__main__":
    main()
