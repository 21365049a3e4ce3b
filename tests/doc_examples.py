"""The shell examples of the README and docs/, read as a doctest reads docstrings.

An example is a fenced ```console block: lines starting with `$ ` are commands (a quoted
argument may run over several lines), the lines after each command are what it prints.
The printed lines are compared with the real output, line by line, trailing spaces aside:

- `…` inside a line stands for any text (so `→ …` and shortened cells still match);
- a line that is only `…`, or `…` followed by a parenthesised remark such as
  `… (UK-EW rows follow)`, stands for any number of lines.

A marker in an HTML comment on the line just before the fence says when the block runs
(the doc test runs every example twice: with no server, and with a live server on the store):

- `<!-- doc-test: no-server -->`: only with no server up (e.g. `build`, which needs the store
  to itself);
- `<!-- doc-test: server -->`: only while a server runs (curl against it);
- `<!-- doc-test: skip REASON -->`: never (network, long runs); the reason is required.

No marker: the block runs in both passes and must print the same thing in both.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^```console\s*$")
MARKER = re.compile(r"^<!--\s*doc-test:\s*(no-server|server|skip)\b\s*(.*?)\s*-->\s*$")
MODES = ("no-server", "server", "skip")


@dataclass
class Command:
    """One `$ ` command of an example and the lines it should print."""

    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Example:
    """One ```console block: where it is, when it runs, its commands."""

    path: Path
    line: int
    mode: str | None  # None = both passes
    reason: str
    commands: list[Command]

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


def examples(path: Path) -> list[Example]:
    """Every ```console block of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    index = 0
    while index < len(lines):
        if not FENCE.match(lines[index]):
            index += 1
            continue
        marker = MARKER.match(lines[index - 1]) if index else None
        start = index + 1
        end = start
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        mode, reason = (marker.group(1), marker.group(2)) if marker else (None, "")
        if mode == "skip" and not reason:
            raise ValueError(f"{path.name}:{index + 1}: a skipped example must say why")
        found.append(Example(path, index + 1, mode, reason, _commands(lines[start:end])))
        index = end + 1
    return found


def _commands(block: list[str]) -> list[Command]:
    commands: list[Command] = []
    index = 0
    while index < len(block):
        line = block[index]
        if line.startswith("$ "):
            text = line[2:]
            while not _complete(text) and index + 1 < len(block):
                index += 1
                text += "\n" + block[index]
            commands.append(Command(text))
        elif commands:
            commands[-1].expected.append(line)
        elif line.strip():
            raise ValueError(f"output before any command: {line!r}")
        index += 1
    return commands


def _complete(text: str) -> bool:
    """Whether a command's quotes are balanced (else it continues on the next line)."""
    try:
        shlex.split(text)
    except ValueError:
        return False
    return True


def _is_gap(line: str) -> bool:
    stripped = line.strip()
    return stripped == "…" or (stripped.startswith("… (") and stripped.endswith(")"))


def _line_pattern(line: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in line.rstrip().split("…")]
    return re.compile(".*?".join(parts) + r"\s*")


def mismatch(expected: list[str], actual: list[str]) -> str | None:
    """None when `actual` is what `expected` shows; else where they first differ."""
    actual = [a.rstrip() for a in actual]
    while actual and not actual[-1]:
        actual.pop()
    expected = list(expected)
    while expected and not expected[-1].strip():
        expected.pop()
    if _match(expected, 0, actual, 0):
        return None
    printed = "\n".join(actual[:150])  # all of it, to update the document from
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), 1):
        if _is_gap(want):
            break
        if not _line_pattern(want).fullmatch(got):
            return (
                f"line {number}:\n  expected: {want!r}\n  printed:  {got!r}\n"
                f"printed in full:\n{printed}"
            )
    return f"expected {len(expected)} line(s), printed {len(actual)}:\n{printed}"


def _match(expected: list[str], i: int, actual: list[str], j: int) -> bool:
    """Whether expected[i:] matches actual[j:]; memoised, so gaps cost at most len² steps."""
    seen: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) not in seen:
            if i == len(expected):
                seen[i, j] = j == len(actual)
            elif _is_gap(expected[i]):
                seen[i, j] = any(match(i + 1, k) for k in range(j, len(actual) + 1))
            else:
                seen[i, j] = (
                    j < len(actual)
                    and bool(_line_pattern(expected[i]).fullmatch(actual[j]))
                    and match(i + 1, j + 1)
                )
        return seen[i, j]

    return match(i, j)
