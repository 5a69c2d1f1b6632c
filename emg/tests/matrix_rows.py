"""The Group's own pages in the permission matrix (see emg/tests/matrix.py)."""

from emg.tests.matrix import EVERYONE_READS, POST_ONLY, Row, expect

ROWS = [
    Row("home", EVERYONE_READS),
    Row("login", expect(302, anonymous=200), note="signed-in users go home"),
    Row("logout", expect(302, anonymous=302), method="post"),
    Row("logout", POST_ONLY),
]
