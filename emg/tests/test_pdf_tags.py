"""Printed documents and packs are tagged: a structure tree (PDF/UA-1 from WeasyPrint), which
the pack keeps from every part, its page numbers marked as artifacts."""

import pytest

from emg.models import Document
from emg.tests.packs import build, reader_of
from emg.tests.test_document_rendering import document_of, pdf_of, pdf_text

pytestmark = pytest.mark.django_db


def structure_types(element, found=None) -> list[str]:
    found = [] if found is None else found
    element = element.get_object()
    if "/S" in element:
        found.append(str(element["/S"]))
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get") and "/S" in kid:
            structure_types(kid, found)
    return found


def test_a_printed_document_is_tagged_with_its_language_and_structure(world):
    document = document_of(
        world.meeting, kind=Document.Kind.AGENDA, symbol="EMG/SOM.26/01", meeting=world.meeting
    )

    reader, _text = pdf_text(pdf_of(document))

    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    types = structure_types(root["/StructTreeRoot"])
    assert "/H1" in types and "/P" in types
    assert "/Lang" in root


def test_the_pack_keeps_every_parts_structure_under_one_root(som, world):
    reader = reader_of(build(som))

    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    tree = root["/StructTreeRoot"]
    # one top element per printed part: the cover, the agenda, the contents, the documents
    printed = 3 + 5
    assert len(tree["/K"]) == printed
    keys = [int(page["/StructParents"]) for page in reader.pages if "/StructParents" in page]
    assert len(keys) == len(set(keys))  # no two pages share a key
    numbers = tree["/ParentTree"]["/Nums"]
    assert set(keys) <= {int(numbers[i]) for i in range(0, len(numbers), 2)}
    assert int(tree["/ParentTreeNextKey"]) > max(keys)
    types = structure_types(tree)
    assert types.count("/H1") >= printed - 1


def test_the_packs_page_numbers_are_artifacts(som):
    reader = reader_of(build(som))

    for page in reader.pages[1:]:
        operations = page.get_contents().operations
        marks = [ops for ops, op in operations if op == b"BDC" and ops[0] == "/Artifact"]
        assert {"/Type": "/Pagination"} in [dict(ops[1]) for ops in marks]
