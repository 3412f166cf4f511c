"""What the command line and the app say to users, in one place (DESIGN.md §10).

Help texts, errors, summaries and the words argparse itself prints. Each message is a `str.format`
template. A second language would translate this module (gettext would read its strings as ids).
"""

from __future__ import annotations

from policykb.kb import messages as kb_messages

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
    "serve": "在浏览器里提供同一个应用（一个文库，多人只读查阅）",
    "serve.host": "监听的地址（默认 127.0.0.1，只有本机能访问；其他地址需要 --token）",
    "serve.port": "端口（默认 8000）",
    "serve.token": "访问令牌（至少 12 个字符）；写 auto 自动生成一个并显示一次；也可放在环境变量 POLICYKB_TOKEN 里",
    "serve.max_sessions": "最多同时打开的会话数（默认按可用内存计算，每个会话约 {mb} MB）",
    "serve.idle_minutes": "会话闲置多少分钟后结束（默认 {idle}）",
    "ask": "用原文条款回答一个问题（写 - 表示从标准输入每行读一个问题）",
    "ask.question": "要问的问题，如 \"班主任工作量如何计算\"",
    "top": "列出几条依据（默认 5）",
    "ask.place": "学校所在地（北京市、贵州省毕节市）：先给全国和当地的规定；不写时用保存的“我的学校”，写 \"\" 则不按地区",
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
    "diff": "新旧对照：一份文件两个版本之间改了哪些条文（删去的字标为 [-…-]，新增的标为 {+…+}）",
    "diff.old": "旧版本（文档编号或名称；只给现行版本时，与它取代的旧版对照）",
    "diff.new": "新版本（默认：取代旧版本的那一版）",
    "diff.format": "md、xlsx 或 json（默认：按 -o 的扩展名；不写时在终端列出）",
    "diff.output": "写入的文件（新旧对照表）",
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
METAVAR |= {"old": "OLD", "new": "NEW", "host": "HOST", "port": "PORT", "token": "TOKEN", "max_sessions": "N",
            "idle_minutes": "M"}
COMMAND_METAVAR = "COMMAND"
COMMAND_HELP = "要执行的命令（不写时打开应用）"

# ---- errors and results of the commands
BAD_COUNT = "“{text}”不是整数：请给出 1 或更大的整数"
TOO_SMALL = "{value} 太小：请给出 1 或更大的整数"
BAD_PORT = "端口 {value} 不在 0–65535 之间"
ERROR = "错误：{message}"
INTERRUPTED = "已中断，文库保持原样"
# the disk or the file system failed ({where}: "（the file）" or nothing)
DISK_FULL = "磁盘已满{where}：文库保持原样。请腾出空间后重试，或用 --home 把文库放到别的磁盘。"
NO_PERMISSION = "没有权限{where}：请检查文件和文库目录的权限，或用 --home 换一个可写的位置。"
NAME_TOO_LONG = "文件名太长{where}：请把文件改名（短一些）后再添加。"
DISK_FAILED = "读写文件失败{where}：{reason}。文库保持原样；请检查磁盘和路径后重试。"
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
EVAL_TIERS = "确定的回答 {sure} 个（其中错的 {wrong} 个），“可能是”的回答 {likely} 个；给出的回答中对的比例 {right}"
EVAL_NULLS = "无答案的问题中答“没有明确答案”的：{held}/{total}"
EVAL_TAG_COLUMNS = ["标签", "问题数", "recall@1", "recall@5", "answer-hit", "无答案守住"]
EVAL_VERDICTS = {"ok": "对", "miss": "错", "answered": "误答", "yes": "是", "no": "否", "null": "无答案"}

# ---- the app
APP_NOT_BUILT = "文库没有建成。"
APP_UNEXPECTED_TITLE = "意外的错误"
APP_UNEXPECTED = "出现了意外的错误（{where}）。文库保持原样。请把出错前的操作步骤报告给我们。"
APP_CRASHED = "policykb 因意外的错误停止了（{where}）。文库保持原样，可以重新打开；请把出错前的操作步骤报告给我们。"
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
MAXIMIZE = ("窗口：最大化", "让当前部分占满屏幕")
MINIMIZE = ("窗口：还原", "把最大化的部分恢复到原来大小")

