"""The parts' tags kept in the merged pack.

Each part is printed tagged (PDF/UA-1, emg.pdf): a structure tree of headings, paragraphs,
tables and lists, tied to the marked content of its pages through their ``/StructParents``
keys and the tree's ``/ParentTree``. pypdf's merge copies the pages with their marked content
but leaves every part's tree behind, so the pack would be untagged. ``merge_structure`` takes
each part's tree along, its pages' keys shifted past those of the parts before it, under one
root. What is not carried over: each part's XMP metadata (with its PDF/UA identification), so
the pack is tagged but does not claim PDF/UA conformance; the role and class maps and element
ids of every part but the first (WeasyPrint writes standard structure types); and, of course,
tags an uploaded PDF never had.
"""

from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

STRUCT_TREE_ROOT = NameObject("/StructTreeRoot")
STRUCT_PARENTS = NameObject("/StructParents")
STRUCT_PARENT = NameObject("/StructParent")


def _parent_tree_entries(tree) -> list[tuple[int, object]]:
    """The (key, value) pairs of a number tree, its kids' included."""
    found, tree = [], tree.get_object()
    numbers = tree.get("/Nums", [])
    for index in range(0, len(numbers) - 1, 2):
        found.append((int(numbers[index]), numbers[index + 1]))
    for kid in tree.get("/Kids", []):
        found.extend(_parent_tree_entries(kid))
    return found


def _shift_keys(printed, merged, offset: int) -> None:
    """Give the ``merged`` pages their ``printed`` originals' keys into the parent tree, moved
    on by ``offset`` (pypdf's copy drops a page's key, and keeps its annotations')."""
    for original, page in zip(printed, merged, strict=True):
        if STRUCT_PARENTS in original:
            page[STRUCT_PARENTS] = NumberObject(int(original[STRUCT_PARENTS]) + offset)
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if STRUCT_PARENT in annotation:
                annotation[STRUCT_PARENT] = NumberObject(int(annotation[STRUCT_PARENT]) + offset)


def merge_structure(writer: PdfWriter, parts: list[tuple[PdfReader, range]]) -> bool:
    """Give ``writer`` one structure tree made of its ``parts``' trees: each part is a reader
    appended to ``writer`` and the range of ``writer``'s page indexes its pages went to.
    False, with nothing changed, when no part is tagged."""
    root = None
    kids = ArrayObject()
    numbers = ArrayObject()
    next_key = 0
    for reader, pages in parts:
        tagged = reader.trailer["/Root"].get(STRUCT_TREE_ROOT)
        merged_pages = [writer.pages[index] for index in pages]
        if tagged is None:  # its marked content, if any, is left as it is, with no key
            continue
        # Cloned after the pages were appended, the tree's page references land on their
        # copies in the pack.
        part_root = tagged.clone(writer).get_object()
        entries = (
            _parent_tree_entries(part_root["/ParentTree"]) if "/ParentTree" in part_root else []
        )
        _shift_keys(reader.pages, merged_pages, next_key)
        for key, value in entries:
            numbers.extend([NumberObject(key + next_key), value])
        next_key += max((key for key, _value in entries), default=-1) + 1
        if root is None:
            root = part_root
        part_kids = part_root.get("/K", ArrayObject())
        part_kids = part_kids if isinstance(part_kids, ArrayObject) else ArrayObject([part_kids])
        for kid in part_kids:
            element = kid.get_object()
            if isinstance(element, DictionaryObject):
                element[NameObject("/P")] = root.indirect_reference
            kids.append(kid)
    if root is None:
        return False
    root[NameObject("/K")] = kids
    root[NameObject("/ParentTree")] = DictionaryObject({NameObject("/Nums"): numbers})
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    if "/IDTree" in root:  # the first part's element ids; the others' are not merged in
        del root[NameObject("/IDTree")]
    writer.root_object[STRUCT_TREE_ROOT] = root.indirect_reference
    writer.root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    return True
