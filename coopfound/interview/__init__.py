"""`coopfound init`, the interview that writes a spec.

Takes answers from a person at a terminal, a draft, an answers file or the defaults;
checks each with the same checks as `coopfound check`; gives `coop.yaml`.
"""
