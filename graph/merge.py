"""How a load changes stored data: upsert rules shared by the stores.

Nodes are matched on ``id``; a loaded value replaces the stored one, and a value the new
data lacks (an empty cell, a column the roster does not have) keeps the stored one.

Relationships are matched on (source, target, start). A loaded relationship without a
start date matches the stored one between the same ends that is still valid, so
re-loading a roster changes nothing. For exclusive types (a member's MEMBER_OF), a new
target ends the old tie: the old relationship gets ``end`` = the new one's start, or
the dataset's effective date, and the new one starts then.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from graph.dataset import conform_nodes, conform_relationships, node_columns
from graph.model import NODE_PROPERTIES, Label, RelType

_NO_START = ""


def _list_props(label: Label) -> list[str]:
    return [p.name for p in NODE_PROPERTIES[label] if p.kind == "list"]


def merge_nodes(old: pd.DataFrame | None, new: pd.DataFrame, label: Label) -> tuple[pd.DataFrame, int, int]:
    """Upsert ``new`` into ``old``; return the merged table and counts created / updated.

    >>> old = pd.DataFrame([{"id": "C1", "name": "阳光社区", "street": "东街"}])
    >>> new = pd.DataFrame([{"id": "C1", "name": "阳光社区", "street": None}, {"id": "C2", "name": "和平社区"}])
    >>> merged, created, updated = merge_nodes(conform_nodes(Label.COMMUNITY, old), conform_nodes(Label.COMMUNITY, new), Label.COMMUNITY)
    >>> merged[["id", "street"]].values.tolist(), created, updated
    ([['C1', '东街'], ['C2', None]], 1, 1)
    """
    new = new.drop_duplicates("id", keep="last")
    lists = _list_props(label)
    if old is None or old.empty:
        return conform_nodes(label, new).sort_values("id", ignore_index=True), len(new), 0
    incoming = new.copy()
    for col in lists:
        incoming[col] = incoming[col].map(lambda v: v if v else None)
    merged = incoming.set_index("id").combine_first(old.set_index("id")).reset_index()
    merged = merged.reindex(columns=node_columns(label))
    existing = new["id"].isin(old["id"])
    return conform_nodes(label, merged).sort_values("id", ignore_index=True), int((~existing).sum()), int(existing.sum())


def merge_relationships(
    old: pd.DataFrame | None, new: pd.DataFrame, rel_type: RelType, effective: dt.date
) -> tuple[pd.DataFrame, int, int]:
    """Upsert ``new`` relationships into ``old``; return merged table, created, closed.

    >>> def rel(dst, start=None, end=None):
    ...     return {"src": "M1", "src_label": "Member", "dst": dst, "dst_label": "PartyOrg", "start": start, "end": end}
    >>> old = conform_relationships(RelType.MEMBER_OF, pd.DataFrame([rel("P1")]))
    >>> moved = conform_relationships(RelType.MEMBER_OF, pd.DataFrame([rel("P2")]))
    >>> merged, created, closed = merge_relationships(old, moved, RelType.MEMBER_OF, dt.date(2026, 3, 1))
    >>> [(r.dst, str(r.start), str(r.end)) for r in merged.itertuples()], created, closed
    ([('P1', 'None', '2026-03-01'), ('P2', '2026-03-01', 'None')], 1, 1)
    >>> again, created, closed = merge_relationships(merged, moved, RelType.MEMBER_OF, dt.date(2026, 4, 1))
    >>> again.equals(merged), created, closed
    (True, 0, 0)
    """
    new = conform_relationships(rel_type, new).copy()
    if old is None or old.empty:
        # Nothing stored: the new ties stand as they are.
        keys = _keys(new)
        unique = ~pd.Series(keys).duplicated(keep="last").to_numpy()
        return _sorted(new[unique], keys[unique]), int(unique.sum()), 0
    old = old.copy()
    valid_old = old[old["end"].isna()]
    # 1. An undated new tie continues the stored valid tie between the same ends.
    pair_start = {(s, d): st for s, d, st in zip(valid_old["src"], valid_old["dst"], valid_old["start"], strict=True)}
    pairs = list(zip(new["src"], new["dst"], strict=True))
    undated = new["start"].isna().to_numpy()
    continuing = [p in pair_start for p in pairs]
    new["start"] = [pair_start[p] if u and c else st
                    for p, u, c, st in zip(pairs, undated, continuing, new["start"], strict=True)]
    closed = 0
    if rel_type.exclusive:
        # 2. A new target for a source that already has a valid tie starts at the effective date.
        holders = set(valid_old["src"])
        new["start"] = [effective if u and not c and src in holders else st
                        for u, c, src, st in zip(undated, continuing, new["src"], new["start"], strict=True)]
        # 3. ... and ends the old tie.
        current = new[new["end"].isna()]
        target = dict(zip(current["src"], current["dst"], strict=True))
        start_of = dict(zip(current["src"], current["start"], strict=True))
        ending = (old["end"].isna() & old["src"].isin(target) & (old["dst"] != old["src"].map(target))).to_numpy()
        closed = int(ending.sum())
        old["end"] = [start_of[src] or effective if e else end
                      for e, src, end in zip(ending, old["src"], old["end"], strict=True)]
    new_key, old_key = _keys(new), _keys(old)
    unique = ~pd.Series(new_key).duplicated(keep="last").to_numpy()
    new, new_key = new[unique], new_key[unique]
    new_set, old_set = set(new_key), set(old_key)
    created = sum(k not in old_set for k in new_key)
    # A loaded value replaces the stored one; a value the load lacks keeps the stored one.
    stored = old.set_index(old_key).reindex(new_key)
    stored.index = new.index
    updated = new.where(new.notna(), stored)
    untouched = np.fromiter((k not in new_set for k in old_key), dtype=bool, count=len(old_key))
    merged = pd.concat([old[untouched], updated], ignore_index=True)
    keys = np.concatenate([old_key[untouched], new_key])
    return _sorted(conform_relationships(rel_type, merged), keys), created, closed


def _keys(frame: pd.DataFrame) -> np.ndarray:
    """One string per relationship: source, target and start, as stores match them."""
    keys = [f"{s}\x1f{d}\x1f{_NO_START if st is None else st.isoformat()}"
            for s, d, st in zip(frame["src"], frame["dst"], frame["start"], strict=True)]
    return np.array(keys, dtype=object)


def _sorted(frame: pd.DataFrame, keys: np.ndarray) -> pd.DataFrame:
    order = keys.argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)
