"""Output: what a document is and how it reaches the disk, whole or not at all.

Takes rendered text and Word shells; gives `Document`s (a name and bytes) stamped with
their provenance, reproducible Word files, and atomic writes of one file or a folder.
"""
