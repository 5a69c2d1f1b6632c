"""Mandates in the browser (``mandates``: the list, a mandate's page, its history and edit;
``terms``: terms of reference, their clauses and footnotes; ``members``: member entities and
focal points) and a meeting's decisions (``decisions``). Their addresses are in mandates/urls.py."""
