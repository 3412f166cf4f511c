"""What the library and search layer says to users, in one place (DESIGN.md §10).

Each message is a `str.format` template. A second language would translate this module.
"""

from __future__ import annotations

# why a question has no answer (shown after "没有明确的答案：")
NOTHING_ASKED = "问题里没有可以查找的内容"
NO_WORDS = "文库中没有条款用到这些词"
NOT_ALL = "没有条款回答问题的全部内容；下面列出最接近的条款"
NO_RULING = "没有条款规定所问的事（可以、应当还是不得）；下面列出最接近的条款"
NO_NUMBER = "没有条款给出所问的数字；下面列出最接近的条款"
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
SAME_TEXT = "与文库中的“{doc_id}”是同一份文件（标题、日期和正文都相同），不重复添加"
ALREADY_THERE = "文库里已经有了：{doc_id}"
