"""The permission matrix: every URL of the project against the five standing users.

Each app lists its URLs in ``<app>/tests/matrix_rows.py`` as ``ROWS``; emg/tests/
test_permission_matrix.py runs every row for every user and fails when a URL pattern of the
project has no row. A row names the URL, how to fill its arguments from the ``world`` fixture (the
objects every app's pages need), the method, the POST data, and the status each user gets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

USERS = ("anonymous", "secretariat", "senior_official", "focal_point", "other_focal_point")

LOGIN = 302  # anonymous users are sent to the login page
READERS = ("secretariat", "senior_official", "focal_point", "other_focal_point")


def expect(default: int, *, anonymous: int = LOGIN, **statuses: int) -> dict[str, int]:
    """``default`` for every signed-in user unless named: expect(403, secretariat=200)."""
    unknown = set(statuses) - set(READERS)
    if unknown:
        raise ValueError(f"no such standing user: {', '.join(sorted(unknown))}")
    return {"anonymous": anonymous, **dict.fromkeys(READERS, default), **statuses}


EVERYONE_READS = expect(200)
SECRETARIAT_ONLY = expect(403, secretariat=200)
SECRETARIAT_POSTS = expect(403, secretariat=302)  # a valid POST redirects after success
POST_ONLY = expect(405)  # GET on a view that changes state
# The API (emg.api) answers an unknown caller itself, in JSON: 401, never the login page.
UNAUTHENTICATED = 401
API_READS = expect(200, anonymous=UNAUTHENTICATED)


def _no_arguments(world) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    url: str  # "namespace:name"
    statuses: Mapping[str, int]
    kwargs: Callable[[object], dict] = _no_arguments
    method: str = "get"
    data: Callable[[object], dict] = _no_arguments
    query: str = ""
    note: str = field(default="", compare=False)

    def __post_init__(self):
        missing = set(USERS) - set(self.statuses)
        if missing:
            raise ValueError(f"{self.url}: no expected status for {', '.join(sorted(missing))}")

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url}{' ' + self.note if self.note else ''}"
