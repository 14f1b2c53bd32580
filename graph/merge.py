"""How a load changes stored data: upsert rules shared by the stores.

Nodes are matched on ``id``; a loaded value replaces the stored one, and a value the new
data lacks (an empty cell, a column the roster does not have) keeps the stored one.

Relationships:

1. A loaded tie matches the stored tie with the same ends and start. A loaded tie without
   a start matches the stored tie between the same ends that is still valid, so that
   re-loading a roster changes nothing; for exclusive types (a member's MEMBER_OF) a
   loaded start also corrects the start of that valid tie instead of adding a second one.
2. A matched tie takes the loaded start and end — an empty end means still valid, so a
   tie the data gives as current is reopened — and every other property the load gives.
3. For exclusive types, a current loaded tie to another target ends the source's valid
   stored tie at the loaded start, or at the dataset's effective date when there is none,
   never before the stored start; the new tie starts on that day.
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
    >>> merged["id"].tolist(), merged["street"].isna().tolist(), created, updated
    (['C1', 'C2'], [False, True], 1, 1)
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
    new = conform_relationships(rel_type, new).reset_index(drop=True)
    if old is None or old.empty:
        # Nothing stored: the new ties stand as they are.
        keys = _keys(new)
        unique = ~pd.Series(keys).duplicated(keep="last").to_numpy()
        return _sorted(new[unique], keys[unique]), int(unique.sum()), 0
    old = conform_relationships(rel_type, old).reset_index(drop=True)
    n_old = len(old)
    old_src, old_dst = old["src"].tolist(), old["dst"].tolist()
    old_start, old_end = old["start"].tolist(), old["end"].tolist()
    valid_by_pair = {(s_, d): k for k, (s_, d, e) in enumerate(zip(old_src, old_dst, old_end, strict=True)) if e is None}
    by_key = {(s_, d, st): k for k, (s_, d, st) in enumerate(zip(old_src, old_dst, old_start, strict=True))}
    starts, ends = new["start"].tolist(), new["end"].tolist()
    matched: list[int | None] = []
    for s_, d, st in zip(new["src"], new["dst"], starts, strict=True):
        k = valid_by_pair.get((s_, d))
        if k is None or (st is not None and not rel_type.exclusive and old_start[k] != st):
            k = by_key.get((s_, d, st))
        matched.append(k)
    for j, k in enumerate(matched):
        if k is not None and starts[j] is None:
            starts[j] = old_start[k]
    closed = 0
    stale: set[int] = set()
    if rel_type.exclusive:
        current = {s_: j for j, (s_, e) in enumerate(zip(new["src"], ends, strict=True)) if e is None}
        taken = {k for k in matched if k is not None}
        for k in range(n_old):
            j = current.get(old_src[k])
            if old_end[k] is not None or j is None or k in taken:
                continue
            if old_dst[k] == new["dst"].iat[j]:
                # A second valid tie to the same target (left by an interrupted load that
                # corrected a start): the matched one stands, this one goes.
                stale.add(k)
                continue
            closing = starts[j] or effective
            if old_start[k] is not None and closing < old_start[k]:
                closing = old_start[k]
            old_end[k] = closing
            closed += 1
            if starts[j] is None:
                starts[j] = closing
    new["start"], new["end"] = pd.Series(starts, dtype=object), pd.Series(ends, dtype=object)
    old["end"] = pd.Series(old_end, dtype=object)
    # A loaded value replaces the stored one; a property the load lacks keeps the stored one.
    rows = [k if k is not None else -1 for k in matched]
    stored = old.reindex(rows).reset_index(drop=True)
    keep_stored = new.isna()
    keep_stored[["start", "end"]] = False
    updated = new.where(~keep_stored, stored)
    taken = {k for k in matched if k is not None} | (stale if rel_type.exclusive else set())
    merged = pd.concat([old[[k not in taken for k in range(n_old)]], updated], ignore_index=True)
    keys = _keys(merged)
    unique = ~pd.Series(keys).duplicated(keep="last").to_numpy()
    created = sum(k is None for k in matched)
    return _sorted(conform_relationships(rel_type, merged[unique]), keys[unique]), created, closed


def relationship_keys(frame: pd.DataFrame) -> list[str]:
    """One key per relationship — source, target and start — as stores match them.

    >>> relationship_keys(pd.DataFrame({"src": ["M1"], "dst": ["P1"], "start": [dt.date(2020, 1, 1)]}))
    ['M1\\x1fP1\\x1f2020-01-01']
    """
    return _keys(frame).tolist()


def _keys(frame: pd.DataFrame) -> np.ndarray:
    keys = [f"{s}\x1f{d}\x1f{_NO_START if st is None else st.isoformat()}"
            for s, d, st in zip(frame["src"], frame["dst"], frame["start"], strict=True)]
    return np.array(keys, dtype=object)


def _sorted(frame: pd.DataFrame, keys: np.ndarray) -> pd.DataFrame:
    order = keys.argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)
