"""Reading legacy work plans: ``cells`` cuts a table cell into labelled items, ``reading`` turns
the whole document into plain data, and ``workplans.importers`` saves that data."""
