"""`coopfound templates lint`, a template pack checked as strictly as a spec.

Takes a template pack folder; gives located findings (syntax, unknown variables, s.14
coverage, references, unused files, the examples rendered) for people and for CI.
"""
