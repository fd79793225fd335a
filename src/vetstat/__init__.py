"""vetstat: check and consolidate the annual quality-report data of 中等职业学校."""

import os

# openpyxl switches to lxml when it is installed (python-docx, for the report, brings it) and
# then writes every non-ASCII character as a character reference: keep the one way of writing
# workbooks that vetstat is tested and measured with, whichever packages are installed
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
