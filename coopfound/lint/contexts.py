"""The shape of what each kind of template is given, for the variable check.

These mirror `rules.rulebook.template_context` and `founding.letters.pack_context`; a test holds the
names here equal to the names those functions really give.
"""

from __future__ import annotations

from typing import Any

from coopfound.lint.variables import UNKNOWN, ListOf, Sample, shape_of
from coopfound.spec.model import MemberClass, Spec


def rule_shapes() -> dict[str, Any]:
    """What a rule clause, a definition's meaning and a clause's `when` see."""
    shapes: dict[str, Any] = {name: shape_of(field.annotation)
                              for name, field in Spec.model_fields.items()}
    shapes.update(spec=Spec, is_cbs=UNKNOWN, is_coop=UNKNOWN,
                  user_classes=ListOf(MemberClass), non_user_classes=ListOf(MemberClass),
                  nation=UNKNOWN, legal_form=UNKNOWN, ref=UNKNOWN)
    return shapes


def interpretation_shapes() -> dict[str, Any]:
    return rule_shapes() | {"definitions": ListOf(Sample({"term": "", "meaning": ""}))}


def document_shapes(*, per_class: bool) -> dict[str, Any]:
    """What a founding-pack document sees; per-class documents also get `member_class`."""
    from coopfound.facts import load_facts

    shapes = rule_shapes()
    del shapes["ref"]
    shapes.update(facts=Sample(load_facts()), rule=UNKNOWN, has_rule=UNKNOWN)
    if per_class:
        shapes["member_class"] = MemberClass
    return shapes
