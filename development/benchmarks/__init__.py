"""Measurements of the workspace at scale, run by ``manage.py benchmark`` (never by the tests):
query counts of every page of the permission matrix at two sizes (``pages``), server times of
every page cold and warm in turns with a trivial view requested the same signed-in way
(``pages``, ``urls``) and beside the Django admin's page of the same model (``admin_twins``),
the plans PostgreSQL chooses for the heaviest pages' queries (``explain``), and the meeting
pack's figures (``pack``)."""
