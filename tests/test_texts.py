"""The one zh/en catalogue (graph.texts): every key in both languages, an unknown key fails
loudly, and no English text carries a Chinese name — messages, problem reasons, report labels."""

from __future__ import annotations

import re
import string

import pytest

from graph.model import Label, RelType
from graph.texts import MESSAGES, TIE_LABELS, both, t
from loaders.errors import REASONS, Both, Problem

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


#: The Chinese names of the model's labels and relationship types: never in an English text.
LABEL_NAMES = [x.zh for x in (*Label, *RelType)]


@pytest.mark.parametrize("table", [MESSAGES, TIE_LABELS, REASONS], ids=["messages", "ties", "reasons"])
def test_every_key_has_both_languages_with_the_same_fields(table: dict[str, tuple[str, str]]) -> None:
    for key, (zh, en) in table.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key
        assert not any(name in en for name in LABEL_NAMES), (key, en)
        if table is not REASONS:  # problem reasons may quote a Chinese header or date form the file uses
            assert not CJK.search(en), (key, en)


def test_an_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError, match="no text called nothing_here"):
        t("nothing_here", "en")
    with pytest.raises(KeyError):
        both("nothing_here")
    assert t("nodes", "en") == "Nodes" and t("nodes") == "节点"


def test_problem_messages_in_english_name_labels_in_english() -> None:
    p = Problem("members.csv", None, 3, "所在党组织", "P9", "unresolved", {"kind": Both("党组织/单位", "party organization/unit")})
    assert p.reason("en") == "no party organization/unit with this id or name"
    assert p.reason("zh") == "找不到引用的党组织/单位"


def test_the_report_speaks_english_in_english() -> None:
    import datetime as dt

    import networkx as nx

    from graph.analysis.report import build_report

    report = build_report(nx.MultiDiGraph(), as_of=dt.date(2026, 11, 1))
    for section in report.sections:
        texts = [section.en, *section.notes_en, *(f.en for f in section.figures)]
        for table in section.tables:
            texts += [table.en, *(c.en for c in table.columns), *(en for c in table.columns for _, _, en in c.labels)]
        for text in texts:
            assert not CJK.search(text), (section.key, text)


def test_a_bad_enum_value_is_told_in_english_with_every_allowed_value(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from loaders.dataset_reader import read_dataset
    from loaders.errors import InputInvalid
    from tests.conftest import KEY

    (tmp_path / "units.csv").write_text("单位编号,单位名称,单位类型\nU1,一中,外星企业\n", encoding="utf-8")
    with pytest.raises(InputInvalid) as info:
        read_dataset(tmp_path, key=KEY)
    [problem] = info.value.problems
    en = problem.reason("en")
    assert en.startswith("not a valid type; allowed: government agency (government), ")
    assert en.endswith("other (other)") and "…" not in en
    assert not any(name in en for name in LABEL_NAMES)
    assert problem.reason("zh").startswith("不是有效的单位类型；可选：党政机关、")


def test_no_key_of_the_catalogue_is_written_twice() -> None:
    """A dict literal keeps the last of two equal keys silently: one text would be lost."""
    import ast
    from collections import Counter
    from pathlib import Path

    import graph.texts

    tree = ast.parse(Path(graph.texts.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert [k for k, c in Counter(keys).items() if c > 1] == []
