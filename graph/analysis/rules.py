"""The rules with numbers (DESIGN.md §2): :class:`Rules`, every setting with its documented
default and source, immutable and hashable; and their names and meanings (:data:`RULE_TEXTS`)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from graph.texts import MESSAGES

#: Relationship types that make a unit without an organization count as reached by party work
#: (工作覆盖). Instructors and liaisons are PAIRED_WITH ties with those roles (中办发〔2012〕11号);
#: a co-building tie and a joint activity in the period are this project's operational form.
DEFAULT_WORK_TIES: tuple[str, ...] = ("instructor", "liaison", "co_building", "joint_activity")

#: Weights of the community integration index (integration analysis 7); they need not sum to 1,
#: the index divides by their sum.
DEFAULT_INDEX_WEIGHTS: dict[str, float] = {
    "org_coverage": 0.20,
    "reporting_rate": 0.15,
    "co_building": 0.15,
    "resource_sharing": 0.15,
    "needs_addressed": 0.20,
    "participation": 0.15,
}


class Weights(Mapping[str, float]):
    """An immutable, hashable mapping of index weights (component → weight).

    >>> w = Weights({"org_coverage": 0.5})
    >>> w["org_coverage"], dict(w), hash(w) == hash(Weights({"org_coverage": 0.5}))
    (0.5, {'org_coverage': 0.5}, True)
    """

    __slots__ = ("_items",)

    def __init__(self, values: Mapping[str, float] | None = None) -> None:
        self._items: tuple[tuple[str, float], ...] = tuple((str(k), float(v)) for k, v in (values or {}).items())

    def __getitem__(self, key: str) -> float:
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self) == dict(other)

    def __repr__(self) -> str:
        return f"Weights({dict(self)!r})"


@dataclass(frozen=True)
class Rules:
    """The rules with numbers (DESIGN.md §2), each a setting with the documented default.

    - ``own_org_min_full_members`` — a unit with at least this many full (正式) members should
      have its own party organization (《中国共产党章程》第三十条: 3);
    - ``branch_max_members`` — a branch has at most this many members (《中国共产党支部工作条例
      （试行）》: 50); ``general_branch_max_members`` — above it a committee (100);
    - ``branch_min_full_members`` — fewer full members than this and a branch cannot stand on its
      own (党章第三十条: 3);
    - ``lost_contact_months`` — no contact for at least this many months is 失联 (6);
    - ``period_months`` — "in the period": activities dated within this many months up to
      ``as_of`` count (12);
    - ``work_ties`` — which ties make a unit without an organization "reached" (工作覆盖);
    - ``index_weights`` — the integration index's components and weights.
    """

    own_org_min_full_members: int = 3
    branch_min_full_members: int = 3
    branch_max_members: int = 50
    general_branch_max_members: int = 100
    lost_contact_months: int = 6
    period_months: int = 12
    work_ties: tuple[str, ...] = DEFAULT_WORK_TIES
    index_weights: Weights = field(default_factory=lambda: Weights(DEFAULT_INDEX_WEIGHTS))

    def __post_init__(self) -> None:
        # Immutable and hashable, whatever the caller passed: rules are a cache key of the faces.
        if isinstance(self.work_ties, str):  # tuple("co_building") would be its letters
            raise TypeError(f"work_ties is a sequence of tie names, not the text {self.work_ties!r}")
        object.__setattr__(self, "work_ties", tuple(self.work_ties))
        if not isinstance(self.index_weights, Weights):
            object.__setattr__(self, "index_weights", Weights(self.index_weights))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Rules:
        """Rules from a mapping (a parsed settings file); unknown keys raise ``ValueError``.

        >>> Rules.from_mapping({"branch_max_members": 40}).branch_max_members
        40
        >>> Rules.from_mapping({"index_weights": {"org_coverage": float("nan")}})
        Traceback (most recent call last):
        ...
        ValueError: index weight org_coverage must be a finite number ≥ 0, not nan
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(unknown)}")
        converted = dict(values)
        if "work_ties" in converted:
            ties = tuple(converted["work_ties"])
            bad = sorted(set(ties) - set(DEFAULT_WORK_TIES))
            if bad:
                raise ValueError(f"unknown work tie(s): {', '.join(bad)}")
            converted["work_ties"] = ties
        if "index_weights" in converted:
            given = dict(converted["index_weights"])
            for k, v in given.items():
                if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                    raise ValueError(f"index weight {k} must be a finite number ≥ 0, not {v!r}")
            weights = {str(k): float(v) for k, v in given.items()}
            bad = sorted(set(weights) - set(DEFAULT_INDEX_WEIGHTS))
            if bad:
                raise ValueError(f"unknown index weight(s): {', '.join(bad)}")
            if any(w < 0 for w in weights.values()) or not any(weights.values()):
                raise ValueError("index weights must be ≥ 0 and not all 0")
            converted["index_weights"] = weights
        for name in ("own_org_min_full_members", "branch_min_full_members", "branch_max_members",
                     "general_branch_max_members", "lost_contact_months", "period_months"):
            if name in converted:
                value = converted[name]
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"{name} must be a whole number ≥ 0, not {value!r}")
        return replace(cls(), **converted)

    def digest(self) -> str:
        """A short digest of the rules, for the keys of what they computed (layouts, reports, maps).

        >>> Rules().digest() == Rules().digest() != Rules(period_months=6).digest(), len(Rules().digest())
        (True, 16)
        """
        values = json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(values.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        """The rules as plain values, for reports.

        >>> r = Rules(); r.as_dict()["index_weights"]["org_coverage"], hash(r) == hash(Rules())
        (0.2, True)
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else dict(v) if isinstance(v, Weights) else v
        return out


#: Each rule's name and meaning (zh, en, zh, en), for reports, ``gongjian rules show`` and the
#: commented file ``gongjian rules init`` writes: ``rule_NAME`` and ``rule_NAME_meaning`` of the one
#: catalogue (:mod:`graph.texts`).
RULE_TEXTS: dict[str, tuple[str, str, str, str]] = {
    name: (*MESSAGES[f"rule_{name}"], *MESSAGES[f"rule_{name}_meaning"]) for name in (
        "own_org_min_full_members", "branch_min_full_members", "branch_max_members",
        "general_branch_max_members", "lost_contact_months", "period_months", "work_ties", "index_weights")
}
