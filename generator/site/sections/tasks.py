"""The inspection tasks: an index by year, a list per year, a page per task with its draws
(a long selected list gets pages of its own) and how to verify them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography import x509
from markupsafe import Markup

from spotcheck.draw import seeds
from spotcheck.draw.engine import CHINA
from spotcheck.model import SEED_SOURCE_NAMES
from spotcheck.records import Record
from spotcheck.site import pages
from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug
from spotcheck.site.views import TaskView
from spotcheck.trust import drand


def build(site: SiteBuilder) -> None:
    site.add("tasks/index.md", "抽查任务", "tasks_index.md.j2", nav=True, years=site.years)
    for year, _ in site.years:
        site.add_list(
            f"tasks/{slug(year)}.md",
            f"{year} 年度抽查任务",
            "tasks_year.md.j2",
            [site.rows.task_row(task, site.progress.get(task.id)) for task in site.by_year[year]],
            year=year,
        )
    repo_url = str((site.model.config.get("site") or {}).get("repo_url") or "")
    for task in site.tasks:
        _task_page(site, task, repo_url)
    _protocol_page(site)


def protocol_text() -> str:
    """docs/protocol.md: beside the package in a checkout, or packed into the wheel."""
    package = Path(__file__).resolve().parents[2]
    for candidate in (package.parent / "docs" / "protocol.md", package / "_docs" / "protocol.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError("找不到抽取协议 docs/protocol.md（安装包不完整）")


def _protocol_page(site: SiteBuilder) -> None:
    """The draw protocol, published as written (every task's 核验 section links to it)."""
    title = "抽取协议"
    intro = (
        "本页是 spotcheck 随附的抽取协议全文（英文，随算法版本管理）：抽取、选派、承诺与核验的"
        "每一步都写明到可以不用本工具独立实现。各任务页的“核验本次抽取”按它核验。\n\n"
    )
    site.out.pages.append(
        pages.Page(
            PROTOCOL_PAGE, title, pages.front_matter(title) + intro + protocol_text(), False, None
        )
    )


def _task_page(site: SiteBuilder, task: TaskView, repo_url: str) -> None:
    inline: dict[int, Markup] = {}
    separate: dict[int, list[str]] = {}
    selected = site.task_rows(
        "selected-rows",
        task,
        lambda: {attempt: _selected_rows(site, draw) for attempt, draw in task.draws.items()},
    )
    for attempt in sorted(task.draws):
        rows = selected[attempt]
        # read at build time, so that a test can shrink it
        if sum(len(row.encode()) for row in rows) <= pages.INLINE_BUDGET:
            inline[attempt] = Markup("\n".join(rows))
            continue
        # a long list: its first rows on the task page (the selected list comes first), all
        # of it on pages of its own
        first = pages.split_rows(rows, pages.INLINE_BUDGET)[0]
        inline[attempt] = Markup("\n".join(rows[i] for i in first))
        placed = site.add_list(
            f"tasks/{slug(task.id)}/draw-{attempt}.md",
            f"{task.id} 第 {attempt} 次抽取的入选对象",
            "task_selected.md.j2",
            rows,
            edit=task.plan.path,
            search_exclude=True,  # business names are found with the lookup, not search
            task=task,
            attempt=attempt,
        )
        separate[attempt] = [page for page, _ in placed]
    # a draw file is never edited (it is voided instead): the edit link goes to the plan
    site.add(
        f"tasks/{slug(task.id)}.md",
        f"{task.id} {task.data.get('name', '')}",
        "task.md.j2",
        edit=task.plan.path,
        task=task,
        repo_url=repo_url,
        seed_names=SEED_SOURCE_NAMES,
        evidence_prefix="downloads/",
        selected_inline=inline,
        selected_pages=separate,
        seed_evidence=_seed_evidence(site, task),
        demo=site.model.config.get("demo") is True,
        demo_seeds=DEMO_SEEDS,
        protocol_page=PROTOCOL_PAGE,
    )


def _selected_rows(site: SiteBuilder, draw: Record) -> list[str]:
    assigned = {
        str(a.get("target")): a.get("officers") or [] for a in draw.data.get("assignments") or []
    }
    rows = []
    for stratum in draw.data.get("strata") or []:
        for number, chosen in enumerate(stratum.get("selected") or [], 1):
            officers = assigned.get(str(chosen.get("target")), [])
            rows.append(str(site.rows.selected_row(number, stratum.get("value"), chosen, officers)))
    return rows


# Seeds that only those in the room can vouch for: the site marks their draws 演示.
DEMO_SEEDS = ("public_dice", "manual")
PROTOCOL_PAGE = "protocol/index.md"
DRAND_API = drand.RELAYS[0]


def _seed_evidence(site: SiteBuilder, task: TaskView) -> dict[int, dict[str, Any]]:
    """Per attempt with a commitment: its timestamp token as checked now, and for a drand seed
    what anyone needs to verify the round independently."""
    config = site.model.config
    found: dict[int, dict[str, Any]] = {}
    for attempt, commitment in task.commitments.items():
        relative = commitment.path.removeprefix("records/")
        token_file = seeds.token_path(relative)
        source = commitment.data.get("seed_source") or {}
        checked = seeds.token_evidence(
            config,
            commitment.path,
            site.evidence.get(relative),
            site.evidence.get(token_file),
            str(source.get("available_at")),
            lambda: _anchors(site.evidence, config),
        )
        info = checked.info if not checked.problems else None
        found[attempt] = {
            "token_file": token_file if token_file in site.evidence else None,
            "token_problems": checked.problems,
            "tsa": (config.get("timestamp_authority") or {}).get("name"),
            "stamped": info.gen_time.astimezone(CHINA).isoformat() if info else None,
            "signer": info.signer if info else None,
            "anchor_files": [
                a
                for a in (config.get("timestamp_authority") or {}).get("anchors") or []
                if a in site.evidence
            ],
            "drand": _drand(source, task.draws.get(attempt)),
        }
    return found


def _anchors(evidence: Mapping[str, bytes], config: Mapping[str, Any]) -> list[x509.Certificate]:
    found: list[x509.Certificate] = []
    for name in (config.get("timestamp_authority") or {}).get("anchors") or []:
        data = evidence.get(str(name))
        if data is None:
            continue
        if b"-----BEGIN" in data:
            found.extend(x509.load_pem_x509_certificates(data))
        else:
            found.append(x509.load_der_x509_certificate(data))
    return found


def _drand(source: Mapping[str, Any], draw: Record | None) -> dict[str, Any] | None:
    if source.get("kind") != seeds.DRAND:
        return None
    try:
        chain = drand.get_chain(str(source.get("chain")))
        round_number = int(str(source.get("round")))
        when = drand.round_time(chain, round_number)
    except (drand.DrandError, ValueError):
        return None
    beacon = (draw.data.get("beacon") if draw is not None else None) or {}
    command = f"spotcheck seed drand --chain {chain.name} --round {round_number}"
    if beacon.get("signature"):
        command += f" --signature {beacon['signature']}"
    if beacon.get("previous_signature"):
        command += f" --previous-signature {beacon['previous_signature']}"
    return {
        "chain": chain.name,
        "chained": chain.scheme.chained,
        "period": chain.period,
        "chain_hash": chain.chain_hash,
        "round": round_number,
        "time": when.astimezone(CHINA).isoformat(),
        "time_utc": when.strftime("UTC %Y-%m-%d %H:%M:%S"),
        "signature": beacon.get("signature"),
        "previous_signature": beacon.get("previous_signature"),
        "api_url": f"{DRAND_API}/{chain.chain_hash}/public/{round_number}",
        "command": command,
    }


SECTION = Section(("抽查任务", "tasks/index.md"), build)
