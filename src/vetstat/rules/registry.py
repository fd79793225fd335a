"""Importing this module registers every school check, in catalogue order."""

from vetstat.rules import (  # noqa: F401
    awards,
    employment,
    enrollment,
    funding,
    satisfaction,
    school,
    services,
    teachers,
)
