"""Page weight: the theme's templates indent every line of the navigation, header and footer
they repeat on each of the ~2,700 pages of a district site; that indentation is ~5 % of the
HTML.  `compact` collapses each run of white space that holds a line break into one line
break, outside <pre>, <textarea>, <script> and <style>: the browser renders any run of white
space between words or tags as it renders one line break, so the page looks the same."""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
BREAKING_SPACE = re.compile(r"[ \t\r\f\v]*\n[ \t\r\n\f\v]*")  # not \s: it would take U+00A0


def compact(html: str) -> str:
    parts = []
    last = 0
    for kept in KEPT.finditer(html):
        parts.append(BREAKING_SPACE.sub("\n", html[last : kept.start()]))
        parts.append(kept.group(0))
        last = kept.end()
    parts.append(BREAKING_SPACE.sub("\n", html[last:]))
    return "".join(parts)
