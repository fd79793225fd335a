"""vetstat: check and consolidate the annual quality-report data of 中等职业学校."""

__version__ = "0.1.0"
