"""Deterministic synthetic data (合成数据): a street, a district or a city of community party building.

Nothing here describes a real person or organization: member names come from Faker
(``zh_CN``) and every other name is composed from word lists (:mod:`.names`). The same
``scale`` and ``seed`` always give the same rows, and so byte-identical files.

The generator makes rows, not files: :func:`generate` returns a :class:`Synthesis` whose
:meth:`~Synthesis.streets` yields one street at a time, every input table of
:mod:`loaders.schema` (the generic ``nodes``/``edges`` tables excepted) as rows of cells in
the order of the table's :class:`TableLayout` (its Chinese headers, its encoding, its sheet).
``gongjian generate`` writes them through :mod:`exports.dataset_files`: one CSV per table and,
for the street scale, one XLSX workbook with a sheet per table. Larger scales stream: a street
is made, written and forgotten before the next one begins, so memory stays bounded whatever
the number of members.

The modules, by concept: :mod:`.street` (one street under construction, dates, the random
source), :mod:`.organizations` (units and party organizations), :mod:`.people` (members and
their synthetic personal numbers), :mod:`.ties` (报到, 共建, pairings, seats),
:mod:`.activities` (resources, needs, activities: 三张清单), :mod:`.planted`, :mod:`.tables`
(columns and layouts) and :mod:`.generation` (the order of it all).

Every street carries the same *planted situations* (应建未建 units, an oversize and an
undersize branch, unreported, lost-contact and station-less floating members, unmet needs,
an isolated unit, communities missing items on their scorecard), computed back from the
generated rows and returned in :attr:`StreetTables.planted` (:data:`PLANTED_LABELS` names them).

Examples
--------
>>> id_check_digit("11010519491231002")
'X'
>>> synthesis = generate(scale="street", seed=2026)
>>> (synthesis.n_streets, [t.name for t in synthesis.layouts][:3], synthesis.encodings["members"])
(1, ['communities', 'units', 'party_orgs'], 'gbk')
"""

from loaders.synthetic.generation import (
    SCALES,
    GenerationSummary,
    Progress,
    Scale,
    StreetTables,
    Synthesis,
    generate,
)
from loaders.synthetic.people import id_check_digit
from loaders.synthetic.planted import PLANTED_LABELS
from loaders.synthetic.street import (
    COMMUNITIES_PER_STREET,
    FIRST_DATE,
    LAST_DATE,
    LOST_CONTACT_BEFORE,
    REFERENCE_DATE,
)
from loaders.synthetic.tables import OUTPUT_TABLES, RELATIONSHIP_TABLES, TableLayout

__all__ = [
    "COMMUNITIES_PER_STREET",
    "FIRST_DATE",
    "LAST_DATE",
    "LOST_CONTACT_BEFORE",
    "OUTPUT_TABLES",
    "PLANTED_LABELS",
    "REFERENCE_DATE",
    "RELATIONSHIP_TABLES",
    "SCALES",
    "GenerationSummary",
    "Progress",
    "Scale",
    "StreetTables",
    "Synthesis",
    "TableLayout",
    "generate",
    "id_check_digit",
]
