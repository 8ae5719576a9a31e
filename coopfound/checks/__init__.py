"""Checks: findings on a spec and on the rules it renders. They never print.

Takes a loaded spec and a template pack; gives a `CheckReport` of findings, each with a
stable code, the field and a fix (explained and sourced in `CHECKS`), and the rule book.
"""
