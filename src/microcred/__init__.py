"""microcred: university microcredentials end to end."""
