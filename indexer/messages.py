"""What the library and search layer says to users, in one place (DESIGN.md §10).

Each message is a `str.format` template. A second language would translate this module.
"""

from __future__ import annotations

# why a question has no answer (shown after "没有明确的答案：")
WHOSE_RULE = "{place}的规定：{answer}"
NOTHING_ASKED = "问题里没有可以查找的内容"
NO_WORDS = "文库中没有条款用到这些词"
NOT_ALL = "没有条款回答问题的全部内容；下面列出最接近的条款"
NO_NUMBER = "没有条款给出所问的数字；下面列出最接近的条款"
NOT_SURE = "这是最接近的条款中最像答案的一句，不一定回答了所问的事，请核对条款原文"
OTHER_SPAN = "最接近的条款说的是{said}，不是{asked}；下面列出最接近的条款"
NOT_ABOUT_KIND = "最接近的条款不是关于{kind}的；下面列出最接近的条款"

# evaluation files
EVAL_UNREADABLE = "无法读取问题文件 {path}（{why}）。请给出一个 JSON Lines 格式的问题文件。"
EVAL_BAD_LINE = ("{path} 第 {line} 行不是一个问题对象。每行应是一个 JSON 对象："
                 '{{"id": …, "question": "问题", "gold": ["答案片段", …]}}。')
EVAL_EMPTY = "{path} 里没有问题。每行写一个 JSON 对象。"

# adding files
UNREADABLE_FILES = "有 {n} 个文件无法读取，没有添加任何文件：\n{files}\n请修正或移走这些文件后再添加。"
UNREADABLE_MORE = "……另有 {n} 个"
SAVING = "保存并整理文库…"
# A copy whose file differs, but only where cleaning removes or repairs: said, so an edit that was
# cleaned away is not a mystery.
SAME_BUT_CLEANED = ("与文库中的“{doc_id}”正文相同，不重复添加：两个文件的差别只在清理时去掉的部分"
                    "（{removed}）")
SAME_BUT_SPACING = "与文库中的“{doc_id}”正文相同，不重复添加：两个文件只在空白、标点或全角半角上不同"
SAME_AFTER_CLEANING = ("与文库中的“{doc_id}”正文相同，不重复添加：两个文件的差别只在清理时去掉或修复的"
                       "网页框架、页码、断行等处（policykb doc {doc_id} --report 列出清理了什么）")
ALREADY_THERE = "文库里已经有了：{doc_id}"
SOURCE_TAKEN_BACK = "补回原件 {path}：文库里“{doc_id}”的原件不见了，已用这个文件补回"
SOURCE_GONE_KEPT = ("“{doc_id}”的原件不见了：保留它原来的解析结果。要补回原件，请再添加一次原来的文件"
                    "（policykb add {original}）")
TAKEN_BACK = "从隔离区收回“{doc_id}”（原来的文件：{original}）"
NO_BODY = "{path}：去掉网页框架后没有剩下正文；这是文件本身吗？"
NOTHING_TO_ADD = "没有要添加的文件：给出一个或多个文件或文件夹。"
NOT_READ_SUFFIX = "policykb 不读这种文件（{suffix}）"
UNREADABLE_FOLDERS = ("无法读取文件夹：{folders}。没有添加任何文件；"
                      "请检查这些文件夹的权限，或只添加能读取的文件夹。")

# the phases of a long change, named on its progress bar ("读取：文件名")
READING = "读取"
INDEXING = "建立索引"
EXTRACTING = "提取要求"
PHASE_ITEM = "{phase}：{item}"
WRITING_INDEX = "写入索引文件…"
DONE = "完成"

# opening the library
NO_LIBRARY_TITLE = "没有文库"
NO_LIBRARY = "{home} 中没有文库。运行 `policykb docs` 建立一个。"
STORE_GONE = "文件不见了，但 documents/ 中还有文档的原件"  # why the library is damaged (after "已损坏（")
NO_DOCUMENT = "文库里没有文档“{doc_id}”。{hint}`policykb docs` 列出所有文档。"
DID_YOU_MEAN = "是不是 `{doc_id}`？"
BUILDING_CATALOG = "正在建立要求目录…"
REBUILDING_INDEX = "正在重建检索索引：{reason}。"
CANNOT_CREATE_TITLE = "无法建立文库"
CANNOT_CREATE = "无法在 {folder} 建立文库：{why}。请用 --home 或 POLICYKB_HOME 换一个可写的位置。"
OVERRIDES_SOURCE = "人工修正"  # where the stored corrections come from, named when one of them is wrong

# why the search index must be rebuilt (after "正在重建检索索引：")
NO_INDEX = "文库还没有检索索引"
INDEX_SCHEMA = "检索索引是第 {found} 版格式，本程序用第 {version} 版"
ANALYZER_CHANGED = "建索引之后词典或分词方式改变了"
INDEX_UNREADABLE = "检索索引无法读取（{why}）"

