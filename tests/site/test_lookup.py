"""The lookup's code shards: every business findable by its credit code, a never-drawn one
for about a dozen bytes (issue #15), decoded as the browser decodes them."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from spotcheck import uscc
from spotcheck.site import lookup

ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def district_codes(count: int, seed: int = 1) -> list[str]:
    chooser = random.Random(seed)
    codes = set()
    while len(codes) < count:
        org9 = "".join(chooser.choice(ORG_CHARS) for _ in range(9))
        codes.add(uscc.make_code("9", chooser.choice("12"), "440114", org9))
    return sorted(codes)


codes_strategy = st.sets(st.from_regex(r"[0-9A-Y]{18}", fullmatch=True), min_size=1, max_size=60)


@given(codes_strategy, st.data())
def test_code_shards_decode_to_what_was_written(codes: set[str], data: st.DataObject) -> None:
    patterns = {c: data.draw(st.integers(0, 5000)) for c in codes}
    with_rows = data.draw(st.sets(st.sampled_from(sorted(codes))))
    rows = [lookup.Row(c, f"名称{c}", "", "", "", "", True) for c in with_rows]
    files = lookup.build(rows, business_url="b/?id={uscc}", patterns=patterns)
    decoded: dict[str, tuple[int, int | str | None]] = {}
    for path, body in files.items():
        if path.startswith("lookup/codes/"):
            decoded.update(lookup.decode_codes(body))
    assert decoded.keys() == codes
    ordered = sorted(rows, key=lambda r: (lookup.normalise(r.name), r.uscc))
    for code, (pattern, row) in decoded.items():
        assert pattern == patterns[code]
        if code in with_rows:
            assert isinstance(row, int) and ordered[row].uscc == code
        else:
            assert row is None


def test_a_never_drawn_business_costs_a_dozen_bytes() -> None:
    codes = district_codes(200_000)
    patterns = {c: n % 300 for n, c in enumerate(codes)}
    drawn = codes[::4]
    rows = [
        lookup.Row(c, f"广州市花都区测试{n}号有限公司", "", "", "", "", True)
        for n, c in enumerate(drawn)
    ]
    files = lookup.build(rows, business_url="b/?id={uscc}", patterns=patterns)
    count, size = lookup.never_drawn_cost(files)
    assert count == len(codes) - len(drawn)
    assert size / count <= 14, size / count  # 13.6 measured: 8-9 code characters, pattern
    # and a drawn business is still found by name: only its row and postings grew
    assert sum(len(b) for p, b in files.items() if p.startswith("lookup/rows/")) > 0
