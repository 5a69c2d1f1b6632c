"""How the database runs the queries of a page: EXPLAIN ANALYZE on PostgreSQL (EXPLAIN QUERY PLAN
on SQLite), boiled down to one line per query: its time and how it reads each table."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

_SCAN = re.compile(
    r"((?:Parallel )?(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)"
    r"(?: using \S+)? on \S+)"
)


def page_plans(client: Client, url: str) -> list[str]:
    """One line per SELECT the page runs: milliseconds (PostgreSQL), the scans, the SQL's start."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    lines = []
    seen = set()
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
            continue
        seen.add(sql)
        lines.append(plan_line(sql))
    return lines


def plan_line(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            took = next((line for line in plan if line.startswith("Execution Time")), "")
            milliseconds = float(re.findall(r"[\d.]+", took)[0]) if took else 0.0
            scans = sorted({match for line in plan for match in _SCAN.findall(line)})
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[-1] for row in cursor.fetchall()]
            milliseconds = 0.0
            scans = sorted({line for line in plan if line.startswith(("SCAN", "SEARCH"))})
    summary = "; ".join(scans) or "no table"
    return f"{milliseconds:7.2f} ms  {summary}\n             {_short(sql)}"


def _short(sql: str, width: int = 150) -> str:
    sql = " ".join(sql.split())
    start = sql.find(" FROM ")
    text = sql[start + 1 :] if start > 0 else sql
    return text if len(text) <= width else text[: width - 1] + "…"
