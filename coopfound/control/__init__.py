"""Member control: who can decide what under a spec, and how far members control it.

Takes a `Spec`; gives each class's share of the vote, the coalitions that can pass each
kind of resolution, the protections each class has, and the member-control scorecard.
"""
