"""Chinese text of the command line's own chrome: usage, section titles, help option, argument errors."""

from __future__ import annotations

import re

USAGE = "用法："
ARGUMENTS = "参数"
OPTIONS = "选项"
COMMANDS = "命令"
COMMAND_METAVAR = "<命令>"
HELP = "显示此帮助并退出"
DEFAULT = "（默认：{default}）"
SEE_HELP = "运行 {prog} --help 查看用法"
SEE_COMMAND_HELP = "运行 {prog} <命令> --help 查看各命令的用法。"
UNKNOWN_COMMAND = "未知的命令 {name!r}，可选：{choices}"
NOT_AN_INTEGER = "{value!r} 不是整数"
NOT_POSITIVE = "{value!r} 不是正整数（至少为 1）"
PASSWORD = "密码："
PASSWORD_AGAIN = "再次输入密码："
PASSWORD_MISMATCH = "两次输入的密码不一致，请重新输入。"
PASSWORD_EMPTY = "密码不能为空，请重新输入。"
CANCELLED = "已取消。"

# argparse's own error messages (Python 3.11 and later wording) and their Chinese; the first match wins, an
# unknown message is shown as it is. Compiled on first use (an error), not when the command line starts.
ARGPARSE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^the following arguments are required: (?P<names>.+)$", "缺少参数：{names}"),
    (r"^unrecognized arguments: (?P<args>.+)$", "无法识别的参数：{args}"),
    (r"^argument (?P<name>[^ ]+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$",
     "{name} 的取值 {value} 无效，可选：{choices}"),
    (r"^argument (?P<name>[^ ]+): invalid \S+ value: (?P<value>.+)$", "{name} 的取值 {value} 无效"),
    (r"^argument (?P<name>[^ ]+): expected one argument$", "{name} 后面缺少取值"),
    (r"^argument (?P<name>[^ ]+): expected at least one argument$", "{name} 后面至少需要一个取值"),
    (r"^argument (?P<name>[^ ]+): ignored explicit argument (?P<value>.+)$", "{name} 不接受取值 {value}"),
    (r"^argument (?P<name>[^ ]+): (?P<message>.+)$", "{name}：{message}"),
    (r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$", "选项 {option} 不明确，可能是：{matches}"),
)


def argparse_error(message: str) -> str:
    """argparse's English error ``message`` in Chinese."""
    for pattern, chinese in ARGPARSE_ERRORS:
        found = re.match(pattern, message)
        if found:
            return chinese.format(**found.groupdict())
    return message