# the store (indexer/store.py)
DISK_FULL_TITLE = "磁盘已满"
DISK_FULL = "磁盘已满（{path}）：文库保持原样。请腾出空间后重试，或用 --home 把文库放到别的磁盘。"
DISK_FULL_HOME = ("磁盘已满{where}：文库 {home} 所在的磁盘只剩 {free}，写不下{what}。文库保持原样。请腾出空间后重试，"
                  "或用 --home 把文库放到别的磁盘。")
DISK_FULL_WHAT = {"index": "新的检索索引", "": "这次改动"}
NO_PERMISSION_HOME = "没有权限写入 {path}：文库保持原样。请检查文库目录 {home} 的权限，或用 --home 换一个可写的位置。"
ROW_UNREADABLE = "有文档的记录无法读取"
REQUIREMENT_UNREADABLE = "有要求的记录无法读取"
CHECK_STORE_DAMAGE_COUNT = "文库记录 {path} 有 {n} 处损坏（SQLite 的完整性检查；第一处：{first}）"
NO_READ_PERMISSION = "没有权限读取文库记录 {path}：请检查这个文件和它所在目录的权限，或用 --home 换一个位置。"
READ_ONLY = ("文库 {home} 不可写（只读的目录、文件或磁盘）：可以查询和导出，不能添加、删除或重建。"
             "要改动，请让这个目录和 {files} 可写，或用 --home 换一个可写的位置。")
NO_PERMISSION_TITLE = "没有权限"
NO_PERMISSION = "没有权限写入文库记录（{path}）：请检查文库目录的权限，或用 --home 换一个可写的位置。"
BUSY_TITLE = "文库正忙"
BUSY = "文库正被另一个程序改动（{path}），等了 60 秒仍未完成：请稍后重试。"
# why the store is damaged (after "已损坏（")
NOT_A_DATABASE = "不是可以读取的数据库：{why}"
STORE_SCHEMA = "数据库是第 {found} 版格式，本程序用第 {version} 版"
PARSE_UNREADABLE = "《{doc_id}》的解析结果无法读取"

# moving an older release's library (indexer/migrate.py)
LEGACY_UNREADABLE = "旧版文库清单无法读取"
LEGACY_NOT_MANIFEST = "内容不是文库清单"
LEGACY_SOURCE_UNREADABLE = "《{doc_id}》的原件 {source} 无法读取"
MIGRATING = "正在把旧版文库（{n} 份文档）升级为新的存储格式…"
MIGRATED = "文库已升级：{documents} 份文档、{overrides} 条人工修正都已保留。"

# rebuilding a damaged library from its sources (indexer/recover.py)
DAMAGED_KEPT = "损坏的文库记录已留作备份：{path}"
NOT_RESTORED = "{source} 无法重新读取，未放回文库：{why}"
RECOVERED = "已从原件重建文库：{n} 份文档。"

# `policykb check`: problems, notes and fixes
REBUILD = "policykb index --rebuild"
FIRST_RUN = "policykb（第一次运行会建立文库）"
CHECK_NO_STORE = "没有文库记录 {path}"
CHECK_STORE_DAMAGED = "文库记录 {path} 已损坏：{damage}"
CHECK_SOURCE_CHANGED = "《{doc_id}》的原件 {source} 与记录的内容不同（被改动过）"
CHECK_SOURCE_MISSING = ("《{doc_id}》的原件 {source} 不见了或无法读取（它的条款还在；补回原件：policykb add "
                        "{original}）")
CHECK_QUARANTINE = ("隔离区 {folder} 里有 {n} 个原件，文库记录里没有它们（中断的添加或丢失的记录留下的）："
                    "policykb index --rebuild 把它们收回文库，或再添加一次原来的文件")
CHECK_PARSE_DAMAGED = "《{doc_id}》的解析结果已损坏"
CHECK_STAGED = "有 {n} 份文件的添加被中断，下次 `policykb add` 时会继续"
CHECK_NO_INDEX = "没有检索索引"
CHECK_INDEX_STALE = "检索索引需要重建：{why}"
CHECK_INDEX_MISMATCH = "检索索引与文库不一致（索引 {indexed} 份，文库 {stored} 份）"
CHECK_INDEX_BROKEN = "检索索引无法打开：{why}"
CHECK_UNEXTRACTED = "要求目录还缺 {n} 份文档（下次使用时会自动补上）"

# a conversation (indexer/conversation.py)
FOLLOW_UP_FIRST = ("“{text}”像是接着上一个问题问的，但前面还没有问题：请把问题说完整，"
                   "例如“初中生每年社会服务有什么要求”")
NOTHING_SPECIFIC = "没有找到专门针对“{words}”的条款，下面是不分{words}的规定"

# versions (indexer/versions.py)
NO_OTHER_VERSION_TITLE = "没有可对照的版本"
NO_OTHER_VERSION = "文库里只有《{title}》（{doc_id}）这一个版本，没有可以对照的新版或旧版。可以给出两份文件：policykb diff 旧文件 新文件。"
SAME_VERSION = "两次给出的是同一份文件（{doc_id}）。请给出两个不同的版本。"
NOT_VERSIONS = "《{old}》和《{new}》不是同一份文件的两个版本，不能逐条对照。请给出同一份文件的旧版和新版。"
