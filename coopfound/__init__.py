"""coopfound: found and register a multi-stakeholder care co-operative."""

__version__ = "0.1.0"
