"""The member-control benchmark in practice: `coopfound annual`.

A co-op's own yearly records, held against its rules and scored, with trends across years.
"""
