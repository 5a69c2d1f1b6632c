"""The layout every page shares: landmarks, local assets only, the header with who is signed in,
the navigation for each role, and messages."""

import re

import pytest
from django.urls import reverse

from emg.context_processors import NAVIGATION
from emg.tests.test_home import home_page

pytestmark = pytest.mark.django_db


def test_layout_has_landmarks_skip_link_title_and_language(client_as, secretariat):
    page = home_page(client_as(secretariat))

    assert '<html lang="en"' in page
    assert 'href="#main"' in page
    assert '<main id="main"' in page
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in page
    assert re.search(r"<title>[^<]+ · EMG Secretariat Workspace</title>", page)


def test_layout_loads_only_local_assets_and_no_inline_script_or_style(client_as, secretariat):
    page = home_page(client_as(secretariat))

    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in page
    assert "/static/css/emg.css" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page


def test_header_shows_name_role_entity_and_a_logout_form(client_as, secretariat):
    page = home_page(client_as(secretariat))

    assert secretariat.get_full_name() in page
    assert "Secretariat" in page
    assert ">UNEP</abbr>" in page
    form = re.search(r'<form method="post" action="/logout/">(.*?)</form>', page, re.S)
    assert form
    assert "csrfmiddlewaretoken" in form.group(1)


def test_every_navigation_entry_points_at_an_existing_page():
    for _label, url_name, _roles in NAVIGATION:
        assert reverse(url_name)


def test_navigation_offers_admin_to_staff_only(client_as, secretariat):
    assert 'href="/admin/"' not in home_page(client_as(secretariat))

    secretariat.is_staff = True
    secretariat.save()

    assert 'href="/admin/"' in home_page(client_as(secretariat))


def test_navigation_marks_the_current_page(client_as, focal_point):
    page = home_page(client_as(focal_point))

    assert re.search(r'<a class="nav-link active" href="/" aria-current="page">Home</a>', page)


def test_messages_are_shown_as_bootstrap_alerts(client_as, secretariat, rf):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = secretariat
    request.session = client_as(secretariat).session
    request._messages = FallbackStorage(request)
    messages.error(request, "The round could not be opened.")
    messages.success(request, "Saved.")

    page = render_to_string("emg/includes/messages.html", request=request)

    assert 'class="alert alert-danger alert-dismissible fade show"' in page
    assert 'class="alert alert-success alert-dismissible fade show"' in page
