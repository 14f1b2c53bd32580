"""What a store holds, for resolving references in new data: shared by the stores (which
build it) and the loaders (which read it), so that neither depends on the other's modules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.model import Label


@dataclass
class NameIndex:
    """What a store holds, for resolving references in new data: labels by id, ids by
    (label, name), and the roster codes (编号) of members whose id is a pseudonym."""

    labels: dict[str, str] = field(default_factory=dict)
    names: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def add(self, label: Label, ids: Sequence[str], names: Iterable[str | None],
            roster_ids: Iterable[str | None] | None = None) -> None:
        """Add the nodes of ``label``: their ids, names and (members) roster codes, in step."""
        value = label.value
        for node_id, name in zip(ids, names, strict=True):
            self.labels[node_id] = value
            if name is not None:
                self.names.setdefault((value, name), []).append(node_id)
        if roster_ids is not None:
            self.aliases.update((c, i) for c, i in zip(roster_ids, ids, strict=True) if c is not None)
