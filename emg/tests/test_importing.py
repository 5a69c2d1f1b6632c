"""The importer's framework: one transaction per file, clear messages, a summary per file."""

import pytest
from django.core.management import CommandError, call_command

from emg import importing, services
from emg.importing import ImportProblem, Reader, Source, Summary, import_path, import_source
from emg.models import Entity, Meeting
from emg.versions import StaleEdit


class ExplodingReader(Reader):
    """Saves something, then finds a line it cannot read."""

    kind = "exploding test document"

    def score(self, source):
        return 100 if source.text.startswith("EXPLODE") else 0

    def load(self, source, summary):
        summary.upsert(Entity, {"acronym": "BOOM"}, defaults={"name": "Saved before the error"})
        line = next(number for number, text in source.numbered() if "bad line" in text)
        raise ImportProblem("cannot read this", line=line)


@pytest.fixture
def exploding_reader():
    importing.register(ExplodingReader)
    yield
    importing._readers[:] = [r for r in importing._readers if type(r) is not ExplodingReader]


@pytest.mark.django_db
def test_a_file_that_fails_half_way_leaves_nothing_behind(exploding_reader):
    result = import_source(Source("x.txt", "EXPLODE\nfine\nbad line here\n"))

    assert not result.ok
    assert result.problem.line == 3
    assert str(result.problem) == "line 3: cannot read this"
    assert not Entity.objects.filter(acronym="BOOM").exists()


@pytest.mark.django_db
def test_an_unknown_kind_of_document_is_named_with_its_file_and_first_line(tmp_path, capsys):
    good = tmp_path / "action-points.txt"
    good.write_text((_sample("action-points-som26.txt")), encoding="utf-8")
    unknown = tmp_path / "shopping-list.txt"
    unknown.write_text("Eggs\nMilk\nBread\n", encoding="utf-8")

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        call_command("import_documents", str(unknown), str(good))

    out, err = capsys.readouterr()
    assert f"{unknown}: line 1: not a kind of document the importer knows" in err
    assert "nothing imported" in err
    assert f"{good}: summary of action points: created" in out
    assert Meeting.objects.filter(number=26).exists()


@pytest.mark.django_db
def test_a_file_that_is_not_text_is_refused_with_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"first line\nsecond line\n\xff\xfe broken\n")

    result = import_path(path)

    assert not result.ok
    assert result.problem.line == 3
    assert "not UTF-8" in result.problem.message


@pytest.mark.django_db
def test_a_missing_file_is_reported_not_raised(tmp_path):
    result = import_path(tmp_path / "nowhere.txt")

    assert not result.ok
    assert "No such file" in result.problem.message


@pytest.mark.django_db
def test_summary_counts_created_updated_and_unchanged_rows():
    summary = Summary()
    entity = summary.upsert(Entity, {"acronym": "FAO"}, {"name": "Food and Agriculture"})
    summary.upsert(Entity, {"acronym": "FAO"}, {"name": "Food and Agriculture"})
    summary.upsert(
        Entity, {"acronym": "FAO"}, {"name": "Food and Agriculture Organization of the UN"}
    )
    summary.upsert(Entity, {"acronym": "FAO"}, defaults={"name": "never applied"})

    entity.refresh_from_db()
    assert entity.name == "Food and Agriculture Organization of the UN"
    assert str(summary) == "created 1 entity; updated 1 entity; 2 unchanged"


@pytest.mark.django_db
def test_unchanged_rows_are_not_saved_again_so_no_history_is_written():
    summary = Summary()
    summary.upsert(Entity, {"acronym": "WMO"}, {"name": "World Meteorological Organization"})
    before = Entity.history.count()

    summary.upsert(Entity, {"acronym": "WMO"}, {"name": "World Meteorological Organization"})

    assert Entity.history.count() == before


@pytest.mark.django_db
def test_a_row_an_import_changes_takes_a_new_version_so_a_form_opened_before_is_stale():
    meeting = Meeting.objects.create(number=26, title="26th Senior Officials Meeting")
    opened = meeting.version
    summary = Summary()
    summary.upsert(Meeting, {"number": 26}, {"title": "26th SOM (online)"})
    summary.upsert(Meeting, {"number": 26}, {"title": "26th SOM (online)"})  # unchanged

    with pytest.raises(StaleEdit) as refused:
        services.meeting_update(
            meeting=Meeting.objects.get(pk=meeting.pk),
            version=opened,
            number=26,
            title="Typed before the import",
            host=None,
        )

    assert refused.value.current.title == "26th SOM (online)"
    assert refused.value.current.version == opened + 1


@pytest.mark.django_db
def test_prune_deletes_only_rows_the_document_no_longer_has():
    summary = Summary()
    keep = summary.upsert(Entity, {"acronym": "KEEP"}, defaults={"name": "kept"})
    summary.upsert(Entity, {"acronym": "GONE"}, defaults={"name": "gone"})

    summary.prune(Entity.objects.filter(acronym__in=["KEEP", "GONE"]), [keep])

    assert list(Entity.objects.values_list("acronym", flat=True)) == ["KEEP"]
    assert "deleted 1 entity" in str(summary)


def _sample(name):
    from django.conf import settings

    return (settings.BASE_DIR / "sample_data" / name).read_text(encoding="utf-8")
