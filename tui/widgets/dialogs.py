"""Small modal screens: an error, a yes/no question, the help screen."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static

from tui import version


class ErrorDialog(ModalScreen[None]):
    """A failure the user can act on: what failed, naming the thing, and what to do next."""

    BINDINGS = [Binding("escape,enter", "dismiss", "关闭", id="dialog.close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="error"):
            yield Static(Text(self.title_text, style="bold"), classes="title")
            yield Static(Text(self.message), id="error-message")
            with Horizontal(classes="buttons"):
                yield Button("知道了", variant="error", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", "取消", id="dialog.cancel")]

    def __init__(self, question: str, yes: str = "确定") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question))
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button("取消", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


HELP = """\
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

在文库目录的 `settings.json` 中用 `"keymap": {"编号": "按键"}` 改键，例如
`{"keymap": {"tab.search": "f6"}}`。
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "关闭", id="help.close")]

    def __init__(self, bindings: Iterable[tuple[str, str, str]], settings_path: str) -> None:
        super().__init__()
        self.rows = list(bindings)
        self.settings_path = settings_path

    def compose(self) -> ComposeResult:
        table = "\n".join(f"| `{bid}` | {keys} | {desc} |" for bid, keys, desc in self.rows)
        text = f"{HELP}\n设置文件：`{self.settings_path}`　　版本：policykb {version()}\n\n| 编号 | 按键 | 作用 |\n|---|---|---|\n{table}\n"
        with VerticalScroll(id="dialog", classes="wide tall"):
            yield Markdown(text)
