"""The composite reads of progress reporting, used by its views, panels, report renderer and
forms alike."""