# ---- the app's frame: title, tabs, keys, command palette entries (tui/app.py)
APP_SUB_TITLE = "政策文件库"
TAB_ASK = "问答"
TAB_SEARCH = "检索"
TAB_LIBRARY = "文库"
TAB_CHECKLIST = "自查表"
TAB_KEYS = "标签页"
APP_HELP = "帮助"
APP_THEME = "主题"
APP_QUIT = "退出"
APP_DAMAGED = "{title}：{message}"
APP_THEME_NOT_SAVED = "主题未能保存到 {path}：{reason}"
APP_UNKNOWN_PLACE = "未知位置"
# command palette entries: (title, help)
CMD_SOURCE_COPY = ("原文：复制引用", "把当前条款（标题、路径、原文）复制到剪贴板")
CMD_SOURCE_NEXT = ("原文：下一条", "移到下一条款")
CMD_SOURCE_PREVIOUS = ("原文：上一条", "移到上一条款")
SOURCE_NEXT_PREVIOUS = "下/上一条"
CMD_SOURCE_OUTLINE = ("原文：大纲", "跳到条款大纲")
CMD_SOURCE_BACK = ("原文：返回", "回到上一屏")
CMD_TAB_TITLE = "{tab}：切换到{tab}"
CMD_TAB_HELP = "打开{tab}标签页"
CMD_ASK_NEW = ("问答：新对话", "接下来的问题不再接着上文理解")
CMD_ASK_OPEN = ("问答：打开出处", "在原文中打开最新回答的第一条出处")
CMD_ASK_HISTORY = ("问答：历史记录", "搜索以前问过的问题")
CMD_LIBRARY_ADD = ("文库：添加文件或文件夹", "选择要加入文库的文件")
CMD_LIBRARY_REMOVE = ("文库：移除所选文件", "从文库中移除表格中选中的文件")
CMD_LIBRARY_BUNDLED = ("文库：恢复自带文件", "把 policykb 自带的文件加回文库（已有的跳过）")
CMD_LIBRARY_REINDEX = ("文库：重建索引", "重新解析全部文件并重建索引")
CMD_SEARCH_CLEAR = ("检索：清除筛选", "不再按文件、类别、状态、主题筛选")
CMD_CHECKLIST_EXPORT = ("自查表：导出", "按当前学校类型导出自查表")
CMD_HELP = ("帮助：按键与说明", "列出全部按键和它们的用途")
CMD_THEME = ("主题：切换浅色/深色", "在深色与浅色主题之间切换")

# ---- requirement lines and modalities (tui/render.py)
MODALITY_LABELS = kb_messages.MODALITY_NAMES
REQUIREMENT_TAG = "【{tag}】"
REQUIREMENT_EXTRA = "  （{extra}）"

# ---- first run: building the library (tui/widgets/build.py)
BUILD_TITLE = "第一次使用：正在建立文库\n{home}"
BUILD_REREAD_TITLE = "新版本读文件的方式有改进：正在重新整理文库（只做这一次）\n{home}"
BUILD_REREAD_FAILED = "重新整理文库没有完成：{reason}\n文库还是原来的样子。按 Ctrl+Q 退出。"
BUILD_FAILED = "建立文库失败：{reason}\n按 Ctrl+Q 退出；用 --home 选择另一个位置后重试。"

# ---- the Ask tab (tui/widgets/chat.py)
ASK_OPEN = "打开出处"
ASK_CITATIONS = "出处"
ASK_HISTORY = "历史"
ASK_NEW = "新对话"
SAVED_PLACE_BAD = "{path} 中保存的“我的学校”所在地有误：{why}\n请在应用的“自查表”页重新填写学校所在地，或用 --place 指定（--place \"\" 表示不按地区）。"
ASK_SCHOOL = "我的学校：{place} {kind}（先给全国和本地规定；在“自查表”页更改）"
ASK_SCHOOL_BAD = "“我的学校”所在地“{place}”无法识别，回答未按地区排序：请在“自查表”页重新填写学校所在地"
ASK_NO_SCHOOL = "未设“我的学校”：在“自查表”页填学校所在地，回答会先给全国和本地规定"
ASK_PLACEHOLDER = "输入问题，回车发送（例：班主任工作量如何计算）"
ASK_PAST = "—— 以上是以前的对话；接着问，或 Ctrl+N 开始新对话 ——"
ASK_EMPTY = "按 F4 打开文库页。"  # after LIBRARY_EMPTY
ASK_START = "问一个问题：回答是文件中的原句，并附出处。\nTab 选中出处、回车打开原文；F1 帮助。"
ASK_NOTHING_TO_OPEN = "还没有可以打开的出处：先问一个问题。"
ASK_NEW_DIVIDER = "—— 新对话：接下来的问题不再接着上文理解 ——"
ASK_NEW_STARTED = "已开始新对话：接下来的问题不再接着上文理解。"

