"""The secretariat's import in a real browser: upload the five seed documents, read the preview
(nothing written yet), confirm, and read what was done, with links to what was made; each page
without a serious accessibility violation."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from emg.models import Document, Meeting
from emg.tests.browser import sign_in
from emg.tests.test_accessibility import serious_violations
from mandates.models import Mandate
from progress.models import Task
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = sorted((settings.BASE_DIR / "sample_data").glob("*.txt"))


def test_secretariat_uploads_the_seeds_previews_confirms_and_reads_the_summary(
    page, secretariat, private_files
):
    sign_in(page, secretariat)
    page.get_by_role("link", name="Import legacy documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import documents")
    assert serious_violations(page) == []

    page.get_by_label("Documents").set_input_files([str(path) for path in SEEDS])
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What the import would do")
    files = page.locator(".emg-import-file")
    expect(files).to_have_count(len(SEEDS))
    for path in SEEDS:
        expect(page.get_by_role("heading", name=path.name)).to_be_visible()
    expect(page.locator(".emg-import-refused")).to_have_count(0)
    report = files.filter(has_text="progress-report-som26-mid-term.txt")
    created = report.locator("tr.emg-import-created")
    expect(created.get_by_role("cell", name="Task", exact=True)).to_have_count(22)
    expect(report).to_contain_text("Invite the IMG to continue its work")
    assert not Document.objects.exists()
    assert not Meeting.objects.exists()
    assert serious_violations(page) == []

    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What the import did")
    expect(page.locator(".emg-import-file")).to_have_count(len(SEEDS))
    assert Document.objects.count() == len(SEEDS)
    assert Task.objects.count() == 22
    assert WorkPlan.objects.count() == 2
    assert serious_violations(page) == []

    # The summary leads to what the import made.
    plan = WorkPlan.objects.get(period_start=2021)
    page.get_by_role("link", name=str(plan)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("work plan 2021")
    assert Mandate.objects.exists()
