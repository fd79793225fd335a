"""The generated parts of README.md: example outputs and the rule catalogue.

    python tests/docs_sync.py          # rewrite them in README.md
    python -m pytest tests/test_docs.py  # fails when README.md has drifted from the code

Examples run the real CLI on the bundled samples, from the repository root, with a fixed
terminal width, so that what the README shows is what a user sees.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


@dataclass(frozen=True)
class Example:
    marker: str
    args: tuple[str, ...]
    head: int | None = None  # keep only the first lines of a long output
    tail: int | None = None  # keep only the last lines


EXAMPLES = (
    Example("validate", ("validate", "samples/broken/dual_ratio_54_of_54.xlsx",
                         "samples/broken/approximate_count.xlsx")),
    Example("validate-en", ("validate", "samples/broken/graduates_do_not_add_up.xlsx",
                            "--lang", "en", "--format", "json")),
    Example("aggregate", ("aggregate", "samples/2022"), head=24),
    Example("diff", ("diff", "samples/2021", "samples/2022"), tail=22),
    Example("check-report", ("check-report", "tests/fixtures/seed-report.txt", "samples/2022",
                             "--previous", "samples/2021", "--problems"), head=12),
)


def run_example(example: Example) -> str:
    """The command line and its output (stdout and stderr, as a terminal shows them)."""
    from typer.testing import CliRunner

    from vetstat.cli import app

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, list(example.args), env={"COLUMNS": "120",
                                                                   "VETSTAT_LANG": ""})
    finally:
        os.chdir(previous)
    lines = result.output.rstrip("\n").splitlines()
    if example.head is not None and len(lines) > example.head:
        lines = [*lines[: example.head], "…"]
    if example.tail is not None and len(lines) > example.tail:
        lines = ["…", *lines[-example.tail:]]
    body = "\n".join(line.rstrip() for line in lines)
    command = "vetstat " + " ".join(example.args)
    return f"```console\n$ {command}\n{body}\n```\n(exit {result.exit_code})\n"


def rules_markdown() -> str:
    from vetstat.core.issues import Lang
    from vetstat.outputs.render import to_markdown
    from vetstat.outputs.rule_table import rule_table

    text = to_markdown([rule_table(Lang.ZH)], Lang.ZH)
    return text.split("\n", 2)[2].strip() + "\n"  # without the "## 规则目录" heading


def watched_markdown() -> str:
    from vetstat.core.issues import Lang
    from vetstat.outputs.render import to_markdown
    from vetstat.outputs.rule_table import watched_table

    text = to_markdown([watched_table(Lang.ZH)], Lang.ZH)
    return text.split("\n", 2)[2].strip() + "\n"  # without the heading


def blocks() -> dict[str, str]:
    found = {f"example:{example.marker}": run_example(example) for example in EXAMPLES}
    found["rules"] = rules_markdown()
    found["watched"] = watched_markdown()
    return found


def replace_block(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- {re.escape(name)} -->\n).*?(<!-- /{re.escape(name)} -->)", re.S)
    if not pattern.search(text):
        raise KeyError(f"README.md has no <!-- {name} --> … <!-- /{name} --> block")
    return pattern.sub(lambda m: m.group(1) + content + m.group(2), text)


def current_block(text: str, name: str) -> str:
    match = re.search(rf"<!-- {re.escape(name)} -->\n(.*?)<!-- /{re.escape(name)} -->", text, re.S)
    if not match:
        raise KeyError(name)
    return match.group(1)


def main() -> None:
    text = README.read_text("utf-8")
    for name, content in blocks().items():
        text = replace_block(text, name, content)
    README.write_text(text, "utf-8")
    print("README.md updated")


if __name__ == "__main__":
    sys.exit(main())
