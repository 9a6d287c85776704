"""Where a draw's seed comes from (种子来源): the kinds, their Chinese names and the fields each
needs. The schemas (`seed_source.kind` of commitment and draw) are the source of the allowed
kinds; tests/model/test_seed_sources.py checks this table against them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedSourceKind:
    name: str  # shown on the site and in messages
    required: tuple[str, ...]  # fields the commitment must fill for this kind


SEED_SOURCES: dict[str, SeedSourceKind] = {
    # its `available_at` is computed from the chain (spotcheck.draw.seeds), never typed
    "drand": SeedSourceKind("drand 公共随机信标", ("chain", "round")),
    "beacon": SeedSourceKind("公共随机信标", ("beacon", "round")),
    "index_close": SeedSourceKind("指定指数收盘值", ("index", "date")),
    "public_dice": SeedSourceKind("公开会议掷骰", ("meeting", "place", "witnesses")),
    "manual": SeedSourceKind("人工指定（仅限演示与培训）", ("note",)),
}

# kind → Chinese name, for templates and messages
SEED_SOURCE_NAMES: dict[str, str] = {kind: source.name for kind, source in SEED_SOURCES.items()}
