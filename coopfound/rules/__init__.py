"""The rules: the society's rule book, assembled from one template per clause.

Takes a `Spec` and a template pack; gives a numbered `Rulebook` whose cross-references
resolve, the s.14 matters each rule covers, and the rules as Markdown and Word.
"""
