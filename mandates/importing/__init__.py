"""Reading the mandates' legacy documents into plain records: terms of reference
(``terms_of_reference``) and summaries of action points (``action_points``). Nothing here writes:
``mandates.importers`` saves what these read, so a document that cannot be read fails before
anything is written.
"""
