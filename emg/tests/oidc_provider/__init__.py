"""A real OpenID Connect provider for the single sign-on tests: a small Django project of its own
(django-oauth-toolkit with OIDC on), run in its own process on a loopback port by the
``oidc_provider`` fixture (emg/tests/sso.py). Started with ``python -m emg.tests.oidc_provider``.

Its people, their e-mail addresses and tenants (the ``tid`` claim, as Microsoft Entra ID gives
it) come from a JSON file; one confidential client is registered with the callback URL of the
workspace under test.
"""
