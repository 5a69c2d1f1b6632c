"""This app's pages in the permission matrix (see emg/tests/matrix.py)."""

ROWS = []
