"""The founding pack: every document besides the rules.

Takes a checked spec, its rule book and a template pack; gives the letters, forms,
meeting papers, registers, timeline and calendar as `Document`s, in memory.
"""
