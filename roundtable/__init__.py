"""Roundtable: co-production with people of lived experience, done properly."""
