"""A work plan's activity whose title holds an ordinary word that can also name a body
("framework", "dialogue", "review process", "consultations") is tied to no mandate, and makes
none; one written as a body's proper name is tied to it."""

import pytest

from emg.importing import Source, import_source
from mandates.models import Mandate
from mandates.tests.sample_documents import seed_text
from workplans.models import Activity

ROWS = (
    "\t11. Develop a results framework for the EMG\t<p>Q1 2024</p>\n"
    "\t12. Policy dialogue with member States on circularity\t<p>Q2 2024</p>\n"
    "\t13. Review process of the EMG's work programme\t<p>Q3 2024</p>\n"
    "\t14. Consultations with members on the work plan\t<p>Q4 2024</p>\n"
    "\t15. EMG Dialogues on Circularity\t<p>Q4 2024</p>\n"
)


@pytest.mark.django_db
def test_ordinary_words_in_activity_titles_make_no_mandate():
    text = seed_text("work-plan-2021-2022-draft.txt")
    text = text.replace("2022", "2024").replace("2021", "2023").replace("27th", "29th")
    end = text.index("--\t---\t--")
    result = import_source(Source("work-plan-som29.txt", text[:end] + ROWS + text[end:]))
    assert result.ok, result.problem

    added = {a.title: a.mandate for a in Activity.objects.filter(title__regex=r"^[A-Z]")}
    for title in (
        "Develop a results framework for the EMG",
        "Policy dialogue with member States on circularity",
        "Review process of the EMG's work programme",
        "Consultations with members on the work plan",
    ):
        assert added[title] is None, title
    assert added["EMG Dialogues on Circularity"].kind == Mandate.Kind.DIALOGUE_SERIES
    assert Mandate.objects.count() == 11  # the plan's ten bodies and the dialogues
