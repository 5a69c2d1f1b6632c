"""Work plan pages: reading a plan (plans.py) and the secretariat's editor on it (editor.py)."""
