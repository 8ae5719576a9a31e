"""Templating: where templates live and the strict, sandboxable Jinja they render in.

Takes a template pack folder (or none, for the built-in pack); gives a `TemplatePack`
that finds every file, environments that refuse blanks, and located render errors.
"""
