"""`coopfound batch`, many specs rendered in parallel, one result each.

Takes spec files, folders or globs and an output folder; publishes each spec into its own
folder and gives a table and a JSON report in which one failure stops none of the others.
"""