# ---- one turn of the chat: question, answer, citations (tui/widgets/message.py)
CITATION_OPEN = "打开"
CITATION_FOLLOW = "跳到引用"
CITATION_NEXT = "下一条"
CITATION_PREVIOUS = "上一条"
TURN_QUESTION = "问："
TURN_ASKED = "（理解为：{asked}）"
TURN_ANSWER = "答："
TURN_LIKELY = "可能是："
TURN_NOTE = "（{note}）"
TURN_NO_ANSWER = "没有明确的答案"
TURN_NO_ANSWER_WHY = "：{why}。"
TURN_NO_CLAUSE = "文库中没有回答这个问题的条款"
TURN_BASIS = "依据"
TURN_NEAREST = "最接近的条款"
TURN_MORE_REQUIREMENTS = "\n…另有 {count} 条（自查表标签页可导出）"
TURN_REQUIREMENTS = "这些条款中的要求"
TURN_FAILED = "出错了"
TURN_FAILED_WHY = "：{message}"

# ---- the conversation history (tui/widgets/history.py)
HISTORY_CLOSE = "关闭"
HISTORY_TITLE = "历史记录：输入词语筛选，回车把这一问放回对话中；Esc 关闭"
HISTORY_PLACEHOLDER = "筛选（问题或答案中的词语）"
HISTORY_NO_ANSWER = "（没有明确的答案）"
HISTORY_NONE = "（没有符合的记录）"

# ---- the source view (tui/widgets/source.py)
SOURCE_SUPERSEDES = "取代：{doc}"
SOURCE_SUPERSEDED_BY = "已被取代：{doc}"
SOURCE_HISTORY = "沿革：{history}"
SOURCE_PARAGRAPH = "第{number}款"
SOURCE_BACK = "返回"
SOURCE_COPY = "复制"
SOURCE_OUTLINE = "大纲"
SOURCE_NEXT = "下一条"
SOURCE_PREVIOUS = "上一条"
SOURCE_COPIED = "已复制：{title} {path}"

# ---- the Search tab (tui/widgets/search.py)
SEARCH_CLEAR = "清除筛选"
SEARCH_PLACEHOLDER = "输入词语，边输入边检索（例：课后服务 收费）"
SEARCH_ALL_DOCS = "全部文件"
SEARCH_ALL_KINDS = "全部类别"
SEARCH_ALL_STATUSES = "全部状态"
SEARCH_ALL_TOPICS = "全部主题"
SEARCH_RUNNING = "检索中…"
SEARCH_COUNT = "{count} 条"
SEARCH_AT_LIMIT = "（已到上限，可加词或筛选）"
SEARCH_NONE = "没有符合的条款：换个说法，或清除筛选（Ctrl+L）"

# ---- the Library tab (tui/widgets/library.py)
LIBRARY_EMPTY = ("文库为空：按 a 添加文件或文件夹，按 b 恢复自带的文件"
                 "（命令行：`policykb add 路径` 或 `policykb add --bundled`）。")
LIBRARY_ADD = "添加"
LIBRARY_REMOVE = "移除"
LIBRARY_REINDEX = "重建索引"
LIBRARY_BUNDLED = "恢复自带文件"
LIBRARY_OPEN = "打开"
LIBRARY_COLUMNS = ["标题", "类别", "日期", "状态", "条款"]
LIBRARY_STATUS = "{docs} 个文件，{clauses} 个条款 · a 添加  Delete 移除  r 重建索引  回车打开"
LIBRARY_BUSY = "文库正在更新，请稍候。"
LIBRARY_ADDING = "正在添加…"
LIBRARY_REMOVING = "正在移除 {doc_id}…"
LIBRARY_REMOVE_QUESTION = "从文库中移除《{doc_id}》？\n（原文件不受影响）"
LIBRARY_REMOVE_YES = "移除"
LIBRARY_REINDEXING = "正在重新解析并重建索引…"
LIBRARY_REINDEX_QUESTION = "重新解析全部 {count} 份文件并重建索引？\n大文库要几分钟；期间仍可问答，完成后换成新的索引。"
LIBRARY_REINDEX_YES = "重建索引"
LIBRARY_UNCHANGED = "没有改动：文库保持原样。"
LIBRARY_ADDED = "已添加 {count} 个文件"
LIBRARY_RESTORED = "；补回了“{doc_id}”的原件"
LIBRARY_ADDED_SKIPPED = "；跳过 {count} 个（{skipped}）"  # after LIBRARY_ADDED
LIBRARY_SKIPPED_FILE = "{name}：{reason}"
LIBRARY_REMOVED = "已移除 {doc_id}"
LIBRARY_REINDEXED = "已重建索引：{count} 个文件"

