"""What the command line and the app say to users, in one place (DESIGN.md §10).

Help texts, errors, summaries and the words argparse itself prints. Each message is a `str.format`
template. A second language would translate this module (gettext would read its strings as ids).
"""

from __future__ import annotations

# ---- argparse's own words (usage, errors), by the English string argparse asks gettext for
ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示这段帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（用 %(prog)s --help 查看用法）\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这个选项（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面需要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "expected %s argument": "后面需要跟 %s 个值",
    "expected %s arguments": "后面需要跟 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有 %(parser_name)r 这个命令（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}

# ---- help of the commands and their options
DESCRIPTION = "中国教育政策文件的检索与问答：每个回答都带出处。不带命令时打开应用。"
HELP = {
    "home": "文库所在的目录（默认：环境变量 POLICYKB_HOME，否则为用户数据目录）",
    "debug": "出错时显示技术细节（调试用）",
    "version": "显示版本号并退出",
    "json": "以 JSON 输出",
    "docs": "文库：每份文档一行",
    "doc": "一份文档及其全部条款",
    "doc.doc_id": "文档编号或名称（可以是简称，如 毕节方案、义务教育法）",
    "doc.report": "列出清理时删除和修复的内容",
    "doc.place": "设置文档适用的地区（全国、北京市、贵州省毕节市……），用于正文看不出地区时；重建后仍保留",
    "show": "一个条款，连同它的上级标题和所在文档",
    "show.clause_id": "条款编号：文档编号/路径，如 义务教育法/第五条",
    "add": "添加文件或文件夹（含子文件夹）到文库",
    "add.paths": "文件或文件夹的路径",
    "add.bundled": "同时添加 policykb 自带的文件（文库里已有的会跳过）",
    "remove": "从文库中删除一份文档",
    "remove.doc_id": "文档编号或名称",
    "check": "检查文库的文件，并说明如何修复",
    "index": "重新解析文库（并重建索引）",
    "index.rebuild": "从保存的原件完全重建",
    "ask": "用原文条款回答一个问题（写 - 表示从标准输入每行读一个问题）",
    "ask.question": "要问的问题，如 \"班主任工作量如何计算\"",
    "top": "列出几条依据（默认 5）",
    "ask.school_type": "优先列出关于这类学校的条款（小学、初中、幼儿园……）",
    "doc_filter": "只查这份文档（编号或简称：毕节方案、义务教育法）",
    "chat": "对话：从标准输入每行读一句，追问会接着前面的问题",
    "chat.source": "写 -（从标准输入读）",
    "chat.school_type": "对话所关于的学校类型",
    "chat.json": "每行输出一个 JSON 对象：ask --json 的内容，加上 turn、asked（理解后的问题）、follow_up、school_type",
    "search": "按词语查找条款，最相关的在前",
    "search.text": "要查找的词语",
    "search.limit": "最多列出几条（默认 10）",
    "eval": "用一个 JSON Lines 问题文件衡量回答的质量",
    "eval.questions": "问题文件（每行一个 JSON 对象：id、question、gold）",
    "requirements": "要求目录（可筛选）",
    "requirements.topic": "只列这个主题（体育、作业、安全……）",
    "requirements.actor": "只列约束这个主体的要求（学校、教师、班主任……）",
    "requirements.school_type": "只列约束这类学校的要求",
    "modality": "must（应当）、must_not（不得）、should（宜）、encouraged（鼓励）或 target（目标）",
    "checklist": "为一类学校生成自查表",
    "checklist.school_type": "学校类型：小学、初中、九年一贯制学校、普通高中、幼儿园……",
    "checklist.attr": "学校属性：公办（默认）或民办，另可加 寄宿制、农村、项目学校；多个属性重复写 --attr",
    "checklist.place": "学校所在地：省、市或县区（北京市、贵州省毕节市）；列出全国的和当地的规定",
    "checklist.format": "xlsx、csv、md 或 json（默认：按 -o 的扩展名，否则 md）",
    "checklist.output": "写入的文件（默认：标准输出；xlsx 默认为 自查表-地区-类型-属性.xlsx）；给出文件夹时自动命名",
    "checklist.doc": "只列这份文档的要求",
    "topic": "只列这个主题",
    "checklist.superseded": "同时列出已被修订的旧版本中的要求",
    "checklist.others": "同时列出政府、教育部门和家庭对这类学校应做的事（教育局视角）",
    "compare": "同一要求在不同文件中的规定，数值不同的会标出",
    "compare.only_differing": "只列各文件规定不同的",
    "compare.superseded": "包括已被修订的旧版本",
    "review": "更正或确认一条要求（每次重建后仍保留）",
    "review.req_id": "要求编号（policykb requirements --json 列出）",
    "review.school_types": "逗号分隔的学校类型（写 '' 表示所有类型）",
    "review.actors": "逗号分隔的责任主体",
    "review.topics": "逗号分隔的主题",
    "review.exclude": "不是一条要求：不列入自查表",
    "review.include": "撤销 --exclude",
    "review.note": "说明原因",
}
# placeholders stay ASCII: argparse aligns its columns by characters, and a Chinese character is two columns wide
METAVAR = {"home": "DIR", "doc_id": "DOC", "clause_id": "CLAUSE_ID", "paths": "PATH", "question": "QUESTION",
           "text": "TEXT", "questions": "FILE", "source": "-", "req_id": "REQ_ID", "doc": "DOC",
           "school_type": "TYPE", "top": "K", "limit": "N", "place": "PLACE", "attr": "ATTR", "format": "FORMAT",
           "output": "FILE", "topic": "TOPIC", "actor": "ACTOR", "modality": "MODALITY"}
