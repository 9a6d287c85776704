"""The synthetic district's tables, read from the data files beside this module.

Names, departments, items, the industry mix and the example plans are data, not code: each
lives in `data/` as TSV (flat tables, read like `spotcheck.industries` reads its table) or
YAML (nested ones), and is read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml_rs

DATA = Path(__file__).parent / "data"


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of `data/<name>` as dicts: `#` lines are comments, the first other line the header."""
    lines = [
        line
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def read_yaml(name: str) -> Any:
    return yaml_rs.loads((DATA / name).read_text(encoding="utf-8"), parse_datetime=False)


def _number(text: str) -> float:
    # "9" stays an int, as the weight was written: random.choices sums the weights.
    return float(text) if "." in text else int(text)


@dataclass(frozen=True)
class Dept:
    id: str
    name: str
    short_name: str
    office: str  # name of its single office, empty for SCJG (one per town) and the legal office
    expertise: tuple[str, ...] = ()
    is_legal_office: bool = False
    reference_prefix: str | None = None  # of its documents' numbers (None: from the short name)
    rules_extra: str = ""  # the article its implementation rules add


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short_name: str  # used in business names and addresses
    office_suffix: str  # its 市场监管所 is SCJG-<suffix>


@dataclass(frozen=True)
class DistrictDept:
    """An extra department of the district-scale data, with the field and law of its items."""

    id: str
    name: str
    short_name: str
    field: str
    law: str


@dataclass(frozen=True)
class Industry:
    """A line of the industry mix; a None name core: that form of business does not occur."""

    code: str
    weight: float
    company_core: str | None
    individual_core: str | None


@cache
def regions() -> tuple[Region, ...]:
    return tuple(Region(**row) for row in read_tsv("regions.tsv"))


@dataclass(frozen=True)
class CityDistrict:
    code: str  # 6-digit division code (the credit codes' registration authority)
    name: str
    short_name: str


@cache
def city_districts() -> tuple[CityDistrict, ...]:
    return tuple(CityDistrict(**row) for row in read_tsv("city_districts.tsv"))


@cache
def example_departments() -> tuple[Dept, ...]:
    return tuple(
        Dept(**{**entry, "expertise": tuple(entry["expertise"])})
        for entry in read_yaml("departments.yaml")
    )


@cache
def district_departments() -> tuple[DistrictDept, ...]:
    return tuple(DistrictDept(**row) for row in read_tsv("district_departments.tsv"))


@cache
def industry_mix() -> tuple[Industry, ...]:
    return tuple(
        Industry(
            row["industry"],
            _number(row["weight"]),
            row["company_name_core"] or None,
            row["individual_name_core"] or None,
        )
        for row in read_tsv("industry_mix.tsv")
    )


@cache
def cooperative_industries() -> tuple[tuple[str, str], ...]:
    return tuple(
        (row["industry"], row["name_core"]) for row in read_tsv("cooperative_industries.tsv")
    )


@cache
def example_items() -> dict[str, list[dict[str, Any]]]:
    """Item specs by department id (category, name, target_type, level, methods, legal_basis,
    content, remarks)."""
    return read_yaml("items.yaml")


@cache
def names() -> dict[str, Any]:
    return read_yaml("names.yaml")


@cache
def vocabulary() -> dict[str, Any]:
    return read_yaml("vocabulary.yaml")


def weighted(key: str) -> list[tuple[Any, float]]:
    """A weighted list of `vocabulary.yaml` as (value, weight) pairs."""
    return [(entry["value"], entry["weight"]) for entry in vocabulary()[key]]


@cache
def example_plans() -> dict[str, Any]:
    return read_yaml("example_plans.yaml")


@cache
def rules_template() -> str:
    return (DATA / "rules_template.md").read_text(encoding="utf-8")
