"""How raw values read on the site (spotcheck.site.display), the edit links, the zipped
downloads and the compact population memberships of the business lookup."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from spotcheck.site.display import chinese_time, commit_description, file_size, trailer_rows
from spotcheck.site.downloads_export import ZIP_ABOVE_BYTES, published_download
from spotcheck.site.plugin import edit_base
from spotcheck.site.sections.businesses import encode_memberships


def test_times_and_dates_in_chinese() -> None:
    assert chinese_time("2026-03-22T10:00:00+08:00") == "2026年3月22日 10:00"
    assert chinese_time("2026-08-25") == "2026年8月25日"
    assert chinese_time(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert chinese_time(None) == "—" and chinese_time("") == "—"
    assert chinese_time("不是日期") == "不是日期"


def test_the_tools_commits_read_in_chinese() -> None:
    draw = [
        ("Spotcheck-Task", "2026-WGXJ-03"),
        ("Spotcheck-Attempt", "1"),
        ("Spotcheck-Seed", "8931"),
        ("Spotcheck-Population-Digest", "dd7cf368ea31f3f1927587cef7bf0f3b4ffc0cb62feae1cc4b767ffd21e877c6"),
    ]  # fmt: skip
    described = commit_description("Draw 2026-WGXJ-03 (attempt 1): 2 of 14", draw)
    assert described == "任务 2026-WGXJ-03 第 1 次抽取的结果：从 14 户中抽取 2 户"
    commitment = [
        ("Spotcheck-Task", "X"),
        ("Spotcheck-Attempt", "2"),
        ("Spotcheck-Seed-Source", "public_dice"),
    ]
    assert "承诺" in commit_description("Commit to draw X (attempt 2)", commitment)
    assert commit_description("Void draw X (attempt 2)", commitment).startswith("作废")
    # a subject people wrote, or a Chinese one, stays as written
    assert commit_description("Add plans", []) == "Add plans"
    assert commit_description("抽取 X", draw) == "抽取 X"
    labels = [label for label, _, _ in trailer_rows(draw + commitment[2:])]
    assert labels == ["抽查任务", "抽取次序", "种子", "总体名单摘要", "种子来源"]
    shown = dict((label, value) for label, value, _ in trailer_rows(draw + commitment[2:]))
    assert shown["总体名单摘要"].endswith("…") and shown["种子来源"] != "public_dice"


def test_edit_links_are_not_doubled() -> None:
    repo = "https://example.invalid/repo"
    assert edit_base(repo, "edit/main/records/") == repo + "/edit/main/"
    assert edit_base(repo + "/", "edit/main/") == repo + "/edit/main/"
    assert edit_base(repo, "/-/edit/main/records") == repo + "/-/edit/main/"


def test_large_downloads_are_zipped_with_the_same_file_inside() -> None:
    small = b"\xef\xbb\xbfa,b\r\n"
    assert published_download("downloads/x.csv", small) == ("downloads/x.csv", small)
    large = b"\xef\xbb\xbf" + b"91440114MA0000000X,0.123\r\n" * (ZIP_ABOVE_BYTES // 20)
    path, data = published_download("downloads/opendata/result.csv", large)
    assert path == "downloads/opendata/result.csv.zip" and len(data) < len(large) / 5
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["result.csv"] and archive.read("result.csv") == large
    assert published_download("downloads/opendata/result.csv", large)[1] == data  # same bytes
    assert file_size(1500) == "2 KB" and file_size(12_500_000) == "12.5 MB"


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 40)), max_size=30))
def test_memberships_decode_as_the_browser_does(pairs: list[tuple[int, int]]) -> None:
    encoded = encode_memberships([list(p) for p in pairs])
    decoded = [tuple(int(n, 36) for n in pair.split(".")) for pair in encoded.split(" ") if pair]
    assert decoded == pairs
