"""The spec: what founders choose, as typed and versioned data.

Takes a `coop.yaml` file; gives a `Spec` (with the line of every field, for located
errors), the JSON Schema for editors, and the list of matters section 14 requires.
"""
