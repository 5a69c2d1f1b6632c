"""Reading legacy progress reports (parsing only; progress/importers.py saves what is read)."""
