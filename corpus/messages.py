"""What the reading layer says to users, in one place (DESIGN.md §10).

Each message is a `str.format` template that names the file or value and the next step. A second
language would translate this module (gettext would read its strings as message ids).
"""

from __future__ import annotations

# titles of the errors' dialogs
ERROR = "出错了"
CANNOT_READ = "无法读取文件"
NOT_FOUND = "找不到"
EMPTY_LIBRARY = "文库是空的"
DAMAGED_LIBRARY = "文库记录已损坏"

EMPTY_LIBRARY_TEXT = ("文库是空的（{home}），没有可以回答或列出的内容。"
                      "添加文件：`policykb add 文件或文件夹`（应用里在文库页 F4 按 a）；"
                      "恢复自带的文件：`policykb add --bundled`。")
DAMAGED_LIBRARY_TEXT = ("文库记录 {path} 已损坏（{why}）。文档的原件都还在：运行 `policykb index --rebuild` "
                        "从原件重建文库（损坏的文件会留作备份，不会删除任何文档）。")

# reading a file
TOO_LARGE = ("{name}：文件太大（{size:.0f} MB，上限 {limit} MB）。"
             "政策文件一般只有几 MB：请确认这是文件本身；确需添加时设置 POLICYKB_MAX_MB 调高上限。")
ZIP_BOMB = ("{name}：解压后有 {size:.0f} MB（上限 {limit} MB），不像一份政策文件（可能是压缩炸弹）。"
            "请在 Word 或 WPS 中打开后另存为 .docx 再添加。")
TOO_LONG = ("{name}：文字太长（{chars} 个字，上限 {limit:,} 个字）。最长的法律也只有十几万字：请确认这是"
            "一份文件本身；确需添加时设置 POLICYKB_MAX_CHARS 调高上限。")
XML_TOO_LARGE = ("{name}：正文部分解压后有 {size:.0f} MB（上限 {limit} MB），不像一份政策文件。"
                 "请在 Word 或 WPS 中打开后另存为 .docx 再添加。")
HTML_FLATTENED = "网页嵌套超过 {depth} 层：更深的 {n} 个标签被展平（文字保留）"
PIECES_CUT = "有 {n} 处很长的句子（没有句号）在逗号处或按长度切成了几段条款"
BINARY = "{name}：内容不是文字（看起来是二进制文件）。如果它本是 Word 或 PDF 文件，请用原件（.docx、.pdf）添加；如果是文字，请另存为 UTF-8 或 GBK 编码的 .txt。"
ENTITIES_DROPPED = "去掉了 {n} 个实体引用（{names}：没有读取它们指向的内容），它们后面的文字保留"
BYTES_REPLACED = "有 {n} 个字节无法按 {encoding} 读出，已换成 �（第 {lines} 行）"
UNKNOWN_ENCODING = "{name}：无法判断文字编码。请另存为 UTF-8 编码后再添加。"
NO_SUCH_FILE = "{name}：文件不存在。请检查路径。"
NOT_A_FILE = "{name}：不是文件。请给出文件或文件夹的路径。"
UNSUPPORTED = "{name}：不支持的文件类型“{suffix}”。policykb 能读 {supported}；请先转换成其中一种。"
NO_SUFFIX = "（无扩展名）"
EMPTY_FILE = "{name}：文件是空的。"
NO_TEXT = "{name}：文件里没有找到文字。"
NOT_TEXT = "{name}：内容不是可读的文字（可能是二进制数据）。"
BAD_PDF = "{name}：无法读取这个 PDF（文件可能已损坏）。请重新导出为 PDF，或另存为 .docx 再添加。"
SCANNED_PDF = "{name}：这个 PDF 没有文字层（可能是扫描件）。请先做文字识别（OCR，例如 ocrmypdf），再添加结果。"
BAD_DOCX = "{name}：无法读取这个 .docx 文件（文件可能已损坏）。请在 Word 或 WPS 中打开后另存为 .docx 再添加。"

# places
AMBIGUOUS_PLACE_TITLE = "地区不明确"
AMBIGUOUS_PLACE = "地区“{text}”不止一处：{options}。请写出上级地区，如“{example}”。"
UNKNOWN_PLACE_TITLE = "找不到地区"
UNKNOWN_PLACE = "找不到地区“{text}”。{nearest}请写省、市或县区的名称，如“北京市”“贵州省毕节市”。"
NEAREST_PLACES = "是不是：{options}？"  # the {nearest} of UNKNOWN_PLACE
PLACE_UNKNOWN = "地区不明"  # how a document's place is shown when no one can tell it

# the parse report: what cleaning removed from a file (page furniture), by kind
NAVIGATION = "导航/面包屑"
UPLOAD_INFO = "上传信息"
SITE_TOOLBAR = "文档站工具栏"
VIEWER_PAGES = "阅读器页面列表"
VIEWER_PAGE_NUMBER = "阅读器页码"
VIEWER_HINT = "阅读器提示"
SITE_SECTIONS = "网站栏目"
SITE_NOTE = "文档站说明"
QA_SITE_HINT = "问答站提示"
PREVIOUS_NEXT = "上一篇/下一篇"
MOBILE_HINT = "手机浏览提示"
FONT_SIZE = "字号控件"
FOOTER_RECORD = "页脚（备案号）"
FOOTER_LICENCE = "页脚（许可证）"
FOOTER_COPYRIGHT = "页脚（版权）"
FOOTER_QQ = "页脚（QQ）"
READ_COUNT = "阅读计数"
SHARE_BUTTONS = "分享按钮"
MARKDOWN_COMMENT = "Markdown 注释"
REPEATED_TITLE = "重复的标题行"
TEASER = "网页摘要（重复正文开头，截断）"
# ... and what it repaired
CHUNK_MARKER = "阅读器分块标记（删除）"
CHUNK_CUT = "阅读器分块标记切断了句子（拼接）"
SPACED_NUMBER = "编号中多余的空格"
OCR_LETTER_ONE = "OCR 把 “1.” 识别为字母"
OCR_MARKER = "OCR 损坏的序号（按前后序号修复）"
NO_CHAPTER_NUMBER = "章标题缺少“第X章”（按章序号修复）"
BROKEN_TITLE = "标题断行"
TITLE_EXTENSION = "标题中的文件扩展名"
HARD_WRAPS = "重新拼接了 {joined} 处按页宽折断的行（行宽约 {width} 字）"

# what went wrong with a file, from its error number, in words a user reads (never the system's English)
OS_REASONS = {"ENOENT": "文件或文件夹不存在", "EACCES": "没有权限", "EPERM": "没有权限", "EROFS": "磁盘是只读的",
              "ENOSPC": "磁盘已满", "EISDIR": "这是文件夹，不是文件", "ENOTDIR": "路径中有一段不是文件夹",
              "EEXIST": "已经存在", "ENAMETOOLONG": "文件名太长"}
OS_REASON = "读写失败"


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese."""
    import errno

    return OS_REASONS.get(errno.errorcode.get(exc.errno or 0, ""), OS_REASON)