# ---- the file picker (tui/widgets/picker.py)
PICKER_UP = "上一级文件夹"
PICKER_CANCEL = "取消"
PICKER_TITLE = "添加文件或文件夹（txt、md、docx、pdf、html）：在树中选中，或直接输入路径后回车"
PICKER_PLACEHOLDER = "文件或文件夹的路径"
PICKER_ADD = "添加"
PICKER_NO_SUCH = "没有这个文件或文件夹：{path}。请检查路径。"
PICKER_EMPTY_PATH = "（空）"

# ---- the Checklist tab (tui/widgets/checklist.py)
CHECKLIST_EXPORT = "导出"
CHECKLIST_EXCLUDE = "排除/恢复此项"
CHECKLIST_PLACE_PLACEHOLDER = "学校所在地，如 贵州省毕节市（回车确定）"
CHECKLIST_OTHERS = "含政府/家庭职责"
CHECKLIST_TREE = "自查表"
CHECKLIST_SETTINGS_NOT_SAVED = "设置未能保存：{reason}"
CHECKLIST_BUILDING = "正在整理…"
CHECKLIST_NO_PLACE = "（未填所在地：列出了所有地区的文件）"
CHECKLIST_HOW = {"not_school": "勾选“含政府/家庭职责”可列出政府、部门和家庭的职责"}  # after a note of what was left out
CLI_CHECKLIST_HOW = {"unknown": "可用 policykb doc 文件 --place 地区 指定", "not_school": "--others 可列出政府、部门和家庭的职责"}
CLI_CHECKLIST_DONE = "{title}：{rows} 项，{topics} 个类别{merged}{where}"
CLI_CHECKLIST_MERGED = "（同一要求见于多份文件的已合并 {n} 项）"
CLI_CHECKLIST_NO_PLACE = "未指定地区：列出了所有地区的文件。用 --place 指定学校所在地（如 --place 贵州省毕节市）。"
CHECKLIST_SUMMARY = "{title}：{rows} 项，{topics} 个类别{where}"
CHECKLIST_LEFT_OUT = "未列入的："
CHECKLIST_TOPIC_COUNT = "（{count}）"
CHECKLIST_DETAIL_HINT = "选中一项，这里显示它的全文和所有出处。Enter 打开出处，x 排除此项。"
CHECKLIST_ALSO = " 等 {count} 份文件"
CHECKLIST_ROW_SOURCE = "  —— {title} {path}{more}"
CHECKLIST_EXCLUDED_MARK = "（已排除，再按 x 恢复）"
CHECKLIST_SENTENCE = "原句：{sentence}"
CHECKLIST_QUANTITY = "量化指标"
CHECKLIST_ACTORS = "责任主体"
CHECKLIST_PERIOD = "频次/时限"
CHECKLIST_SCHOOLS = "适用学校"
CHECKLIST_ALL_SCHOOLS = "各类学校"
CHECKLIST_REMARKS = "备注"
CHECKLIST_FIELD = "{name}：{value}"
CHECKLIST_SOURCES = "出处（{count}）："
CHECKLIST_SOURCE = "  《{title}》{path}（{status}）"
CHECKLIST_DIFFERS = "规定不同的文件："
CHECKLIST_DIFFER = "  《{title}》{path}：{text}"
CHECKLIST_EXCLUDED_NOTE = "自查表中排除"  # the review's note, kept in the library
CHECKLIST_EXCLUDED = "已排除此项，导出时不再列入（再按 x 恢复）。"
CHECKLIST_RESTORED = "已恢复此项。"
CHECKLIST_NOT_READY = "自查表还在整理，请稍候再导出。"
CHECKLIST_NO_PATH = "请先填写导出路径。"
CHECKLIST_EXPORTING = "正在导出…"
CHECKLIST_OVERWRITE_QUESTION = "{path}\n已经存在。写入新的自查表会替换它（已填写的内容会丢失）。\n要保留它，请取消后在路径框里换一个文件名。"
CHECKLIST_OVERWRITE_YES = "替换"
CHECKLIST_EXPORTED = "已导出 {count} 项 → {path}"

