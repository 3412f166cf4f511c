"""What the catalog layer says to users, in one place (DESIGN.md §10).

Each message is a `str.format` template that names the value and the next step. A second language
would translate this module.
"""

from __future__ import annotations

UNKNOWN_SCHOOL_TYPE_TITLE = "没有这种学校类型"
UNKNOWN_SCHOOL_TYPE = "没有“{name}”这种学校类型。可用的类型：{kinds}。"
UNKNOWN_ATTRIBUTE_TITLE = "没有这种学校属性"
UNKNOWN_ATTRIBUTE = "没有“{name}”这种学校属性。可用的属性：{attributes}。"
OWNERSHIP_CONFLICT_TITLE = "学校属性冲突"
OWNERSHIP_CONFLICT = "一所学校不能既是公办又是民办：--attr 只写其中一个（不写时为公办）。"

BAD_OVERRIDES_TITLE = "审核记录文件有误"
OVERRIDES_UNREADABLE = "无法读取审核记录 {path}（{why}）。请修正其中的 JSON，或把文件移走。"
NOT_JSON_AT = "第 {line} 行第 {column} 列不是合法的 JSON"
OVERRIDES_SHAPE = '审核记录 {path} 的格式应为 {{"requirements": {{"要求编号": {{…}}}}}}。请修正后重试。'
OVERRIDES_FIXED = "{path}：对 {req_id} 的审核改动了 {fields}。这些字段标识这条要求本身，不能改；请删掉它们。"
OVERRIDES_BAD_FIELD = "{path}：对 {req_id} 的审核中 {field} 的值不合要求（{value}）。请修正后重试。"

CANNOT_WRITE_TITLE = "无法写出文件"
NO_FOLDER = "无法写入 {path}：文件夹 {folder} 不存在。请先建立文件夹，或换一个路径（命令行用 -o）。"
CANNOT_WRITE = "无法写入 {path}（{why}）。请换一个路径。"
UNKNOWN_FORMAT = "没有“{fmt}”这种导出格式。可用的格式：{formats}。"

# a checklist's footer: what it leaves out
LEFT_ELSEWHERE = "其他地区文件中的 {n} 项要求未列入"
LEFT_UNKNOWN = "地区不明的文件中的 {n} 项要求未列入"
LEFT_SUPERSEDED = "已被修订或废止的文件中的 {n} 项要求未列入"
LEFT_NOT_TASKS = "不是学校任务的 {n} 项未列入（{reasons}）"
LEFT_REASON = "{reason} {n} 项"
HOW_AFTER = "。{how}"  # after a note whose parentheses are taken
HOW = "（{how}）"  # what the caller can do about a note: the command line names its options, the app its boxes

# why a requirement is not on a school's list (kb/tasks.py)
REASONS = {
    "not_rules": "不是规则的文件（判例、解释、标准、模板）",
    "private": "民办学校的要求",
    "heading": "标题、口号或目标，没有要做的事",
    "vague": "只有方向，没有可核查的做法、数量或禁止",
    "shared": "国家、社会、学校和家庭共同的原则，没有学校可核查的事",
    "permission": "许可、权利或待遇，不是义务",
    "not_school": "政府、部门或他人的职责",
    "other_kind": "只约束其他类型学校（如幼儿园）的要求",
    "students": "学生自身的义务",
    "statement": "陈述或制度规定，没有要做的事",
    "reward": "表彰、奖励条款",
    "fragment": "离开上下文读不懂的片段",
}

# a checklist's title, cells, sheet and pages
CHECKLIST = "自查表"  # the sheet's name, and the first part of an exported file's name
TITLE = "{where}{school_type}{attributes}自查表"
TITLE_ATTRIBUTES = "（{attributes}）"
FORBIDDEN = "【禁止】{text}"  # an item that says what must not be done
DIFFERS = "各文件规定不同：{note}"
DIFFERS_ONE = "《{title}》规定为 {amount}"
NO_AMOUNT = "（无数量）"
AT_ONCE = "立即"  # 频次/时限 of a rule that says 立即、立刻、第一时间
ALSO_SAYS = "{source}：{text}"  # the same rule in other words, saying more
WHOLE_SENTENCE = "原句：{sentence}"  # one obligation of a longer sentence: the sentence is its context
MD_HEADER = "| 序号 | 要求 | 量化指标 | 责任主体 | 频次/时限 | 来源 | 自查结果 | 备注 |"
MD_RESULTS = "□达标 □部分达标 □未达标 □不适用"  # boxes to tick in a Markdown table, before 备注
PICK_RESULT_TITLE = "自查结果"
PICK_RESULT = "请从列表中选择：{results}"
PAGE_FOOTER = "第 &P 页，共 &N 页"  # the spreadsheet's own codes: &P this page, &N the number of pages

# 新旧对照 (kb/diff.py)
MODALITY_NAMES = {"must": "应当", "must_not": "禁止", "should": "一般应", "encouraged": "鼓励", "target": "目标"}
DIFF_SUMMARY = "修改 {modified} 条，新增 {added} 条，删除 {deleted} 条{moved}"
DIFF_MOVED = "，移动 {n} 条"
DIFF_KINDS = {"modified": "修改", "moved": "移动", "added": "新增", "deleted": "删除", "unchanged": "未变"}
DIFF_RELATIONS = {"split": "由原条文拆分", "merged": "并入新条文"}
DIFF_FIELDS = {"modality": "要求程度", "quantity": "数量", "period": "频次", "deadline": "时限"}
DIFF_TITLE = "新旧对照表"
DIFF_COLUMNS = ("序号", "原条文", "修改后条文", "变化")
DIFF_HEADER = "《{title}》{old} → {new}"
DIFF_NUMBERS = "{old} → {new}"
DIFF_REQUIREMENTS = "要求的变化"
DIFF_REQUIREMENT = "{field}：{old} → {new}"
DIFF_NONE = "无"
