"""The `timestamp_authority` section of records/config.yaml, validated on a real district."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from spotcheck import yamlio
from spotcheck.report import Message
from spotcheck.trust.timestamp import load_anchors, verify_token
from spotcheck.validation import validate
from tests.fixtures import make_district
from tests.trust.demo_tsa import DemoAuthority

CONFIG = "records/config.yaml"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_district(tmp_path_factory.mktemp("pristine") / "d", commit=False)


@pytest.fixture
def district(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "d"))


def configure(root: Path, section: dict[str, Any]) -> dict[str, Any]:
    path = root / CONFIG
    config = yamlio.parse(path.read_text(encoding="utf-8"), CONFIG)
    config["timestamp_authority"] = section
    path.write_text(yamlio.dump(config), encoding="utf-8")
    return config


def messages(root: Path) -> list[Message]:
    return validate(root, today=dt.date(2026, 3, 1), use_cache=False).messages


def test_an_authority_with_its_anchor_under_records_trust_validates(district: Path) -> None:
    authority = DemoAuthority.create()
    anchor = district / "records/trust/example-tsa/root-ca.pem"
    anchor.parent.mkdir(parents=True)
    anchor.write_bytes(authority.root.public_bytes(serialization.Encoding.PEM))
    config = configure(
        district,
        {
            "name": "示例时间戳服务",
            "url": "https://tsa.example/tsr",
            "anchors": ["trust/example-tsa/root-ca.pem"],
            "required": True,
        },
    )

    found = messages(district)

    assert [m.text() for m in found if m.path.startswith(("records/trust", CONFIG))] == []
    digest = bytes(range(32))
    anchors = load_anchors(district / "records", config)
    assert verify_token(authority.stamp(digest), digest, anchors).anchor


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ({"name": "无根证书", "anchors": []}, "信任根证书"),
        ({"name": "根证书在外", "anchors": ["../root.pem"]}, "信任根证书"),
        ({"name": "不在 trust 下", "anchors": ["draws/root.pem"]}, "信任根证书"),
        ({"name": "ftp", "anchors": ["trust/a.pem"], "url": "ftp://tsa.example/"}, "服务地址"),
        ({"name": "开关", "anchors": ["trust/a.pem"], "required": "是"}, "必须加盖时间戳"),
        ({"anchors": ["trust/a.pem"]}, "服务名称"),
    ],
)
def test_a_bad_authority_section_is_a_schema_error(
    district: Path, section: dict[str, Any], field: str
) -> None:
    configure(district, section)

    errors = [m for m in messages(district) if m.path == CONFIG and m.level == "error"]

    assert errors, "the section should not validate"
    assert any(field in m.text() for m in errors), [m.text() for m in errors]
