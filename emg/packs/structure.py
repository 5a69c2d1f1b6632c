"""The parts' tags kept in the merged pack.

Each part is printed tagged (PDF/UA-1, emg.pdf): a structure tree of headings, paragraphs,
tables and lists, tied to the marked content of its pages through their ``/StructParents``
keys and the tree's ``/ParentTree``. Appending a part's pages copies their marked content and
keys but leaves its tree behind, so the pack would be untagged. ``merge_structure`` takes each
part's tree along (qpdf maps its page references onto the pages already copied), its pages' keys
shifted past those of the parts before it, under one root. What is not carried over: each part's
XMP metadata (with its PDF/UA identification), so the pack is tagged but does not claim PDF/UA
conformance; the role and class maps and element ids of every part but the first (WeasyPrint
writes standard structure types); and, of course, tags an uploaded PDF never had.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name, Pdf

STRUCT_PARENTS = Name.StructParents
STRUCT_PARENT = Name.StructParent


def _parent_tree_entries(tree: Dictionary) -> list[tuple[int, object]]:
    """The (key, value) pairs of a number tree, its kids' included."""
    found = []
    numbers = tree.get(Name.Nums, Array())
    for index in range(0, len(numbers) - 1, 2):
        found.append((int(numbers[index]), numbers[index + 1]))
    for kid in tree.get(Name.Kids, Array()):
        found.extend(_parent_tree_entries(kid))
    return found


def _shift_keys(pages, offset: int) -> None:
    """Move the ``pages``' keys into the parent tree, and their annotations', on by ``offset``."""
    for page in pages:
        if STRUCT_PARENTS in page.obj:
            page.obj[STRUCT_PARENTS] = int(page.obj[STRUCT_PARENTS]) + offset
        for annotation in page.obj.get(Name.Annots, Array()):
            if STRUCT_PARENT in annotation:
                annotation[STRUCT_PARENT] = int(annotation[STRUCT_PARENT]) + offset


def merge_structure(pack: Pdf, parts: list[tuple[Pdf, range]]) -> bool:
    """Give ``pack`` one structure tree made of its ``parts``' trees: each part is a PDF whose
    pages were appended to ``pack``, and the range of ``pack``'s page indexes they went to.
    False, with nothing changed, when no part is tagged."""
    root = None
    kids = Array()
    numbers = Array()
    next_key = 0
    for printed, pages in parts:
        tagged = printed.Root.get(Name.StructTreeRoot)
        if tagged is None:  # its marked content, if any, is left as it is, with no key
            continue
        # Copied after the pages were appended, the tree's page references land on their
        # copies in the pack.
        part_root = pack.copy_foreign(tagged)
        entries = _parent_tree_entries(part_root.ParentTree) if Name.ParentTree in part_root else []
        _shift_keys(pack.pages[pages.start : pages.stop], next_key)
        for key, value in entries:
            numbers.extend([key + next_key, value])
        next_key += max((key for key, _value in entries), default=-1) + 1
        if root is None:
            root = part_root
        part_kids = part_root.get(Name.K, Array())
        for kid in part_kids if isinstance(part_kids, Array) else [part_kids]:
            if isinstance(kid, Dictionary):
                kid[Name.P] = root
            kids.append(kid)
    if root is None:
        return False
    root[Name.K] = kids
    root[Name.ParentTree] = pack.make_indirect(Dictionary(Nums=numbers))
    root[Name.ParentTreeNextKey] = next_key
    if Name.IDTree in root:  # the first part's element ids; the others' are not merged in
        del root[Name.IDTree]
    pack.Root[Name.StructTreeRoot] = root
    pack.Root[Name.MarkInfo] = Dictionary(Marked=True)
    return True
