"""Publishing: one spec into one folder, the work `render`, `register` and `batch` share.

Takes a spec file, a template pack and an output folder; checks the spec, renders the
rules and the founding pack, and writes them atomically with a manifest.
"""