COMMAND_METAVAR = "COMMAND"
COMMAND_HELP = "要执行的命令（不写时打开应用）"

# ---- errors and results of the commands
BAD_COUNT = "“{text}”不是整数：请给出 1 或更大的整数"
TOO_SMALL = "{value} 太小：请给出 1 或更大的整数"
ERROR = "错误：{message}"
INTERRUPTED = "已中断，文库保持原样"
UNEXPECTED = "意外的错误（{where}）。文库保持原样。请用 --debug 重新运行并把输出报告给我们。"
BUILDING_INDEX = "建立检索索引"
NO_CLAUSE_ID = "找不到条款“{clause_id}”：条款编号的写法是 文档编号/路径，如 义务教育法/第五条。`policykb docs` 列出文档编号。"
NO_CLAUSE = "{doc_id} 中没有条款“{clause_id}”。`policykb doc {doc_id}` 列出它的全部条款。"
UNKNOWN_TOPIC = "没有“{topic}”这个主题。可用的主题：{topics}。"
UNKNOWN_REQUIREMENT = "没有编号为“{req_id}”的要求。`policykb requirements --doc 文档 --json` 列出要求编号。"
UNKNOWN_MODALITY = "没有“{modality}”这种情态。可用的：{modalities}。"
CHAT_USAGE_TITLE = "用法"
CHAT_USAGE = "`policykb chat` 从标准输入读对话：请用 `policykb chat -`（不是“{source}”），或用 `policykb` 打开应用。"
DOCS_COUNT = "\n共 {n} 份文档"
ADDED = "已添加 {doc_id}（{title}，{clauses} 个条款）"
SKIPPED = "跳过 {path}：{reason}"
NOTHING_ADDED = "没有可添加的内容"
REMOVED = "已删除 {doc_id}"
INDEXED = "已重新索引 {docs} 份文档，{clauses} 个条款"
NO_MATCH = "没有匹配的条款"
REQUIREMENTS_COUNT = "\n共 {n} 项要求"
COMPARED = "{n} 项要求见于不止一份文件，其中 {differing} 项各文件规定的数值不同"
REVIEWED = "{req_id}：已审核（{fields}）"
CONFIRMED = "确认无误"
EVAL_COLUMNS = ["编号", "问题", "名次", "答案", ""]
EVAL_SUMMARY = ("recall@1 {r1:.3f}  recall@5 {r5:.3f}  MRR@10 {mrr:.3f}  answer-hit {hit:.3f}"
                "  （有标准答案的问题 {n} 个）")
EVAL_NULLS = "无答案的问题中答“没有明确答案”的：{held}/{total}"
EVAL_TAG_COLUMNS = ["标签", "问题数", "recall@1", "recall@5", "answer-hit", "无答案守住"]
EVAL_VERDICTS = {"ok": "对", "miss": "错", "answered": "误答", "yes": "是", "no": "否", "null": "无答案"}

# ---- the app
APP_NOT_BUILT = "文库没有建成。"
APP_UNEXPECTED_TITLE = "意外的错误"
APP_UNEXPECTED = "出现了意外的错误（{where}）。文库保持原样。请把出错前的操作步骤报告给我们。"
BAD_SETTINGS_TITLE = "设置文件有误"
SETTINGS_NOT_JSON = "设置文件 {path} 不是合法的 JSON（第 {line} 行第 {column} 列）。请修正，或删掉它以使用默认设置。"
SETTINGS_BAD_VALUE = "设置文件 {path} 中 {fields} 的值不合要求。请修正，或删掉它以使用默认设置。"
SETTINGS_FILE = "文件本身"

# ---- Textual's own words, replaced (tui/builtins.py)
PALETTE = "命令"
PALETTE_TOOLTIP = "打开命令面板"
PALETTE_PLACEHOLDER = "搜索命令…"
PALETTE_NO_MATCHES = "没有匹配的命令"
PALETTE_CLOSE = "关闭命令面板"
MENU_CLOSE = "关闭菜单"
QUIT_TITLE = "要退出吗？"
QUIT_HINT = "按 {key} 退出 policykb"
QUIT = ("退出", "关闭 policykb")
MAXIMIZE = ("最大化", "让当前部件占满屏幕")
MINIMIZE = ("还原", "把最大化的部件恢复到原来大小")
