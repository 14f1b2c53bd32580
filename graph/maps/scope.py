"""Which part of the graph a map shows: ``all``, ``community:ID``, ``street:NAME`` (every
community whose street is NAME; ``street:DISTRICT/NAME`` for the street of that district, where
two districts have a street of one name), ``district:NAME`` or ``ego:ID:DEPTH`` (a node and
everything within DEPTH ties of it in the map's network).

Examples
--------
>>> Scope.parse("community:C001")
Scope(kind='community', value='C001', depth=None)
>>> str(Scope.parse(" ego:U0001:2 "))
'ego:U0001:2'
>>> Scope.parse("all").kind
'all'
>>> Scope.parse("street: 开元区 / 天塘街道 ")
Scope(kind='street', value='开元区/天塘街道', depth=None)
>>> Scope.parse("district:开元区").kind
'district'
>>> str(Scope.parse("street：开元区／天塘/北街道"))
'street:开元区/天塘/北街道'
>>> str(Scope.parse("street:开元区/天塘／北街道")), str(Scope.parse("community:甲：乙"))
('street:开元区/天塘／北街道', 'community:甲：乙')
>>> Scope.parse("ego:U1:x")
Traceback (most recent call last):
...
graph.maps.scope.ScopeError: invalid scope ego:U1:x: the DEPTH of ego:ID:DEPTH is a whole number from 1 to 6
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import GongjianError
from graph.texts import both

KINDS = ("all", "community", "street", "district", "ego")
MAX_DEPTH = 6


class ScopeError(GongjianError):
    """A scope that cannot be read."""

    exit_code = 2


def _split(text: str, marks: str) -> tuple[str, str]:
    """``text`` before and after the first of any of ``marks`` (the whole, and "" without one):
    a later mark, of either width, stays in the value."""
    at = min((i for i in map(text.find, marks) if i >= 0), default=-1)
    return (text, "") if at < 0 else (text[:at], text[at + 1:])


@dataclass(frozen=True)
class Scope:
    """A parsed scope; ``str()`` gives its canonical spelling (used in layout keys)."""

    kind: str
    value: str | None = None
    depth: int | None = None

    @classmethod
    def parse(cls, text: str) -> Scope:
        """The scope spelled ``text``; :class:`ScopeError` otherwise."""
        raw = (text or "").strip()
        head, rest = _split(raw, ":：")  # a full-width colon too, typed with Chinese input
        head = head.strip().lower()
        if head == "all" and not rest:
            return cls("all")
        if head == "street" and ("/" in rest or "／" in rest):
            # DISTRICT/NAME: the district ends at the first slash (a street's name may hold one)
            district, street = _split(rest, "/／")
            if district.strip() and street.strip():
                return cls(head, f"{district.strip()}/{street.strip()}")
            raise ScopeError(*both("scope_invalid", scope=raw))
        if head in ("community", "street", "district") and rest.strip():
            return cls(head, rest.strip())
        if head == "ego":
            node, _, depth = rest.rpartition(":")
            if not node.strip():
                raise ScopeError(*both("scope_invalid", scope=raw))
            try:
                n = int(depth)
            except ValueError:
                n = -1
            if not 1 <= n <= MAX_DEPTH:
                raise ScopeError(*both("scope_bad_depth", scope=raw))
            return cls("ego", node.strip(), n)
        raise ScopeError(*both("scope_invalid", scope=raw))

    def __str__(self) -> str:
        if self.kind == "all":
            return "all"
        if self.kind == "ego":
            return f"ego:{self.value}:{self.depth}"
        return f"{self.kind}:{self.value}"
