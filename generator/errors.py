"""Errors that end a command with a Chinese message instead of a traceback."""

from __future__ import annotations

import errno


class SpotcheckError(Exception):
    """A failure the user can act on; the message is Chinese and names file and line."""

    exit_code = 1


class UsageError(SpotcheckError):
    exit_code = 2


# errno → what it means for a path the user gave (the OS's own text is English)
_OS_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "不允许此操作",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是一个目录",
    errno.EEXIST: "已存在同名文件",
    errno.EROFS: "位于只读文件系统",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOTEMPTY: "目录不是空的",
}


def os_reason(error: OSError) -> str:
    """Chinese for an operating-system error about a path."""
    return _OS_REASONS.get(error.errno or 0, f"系统错误 {error.errno}")


class OutputError(SpotcheckError):
    """An output path that cannot be written; nothing has been written."""

    def __init__(self, path: object, error: OSError | str) -> None:
        reason = error if isinstance(error, str) else os_reason(error)
        super().__init__(f"无法写入 {path}：{reason}")
