"""The demo catalogue: three universities as the sources describe them (seeds 000–003), with realistic
courses. Only words live here; the numbers a university differs in (prices, tracks, grading) come from its
policy."""

from microcred.demo.catalog_data.ibers import IBERS, IBERS_PROGRAMMES, IBERS_SETS
from microcred.demo.catalog_data.ou import OU, OU_QUALIFICATIONS
from microcred.demo.catalog_data.uol import UOL

CATALOGUES = (UOL, OU, IBERS)
QUALIFICATIONS = {"ou": OU_QUALIFICATIONS, "ibers": IBERS_PROGRAMMES}
COURSE_SETS = {"ibers": IBERS_SETS}

__all__ = ["CATALOGUES", "COURSE_SETS", "QUALIFICATIONS"]
