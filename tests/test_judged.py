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
    # "real" here was a lenient reading (tests/data/checklist-judged.md); whether a row is still real
    # is tests/data/checklist-strict.jsonl's to say (below): only what it left off is checked here
    assert not back, "rows judged not a school's task are listed again:\n" + "\n".join(back)
    assert len(lost) < len([i for i in items if verdict(i) == "real"]) // 3


STRICT = Path(__file__).parent / "data" / "checklist-strict.jsonl"
STRICT_LISTS = {"北京市-小学": ("小学", "北京市"), "毕节市-初中": ("初中", "贵州省毕节市"),
                "洛阳市-普通高中": ("普通高中", "河南省洛阳市")}
# What the lists did when the rule for aspirations came in (kb/tasks.py `vague`), per list: REAL rows
# it leaves off (the judges disagree among themselves on some of these sentences; two 北京 rows came
# from copies of a document the judged library held and the bundled one does not) and VAGUE rows it
# keeps. Either may shrink; neither may grow.
REAL_LEFT_OFF = {"北京市-小学": 8, "毕节市-初中": 6, "洛阳市-普通高中": 1}
VAGUE_KEPT = {"北京市-小学": 15, "毕节市-初中": 19, "洛阳市-普通高中": 18}


def _words(text: str) -> str:
    return "".join(ch for ch in text.replace("【禁止】", "") if ch.isalnum())


def test_strict_verdicts_hold(capsys, bundled_built: Path) -> None:
    """Rows a judge who did not build them called REAL stay listed (as an item or one of its merged
    sources), and rows called VAGUE stay off, but for the counts above."""
    rows = [json.loads(line) for line in STRICT.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name, (kind, place) in STRICT_LISTS.items():
        code, out, err = run(capsys, bundled_built, "checklist", "--school-type", kind, "--place", place, "--format", "json")
        assert code == 0, err
        listed = [_words(t) for item in json.loads(out)["items"] for t in (item["要求"], *(s["text"] for s in item["sources"]))]

        def on(row: dict, listed: list[str] = listed, inside: bool = True) -> bool:  # type: ignore[type-arg]
            words = _words(row["要求"].split("……")[-1])
            return any(inside and words in t or fuzz.ratio(words, t) >= 90 for t in listed)

        mine = [r for r in rows if r["list"] == name]
        left_off = [r["要求"] for r in mine if r["verdict"] == "REAL" and not on(r)]
        # a vague opening shown because the sentence's duty after it is listed whole is no vague row
        kept = [r["要求"] for r in mine if r["verdict"] == "VAGUE" and on(r, inside=False)]
        assert len(left_off) <= REAL_LEFT_OFF[name], f"{name}: REAL rows left off:\n" + "\n".join(left_off)
        assert len(kept) <= VAGUE_KEPT[name], f"{name}: VAGUE rows listed:\n" + "\n".join(kept)


def test_the_workload_rule_is_on_every_bijie_list_and_other_is_small(capsys, bundled_built: Path) -> None:
    """班主任工作量按当地教师标准课时工作量的二分之一计算 — a rule in impersonal form about the school's
    own staff — is a row of every 毕节 list, with its share and the school as who sees to it; a 小学
    list has no 学前教育 category, and 其他 is one of the smallest."""
    for kind in ("小学", "初中", "九年一贯制学校"):
        code, out, err = run(capsys, bundled_built, "checklist", "--school-type", kind, "--place", "贵州省毕节市", "--format", "json")
        assert code == 0, err
        items = json.loads(out)["items"]
        rule = [i for i in items if "班主任工作量按当地教师标准课时工作量的二分之一计算" in i["要求"]]
        assert len(rule) == 1 and "二分之一" in rule[0]["量化指标"] and rule[0]["责任主体"] == "学校", kind
        assert all("……" not in i["要求"] and "/" not in i["条款"] for i in items)
    code, out, _ = run(capsys, bundled_built, "checklist", "--school-type", "小学", "--place", "北京市", "--format", "json")
    sizes: dict[str, int] = {}
    for item in json.loads(out)["items"]:
        sizes[item["类别"]] = sizes.get(item["类别"], 0) + 1
    assert "学前教育" not in sizes and sizes.get("其他", 0) <= sorted(sizes.values())[len(sizes) // 3]


def test_amounts_said_respectively_go_to_their_own_kind_of_school(capsys, bundled_built: Path) -> None:
    """小学生和初中学生每学年参加社会实践活动的时间分别不少于10天和20天: a 小学 list says 10 days, a 初中 list
    20, each with its own kind's words."""
    for kind, own, other in (("小学", "10 天", "20 天"), ("初中", "20 天", "10 天")):
        code, out, err = run(capsys, bundled_built, "checklist", "--school-type", kind, "--place", "北京市", "--format", "json")
        assert code == 0, err
        rows = [i for i in json.loads(out)["items"] if "社会实践活动的时间分别" in i["要求"]]
        assert len(rows) == 1, (kind, rows)
        assert own in rows[0]["量化指标"] and other not in rows[0]["量化指标"]
        assert rows[0]["量化指标"].startswith("小学生" if kind == "小学" else "初中学生")
