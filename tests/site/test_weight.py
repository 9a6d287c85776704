"""Compacting the theme's indentation changes no rendered text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spotcheck.site import weight


def test_compact_keeps_pre_script_and_non_breaking_spaces() -> None:
    html = (
        "<nav>\n    <ul>\n      <li>首页</li>\n    </ul>\n</nav>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n   <p>a\u00a0\n  b</p>"
        "<script>var a = 1;\n    var b = 2;</script>\n\n<textarea>x\n   y</textarea>"
    )
    assert weight.compact(html) == (
        "<nav>\n<ul>\n<li>首页</li>\n</ul>\n</nav>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n<p>a\u00a0\nb</p>"
        "<script>var a = 1;\n    var b = 2;</script>\n<textarea>x\n   y</textarea>"
    )


words = st.text(alphabet="ab 中\n\t\u00a0<>/", max_size=40)


@given(words)
def test_compact_only_shortens_runs_of_white_space_with_a_line_break(text: str) -> None:
    compacted = weight.compact(text)
    assert compacted.split() == text.split()
    assert len(compacted) <= len(text)
    assert compacted.count("\u00a0") == text.count("\u00a0")
    assert weight.compact(compacted) == compacted
