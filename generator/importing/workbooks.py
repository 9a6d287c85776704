"""Opening a spreadsheet that came back from the field, within the limits (`spotcheck.limits`).

Everything cheap is checked before a cell is parsed: the file's first bytes (an XLSX is a zip;
a CSV is not), the zip's directory (total uncompressed size, compression ratio: a zip bomb is
refused from its directory alone) and the sheet's stated dimension (one cell at row 1,048,576
makes a small file of a million rows). The workbook is then read in openpyxl's read-only mode,
which streams the sheet, with formulas as formulas (never a cached value we cannot check), and
its XML is parsed by `defusedxml` (openpyxl uses it whenever it is installed; a dependency).
Rows are read up to the row limit whatever the sheet claims.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spotcheck.errors import SpotcheckError, UsageError
from spotcheck.limits import DEFAULT, Limits

ZIP_MAGIC = b"PK\x03\x04"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
# compressed members smaller than this are not judged by their ratio (tiny files compress oddly)
RATIO_FLOOR = 1024 * 1024


class SpreadsheetError(SpotcheckError):
    """A spreadsheet that is refused before or while reading; nothing has been written."""


def check_file(path: Path, limits: Limits = DEFAULT) -> str:
    """The kind of a spreadsheet file ("xlsx" or "csv"), from its name checked against its
    first bytes; raises a Chinese error naming the file for a mismatch or an oversized file."""
    if not path.exists():
        raise UsageError(f"找不到文件 {path}")
    if path.is_dir():
        raise UsageError(f"{path} 是目录，不是表格文件")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"{path}：只支持 .csv 和 .xlsx 文件")
    with path.open("rb") as handle:
        head = handle.read(4)
    size = path.stat().st_size
    if suffix == ".csv":
        if head == ZIP_MAGIC:
            raise SpreadsheetError(
                f"{path}：这是 XLSX 文件，扩展名却是 .csv；请改名为 .xlsx，或在表格软件中另存为“CSV UTF-8”"
            )
        if size > limits.sheet_bytes:
            raise SpreadsheetError(
                f"{path}：文件有 {size} 字节，超过{limits.describe('sheet_bytes')}，未读取"
            )
        return "csv"
    if head != ZIP_MAGIC:
        what = "空文件" if size == 0 else "不是 zip 格式（可能是改了扩展名的 CSV 或 XLS 文件）"
        raise SpreadsheetError(f"{path} 不是有效的 XLSX 文件：{what}；请在表格软件中另存为 .xlsx")
    check_zip(path, limits)
    return "xlsx"


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse a zip bomb from the zip's directory, before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(f"{path} 不是有效的 XLSX 文件：zip 目录损坏（{error}）") from None
    total = sum(member.file_size for member in members)
    if total > limits.sheet_bytes:
        raise SpreadsheetError(
            f"{path}：解压后共 {total} 字节，超过{limits.describe('sheet_bytes')}，未读取"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.compression_ratio:
            raise SpreadsheetError(
                f"{path}：其中 {member.filename} 的压缩比为 {ratio:.0f} 倍，超过"
                f"{limits.describe('compression_ratio')}（疑似“压缩炸弹”），未读取"
            )


def open_xlsx(path: Path, limits: Limits = DEFAULT) -> Any:
    """The workbook, read-only, formulas kept as formulas; checked first (see `check_file`)."""
    if check_file(path, limits) != "xlsx":
        raise SpreadsheetError(f"{path}：应为 .xlsx 文件")
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(f"{path} 不是有效的 XLSX 文件：{error}") from None


def sheet_size(book: Any, name: str) -> tuple[int | None, int | None]:
    """The (rows, columns) a sheet's <dimension> claims, read from the first bytes of its XML."""
    sheet = book[name]
    try:
        with book._archive.open(sheet._worksheet_path) as source:
            head = source.read(4096)
    except (AttributeError, KeyError, OSError):
        return None, None
    found = _DIMENSION.search(head)
    if not found:
        return None, None
    last_column = found.group(3) or found.group(1)
    last_row = found.group(4) or found.group(2)
    return (int(last_row) if last_row else None, _column_number(last_column))


def _column_number(letters: bytes | None) -> int | None:
    if not letters:
        return None
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def check_dimension(path: Path, book: Any, name: str, limits: Limits) -> int | None:
    """Refuse a sheet whose stated size is over the limits; its column count (or None)."""
    rows, columns = sheet_size(book, name)
    if rows is not None and rows > limits.sheet_rows:
        raise SpreadsheetError(
            f"{path}：工作表“{name}”的范围到第 {rows} 行，超过{limits.describe('sheet_rows')}，未读取"
            "（若后面只是空行，请删除这些行后另存）"
        )
    if columns is not None and columns > limits.sheet_columns:
        raise SpreadsheetError(
            f"{path}：工作表“{name}”的范围到第 {columns} 列，超过"
            f"{limits.describe('sheet_columns')}，未读取（若右侧只是空列，请删除这些列后另存）"
        )
    return columns


def rows(path: Path, book: Any, name: str, limits: Limits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of a sheet, at most `limits.sheet_rows` rows and
    `limits.sheet_columns` columns whatever the sheet's dimension claims. Cells are openpyxl
    read-only cells (`.value`, `.data_type` — "f" for a formula)."""
    columns = check_dimension(path, book, name, limits)
    sheet = book[name]
    width = min(columns or limits.sheet_columns, limits.sheet_columns)
    for number, row in enumerate(
        sheet.iter_rows(max_row=limits.sheet_rows + 1, max_col=width), start=1
    ):
        if number > limits.sheet_rows:
            raise SpreadsheetError(
                f"{path}：工作表“{name}”超过{limits.describe('sheet_rows')}，未读取"
            )
        yield number, row


def is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"
