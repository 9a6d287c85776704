"""The shipped schemas work with standard JSON Schema tooling, offline: check-jsonschema
validates every shipped record file with the schema its editor settings name, from the files
as shipped (no `$id` pointing at a host, `$ref`s that resolve from the files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spotcheck import yamlio
from spotcheck.schema_bundle import LISTS, render

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
# Any attempt to reach the network fails at once.
OFFLINE = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    found = Path(sys.executable).parent / "check-jsonschema"
    command = str(found) if found.exists() else shutil.which("check-jsonschema")
    assert command, "check-jsonschema is in the test extras: pip install -e '.[test]'"
    return subprocess.run(
        [command, "--no-cache", *args], capture_output=True, text=True, env=OFFLINE, timeout=600
    )


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_editor_bundles_are_generated_from_the_record_schemas(kind: str) -> None:
    shipped = ROOT / "schemas" / "editor" / f"{kind}-list.schema.json"
    assert shipped.read_text(encoding="utf-8") == render(ROOT / "schemas", kind), (
        "run: python -m spotcheck.schema_bundle"
    )


@pytest.mark.parametrize(("schema", "pattern"), sorted(SETTINGS.items()))
def test_check_jsonschema_accepts_the_shipped_records_offline(schema: str, pattern: str) -> None:
    files = sorted(str(p) for p in ROOT.glob(pattern) if p.is_file())
    if not files:
        pytest.skip(f"the example has no {pattern}")
    result = check_jsonschema("--schemafile", str(ROOT / schema), *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_a_broken_record(tmp_path: Path) -> None:
    source = ROOT / "records/targets/440114001/001.yaml"
    data = yamlio.parse(source.read_text(encoding="utf-8"), str(source))
    data[0]["credit_class"] = "E"
    broken = tmp_path / "001.yaml"
    broken.write_text(yamlio.dump(data), encoding="utf-8")
    result = check_jsonschema(
        "--schemafile", str(ROOT / "schemas/editor/target-list.schema.json"), str(broken)
    )
    assert result.returncode == 1
    assert "'E' is not one of" in result.stdout + result.stderr
