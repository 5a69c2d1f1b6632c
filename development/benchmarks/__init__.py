"""Measurements of the workspace at scale, run by ``manage.py benchmark`` (never by the tests):
query counts of every page of the permission matrix at two sizes (``pages``), server times of the
heaviest pages against a trivial view requested the same signed-in way (``pages``, ``urls``),
the plans PostgreSQL chooses for their queries (``explain``), and the meeting pack's figures
(``pack``, when present)."""
