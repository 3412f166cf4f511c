"""A principal's verdicts on checklist rows stay true (tests/data/checklist-judged.jsonl, see
tests/data/checklist-judged.md): every row judged a real self-check item is still on its list, and
every row judged noise, another kind of school's or another place's is off it — but for the few the
file marks as still listed when it was written (`known_miss`), which may leave and must not grow."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run
from rapidfuzz import fuzz

JUDGED = Path(__file__).parent / "data" / "checklist-judged.jsonl"


def load() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]


def verdict(item: dict) -> str:  # type: ignore[type-arg]
    return str(item.get("final", item["verdict"]))


def test_the_judged_sample_is_large_enough() -> None:
    items = load()
    for place in ("北京市", "贵州省毕节市"):
        rows = [i for i in items if i["list"]["place"] == place]
        assert len(rows) >= 100 and len({i["round"] for i in rows}) >= 3
        assert {verdict(i) for i in rows} <= {"real", "noise", "wrong_kind", "wrong_place"}


def _on(items: list[dict], row: dict) -> bool:  # type: ignore[type-arg]
    for item in items:
        for source in item["sources"]:
            if source["req_id"] == row["req_id"]:
                return True
            if source["clause_id"] == row["clause_id"] and fuzz.ratio(item["要求"], row["要求"]) >= 80:
                return True
    return False


def test_judged_verdicts_hold(capsys, bundled_built: Path) -> None:
    items = load()
    lists: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for spec in {json.dumps(i["list"], ensure_ascii=False) for i in items}:
        s = json.loads(spec)
        args = ["checklist", "--school-type", s["school_type"], "--place", s["place"], "--format", "json"]
        for a in s["attributes"]:
            args += ["--attr", a]
        code, out, err = run(capsys, bundled_built, *args)
        assert code == 0, err
        lists[spec] = json.loads(out)["items"]
    lost, back = [], []
    for row in items:
        listed = _on(lists[json.dumps(row["list"], ensure_ascii=False)], row)
        if verdict(row) == "real" and not listed:
            lost.append(row["要求"])
        elif verdict(row) != "real" and listed and not row.get("known_miss"):
            back.append(f"{verdict(row)}: {row['要求']}")
    assert not lost, "real self-check items no longer listed:\n" + "\n".join(lost)
    assert not back, "rows judged not a school's task are listed again:\n" + "\n".join(back)
