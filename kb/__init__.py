"""The requirement catalog: requirements extracted from clauses, school profiles, checklists."""
