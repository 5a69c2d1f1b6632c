"""A meeting's pack: one PDF with a cover, the provisional agenda (none for a meeting with no
agenda item yet), a table of contents with page numbers, then every document of the meeting in
agenda order, with a bookmark per agenda item and the documents nested under it.

- ``plan``: what the pack holds, laid out without printing anything: the documents in agenda
  order, each one's HTML page (``emg.documents.document_html``) and content hash. An uploaded
  PDF is merged in place as it is (its hash is that of the file); an uploaded Word file (DOCX,
  DOC, ODT, RTF) as the PDF LibreOffice converted it to (``emg.conversions``, its hash that of the
  uploaded bytes); a Word file whose conversion failed, or a file that is not a readable PDF,
  is listed in the contents with a note ("available separately") and left out of the PDF. The
  pack's content hash is the hash of its parts' hashes and of the cover and contents skeleton; a
  ready pack with another hash is stale (``mark_stale``, which lays the pack out again, so the
  pack page asks it in a request of its own once shown, and only when a source has been written
  since the pack was last checked).
- ``stamps``: that "written since": the highest history id of every model a document shows.
- ``build``: printing it (``pack_build``). A ready pack of the meeting with the same hash lends
  its file: nothing is printed, and building twice is idempotent. Otherwise each HTML page is
  printed once per content hash and kept as a ``RenderedPart`` (the PDF in the private storage,
  its page count in the row), so that a late change to one document re-prints that one; a Word
  file the worker has not converted yet is converted by the build itself, so that the pack is
  complete (one that fails is listed separately, and the pack is built all the same); the
  contents are numbered from the parts' page counts, printed, and everything is merged with
  pypdf, with bookmarks and metadata (title, subject, language).
- ``numbers``: the pack's own page numbers, stamped in each page's foot after the merge from
  numbers printed once for all packs, so that a change reprints no part after it.
- ``structure``: the parts' tags (each is printed PDF/UA-1) kept in the pack under one root.
- ``fonts``: one copy of each TrueType font in the pack, the join of its parts' subsets.
- ``queue``: its life: the page's "Prepare pack" (``pack_request``) creates the row and queues
  the Celery task ``build_pack`` once the transaction commits; a failed pack is tried again
  (``pack_retry``); the beat's ``sweep_packs`` fails builds left running past the time limit and
  sends again the requests made while the broker was unreachable.
"""