# ---- dialogs and the help screen (tui/widgets/dialogs.py)
DIALOG_CLOSE = "关闭"
DIALOG_OK = "知道了"
DIALOG_CANCEL = "取消"
DIALOG_YES = "确定"
HELP_CLOSE = "关闭"
# Markdown; the braces of the keymap example are doubled for str.format
HELP_SCREEN = """\
# policykb 帮助

**问答**（F2）：输入问题回车。回答是文件中的原句，下面是出处（文件 · 条款路径，草案和旧版本带标记）
和这些条款中的要求。接着问“那初中呢？”会按上一问理解，并显示“理解为：…”。
Tab 选中出处，回车在原文中打开；Ctrl+O 打开最新回答的第一条出处。

**原文**：被引用的条款高亮并滚到眼前；↑↓ 或 n/p 逐条移动，o 跳到大纲，c 复制引用，Esc 返回。

**检索**（F3）：边输入边出结果，可按文件、类别、状态、主题筛选；回车打开原文。

**文库**（F4）：文件及其元数据；a 添加文件或文件夹，Delete 移除，r 重建索引。
出错的文件会弹窗说明，文库保持不变。

**自查表**（F5）：选学校类型和属性，预览按主题分组的要求，导出 xlsx / csv / md。

Ctrl+P 打开命令面板（所有操作都在里面），Ctrl+T 切换浅色/深色，Ctrl+Q 退出。

## 按键与编号

在文库目录的 `settings.json` 中用 `"keymap": {{"编号": "按键"}}` 改键，例如
`{{"keymap": {{"tab.search": "f6"}}}}`。

设置文件：`{settings_path}`　　版本：policykb {version}

| 编号 | 按键 | 作用 |
|---|---|---|
{table}
"""

# a browser visitor's (policykb serve): the library is read here and changed on the server; no keymap file
HELP_SCREEN_VISITOR = HELP_SCREEN.replace(
    "**文库**（F4）：文件及其元数据；a 添加文件或文件夹，Delete 移除，r 重建索引。\n出错的文件会弹窗说明，文库保持不变。",
    "**文库**（F4）：文件及其元数据。在浏览器中只能查阅；文库由管理员在服务器上更新。").replace(
    "**自查表**（F5）：选学校类型和属性，预览按主题分组的要求，导出 xlsx / csv / md。",
    "**自查表**（F5）：选学校类型和属性，预览按主题分组的要求，下载 xlsx / csv / md。").replace(
    "在文库目录的 `settings.json` 中用 `\"keymap\": {{\"编号\": \"按键\"}}` 改键，例如\n`{{\"keymap\": {{\"tab.search\": \"f6\"}}}}`。\n\n设置文件：`{settings_path}`　　", "")

# ---- diff (tui/versions.py)
DIFF_OLD = "原："
DIFF_NEW = "新："
DIFF_WRITTEN = "新旧对照表 → {path}（{summary}）"
DIFF_REQUIREMENT_CHANGED = "要求的变化：{fields}"

# ---- cross-references (show, doc --report)
SHOW_REFERENCE = "引用：{text} → {target}"
SHOW_NOT_IN_LIBRARY = "（不在文库中）"
SHOW_CITED_BY = "被引用：{clause_id}（{text}）"
REPORT_UNRESOLVED = "\n无法对应到条款的引用 {n} 处："

