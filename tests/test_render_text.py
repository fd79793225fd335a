"""The plain-text tables are what tabulate's "simple" format prints, made without its type
detection for every cell (a diff of 1,000 schools prints a million cells)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from vetstat.outputs.render import simple_text

PIECES = ["a", "Z", "1", "0", ".", "-", ",", "%", " ", "\t", "白", "城", "（", "）", "True",
          "False", "1,234", "-0.5", "|", "\n", "\x1b[31m", "\u3000", ""]
TEXT = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.tuples(st.lists(TEXT, min_size=width, max_size=width),
                            st.lists(st.lists(TEXT, min_size=width, max_size=width), max_size=6))))
def test_simple_text_prints_what_tabulate_prints(table: tuple[list[str], list[list[str]]]) -> None:
    headers, rows = table
    expected = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    found = simple_text(rows, headers)
    if found is not None:
        assert found == expected
    elif not any(mark in text for text in [*headers, *(c for r in rows for c in r)]
                 for mark in ("\n", "\x1b")):
        raise AssertionError("one-line text cells are printed without tabulate")


def test_a_cell_of_two_lines_is_left_to_tabulate() -> None:
    assert simple_text([["a\nb"]], ["h"]) is None
    assert simple_text([["a", "b"]], ["h"]) is None  # a row longer than the header
    assert simple_text([["学校", " 12 "]], ["名称", "数"]) == "名称    数\n----  ---\n学校    12"
