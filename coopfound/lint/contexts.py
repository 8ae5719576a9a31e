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
                  nation=UNKNOWN, legal_form=UNKNOWN, ref=UNKNOWN,
                  protections=Sample(_PROTECTIONS), care_regulator=UNKNOWN,
                  counting=Sample({"weighted_example": [""], "cap_example": [""]}),
                  statutory=Sample({"asset_lock": {"heading": "", "lines": [""],
                                                   "confirmed": False}}))
    return shapes


#: The shape of `control.protections.template_data`, by example.
_PROTECTIONS = {
    "reserved": [{"matter": "", "classes": [""], "names": [""], "users": False,
                  "every": False, "only_affected": False, "decision": ""}],
    "reserved_matters": [""], "users_kept_majority": False, "weights": {},
    "thresholds": {"ordinary": 0, "extraordinary": 0, "entrenched": 0, "dissolution": 0},
    "combined_seats": [{"names": [""], "max": 0}], "council_appointed": 0,
    "full_weight_voters": 0, "adjourned_quorum": 0,
}


def order_shapes() -> dict[str, Any]:
    """What a standing order sees: what a rule sees, and `rule()` to cite the rules."""
    return rule_shapes() | {"rule": UNKNOWN}


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