# ---- 对照 (tui/widgets/diff.py) and the source view's versions and references
DIFF_OLD_LABEL = "原："
DIFF_NEW_LABEL = "新："
DIFF_NONE = "（无）"
DIFF_NEXT = "下一处"
DIFF_PREVIOUS = "上一处"
DIFF_NEXT_PREVIOUS = "下/上一处"
DIFF_OPEN = "打开条文"
DIFF_SCREEN_TITLE = "《{title}》新旧对照"
DIFF_VERSIONS = "{old} → {new}"
DIFF_WORKING = "正在对照…"
DIFF_NOTHING = "两个版本的条文相同（只差空格或标点宽度的不算改动）。"
SOURCE_COMPARE = "对照"
SOURCE_CURRENT = "现行条文"
SOURCE_FOLLOW = "跳到引用"
SOURCE_NO_REFERENCE = "这一条没有能跳转的引用。"
SOURCE_JUMPED = "已跳到 {path}，Esc 返回"
SOURCE_NOT_IN_CURRENT = "现行版本中没有与此条对应的条文（已删除）。"
SOURCE_PICK_REFERENCE = "跳到哪一处引用？"
CMD_SOURCE_COMPARE = ("原文：新旧对照", "与这份文件的另一个版本逐条对照")
CMD_SOURCE_CURRENT = ("原文：现行条文", "在现行版本中打开与此条对应的条文")
CITATION_SUPERSEDED = "（此版本已被取代：打开后按 g 看现行条文）"
QUOTED = "    所引条款（{text}）：{title} {path}\n      {clause}"
TURN_QUOTED = "所引条款（{text}）：{title} {path}\n"
DIFF_FAILED = "对照没有完成。"
CHECKLIST_NOT_EXPORTED = "导出没有完成：文件没有写出。"

# policykb serve (tui/serve.py): the server's own words and pages
SERVE_TITLE = "policykb 政策文件库"
SERVE_STARTED = ("policykb 正在向浏览器提供文库：{url}\n  文库：{home}\n  最多 {sessions} 个同时访问的会话；"
                 "闲置 {idle} 分钟的会话自动结束。按 Ctrl+C 停止。\n  更新文库请在本机另开终端运行 policykb add / remove "
                 "（访问者下一次提问即看到新文库）。")
SERVE_TOKEN = "  访问令牌已生成（只显示这一次）。请把这个地址交给要访问的人：{url}"
SERVE_TOKEN_KEPT = "  访问令牌已启用（用你给的令牌）：访问地址后加 ?token=令牌，浏览器会记住 30 天。"
SERVE_OPENING = "正在打开文库 {home}（第一次会先建立，约半分钟）……"
SERVE_PORT_IN_USE = "{host}:{port} 已被占用：请用 --port 换一个端口，或先停止占用它的程序。"
SERVE_NOT_HERE = "{host} 不是这台机器的地址：请给本机的地址（ip addr 可查），或用 0.0.0.0 监听所有地址（需要 --token）。"
SERVE_PRIVILEGED = "端口 {port} 需要管理员权限：请用 1024 以上的端口（如 8000），由反向代理对外提供 80/443。"
SERVE_NEEDS_TOKEN = ("绑定到 {host} 会让其他机器访问文库，需要访问令牌。请加 --token 令牌（至少 12 个字符），"
                     "或 --token auto 自动生成一个并显示一次；只在本机使用请去掉 --host（默认 127.0.0.1）。")
SERVE_BAD_TOKEN = "访问令牌至少 12 个字符，且不能含空格或 & # ? ; = % \" ' < >。可用 --token auto 自动生成一个。"
SERVE_BAD_SESSIONS = "--max-sessions 必须是正整数（给的是 {value}）。"
SERVE_BAD_IDLE = "--idle-minutes 必须大于 0。"
SERVE_CANNOT_LISTEN = "无法在 {host}:{port} 上提供服务：{reason}。请换一个端口（--port）或先停止占用它的程序。"
SERVE_NO_TOKEN_TITLE = "需要访问令牌"
SERVE_NO_TOKEN = "这个文库只对持有访问令牌的人开放。请使用管理员给你的完整地址（含 ?token=…）打开。"
SERVE_FORBIDDEN_TITLE = "拒绝访问"
SERVE_OTHER_SITE = "只能从本服务器的页面打开会话。"
SERVE_FULL_TITLE = "服务器已满"
SERVE_FULL = "同时访问的人数已达上限。请过一两分钟后刷新本页；关闭不用的标签页会空出位置。"
SERVE_CLOSED = "会话已结束（关闭、闲置过久或服务器已满）。"
SERVE_RESTART = "重新开始"
SERVE_IDLE = "闲置过久"
SERVE_NO_DOWNLOAD = "这个下载已经不在了，请在应用里重新导出。"
VISITOR_NO_LIBRARY = "服务器上的文库还没有准备好（{home}）。请管理员在服务器上运行 policykb index 后再刷新。"
VISITOR_READ_ONLY = "在浏览器里只能查阅文库；添加、删除和重建由管理员在服务器上用命令行完成。"
VISITOR_DOWNLOAD = "下载"
VISITOR_DOWNLOADED = "已导出 {count} 项，浏览器正在下载 {name}"
