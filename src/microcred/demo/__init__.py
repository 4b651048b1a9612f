"""Demo data: three universities' catalogues and a cast of people, loaded by ``microcred demo``."""
