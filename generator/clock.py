"""The time a writing step acts at (docs/protocol.md §4): the machine's clock, China time.

A simulated clock (`SPOTCHECK_NOW`) would let an official backdate a commitment and re-roll a
draw (issue 9), so it is honoured only where the committed configuration marks the repository
as a demo/training one (`records/config.yaml` at HEAD: `demo: true`); anywhere else a set
`SPOTCHECK_NOW` is refused, never silently ignored, so that the operator knows which time is
used.  And no step commits at a time before its parent commit's: that is what
`history.date-before-parent` flags afterwards, refused here before it is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from typing import Any

from spotcheck import gitops
from spotcheck.errors import SpotcheckError
from spotcheck.findings import finding_code
from spotcheck.trust.history import RULE_DATE_BEFORE_PARENT

CHINA = dt.timezone(dt.timedelta(hours=8))
SIMULATED_CLOCK = "SPOTCHECK_NOW"

Clock = Callable[[], dt.datetime]


class ClockError(SpotcheckError):
    """The time a step would act at cannot be trusted; nothing has been written."""


def is_demo(config: Mapping[str, Any]) -> bool:
    """A demo/training repository (config `demo: true`): its history may use a simulated clock."""
    return config.get("demo") is True


def now_utc8() -> dt.datetime:
    """Now, in China's time zone; `SPOTCHECK_NOW` instead where `require_real_clock` allowed it
    (every writing step checks that first)."""
    pretend = os.environ.get(SIMULATED_CLOCK)
    if pretend:
        return parse_simulated(pretend)
    return dt.datetime.now(CHINA).replace(microsecond=0)


def parse_simulated(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ClockError(
            f"{SIMULATED_CLOCK} 的时间格式不对：{text}（应为 2026-03-05T15:00:00+08:00）"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


RULE_SIMULATED_CLOCK = "clock.simulated-outside-demo"


def require_real_clock(config: Mapping[str, Any], head: str | None = None) -> None:
    """Refuse a simulated clock outside a demo repository (`config` as committed at `head`)."""
    pretend = os.environ.get(SIMULATED_CLOCK)
    if pretend and not is_demo(config):
        at = f"提交 {head[:10]} 中" if head else "已提交"
        raise ClockError(
            f"records/config.yaml: {at}的配置没有 demo: true，本仓库不是演示或培训仓库，"
            f"却设置了模拟时钟 {SIMULATED_CLOCK}={pretend}：正式仓库只能使用本机真实时间，"
            f"否则承诺和抽取的时间可以被倒填（规则 {RULE_SIMULATED_CLOCK}）。"
            f"请取消该环境变量（unset {SIMULATED_CLOCK}）后重试"
        )


def checked_now(clock: Clock, repo: gitops.Repo, config: Mapping[str, Any]) -> dt.datetime:
    """`clock()`, refused outside a demo repository when it is before HEAD's committer time:
    the commit would be dated before its parent (`history.date-before-parent`)."""
    now = clock()
    if is_demo(config) or not repo.head.is_valid():
        return now
    parent = repo.head.commit
    parent_time = gitops.commit_time(repo, parent.hexsha)
    if now < parent_time:
        raise ClockError(
            f"当前时间 {now.isoformat()} 早于上一个提交 {parent.hexsha[:10]} 的提交时间 "
            f"{parent_time.isoformat()}：以此时间提交将违反规则 {RULE_DATE_BEFORE_PARENT}"
            f"（{_rule_title(RULE_DATE_BEFORE_PARENT)}）。请校正本机时钟后重试"
        )
    return now


def _rule_title(code: str) -> str:
    entry = finding_code(code)
    return entry.description if entry else code
