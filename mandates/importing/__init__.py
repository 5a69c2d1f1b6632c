"""Reading the mandates' legacy documents: terms of reference and summaries of action points.

Each module parses a text into plain records first (so a document that cannot be read fails before
anything is written) and then saves them; the readers that the importer finds are in
``mandates.importers``.
"""
