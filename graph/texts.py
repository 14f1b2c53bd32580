"""Every text Gongjian shows, in Chinese and English: the one catalogue of the command line, the
dashboard's pages and the files it writes (reports, rules). Keys of the report files start with
``file_``, the rules' names and meanings with ``rule_``.

An unknown key is a bug, and fails loudly (``KeyError``) instead of showing nothing.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "scope_invalid": ("范围 {scope} 无效：可用 all、community:社区编号、street:街道名称 或 ego:节点编号:层数",
                      "invalid scope {scope}: use all, community:ID, street:NAME or ego:ID:DEPTH"),
    "scope_bad_depth": ("范围 {scope} 无效：ego:ID:DEPTH 的 DEPTH 应为 1–6 的整数",
                        "invalid scope {scope}: the DEPTH of ego:ID:DEPTH is a whole number from 1 to 6"),
    "scope_unknown_node": ("范围 {scope} 中的节点 {id} 不存在", "scope {scope}: there is no node {id}"),
    "scope_unknown_street": ("范围 {scope}：没有名为 {name} 的街道（已有：{known}）", "scope {scope}: no street named {name} (known: {known})"),
    "map_kind_co_building": ("共驻共建网络图", "Co-building network"),
    "map_kind_coverage": ("党组织覆盖图", "Party organization coverage"),
    "map_kind_participation": ("党员参与活动图", "Members' participation in activities"),
    "map_kind_lists": ("三张清单图（需求·项目·资源）", "Three lists: needs, projects, resources"),
    "map_kind_unknown": ("未知的图类型 {kind}（可用：{known}）", "unknown map kind {kind} (known: {known})"),
    "map_scope_all": ("全部", "all"),
    "map_subtitle": ("截至 {as_of} · 范围 {scope} · {nodes} 个节点，{edges} 条关系", "as of {as_of} · scope {scope} · {nodes} nodes, {edges} ties"),
    "map_aggregated_note": ("（共 {total} 个节点，按社区汇总；用 community:社区编号 查看一个社区）",
                            " (aggregated by community from {total} nodes; scope community:ID shows one)"),
    "map_participation_needs_community": ("党员参与活动图需指定一个社区：--scope community:社区编号（或 ego:节点编号:层数）",
                                          "the participation map is of one community: --scope community:ID (or ego:ID:DEPTH)"),
    "os_error": ("无法读写 {path}：{reason}", "cannot read or write {path}: {reason}"),
    "reason_not_regular": ("不是普通文件（设备、管道或套接字），不能写入", "not a regular file (a device, pipe or socket); it cannot be written"),
    "reason_report_clobbers": ("会覆盖输入数据、化名密钥或存储中的文件；请另选一个位置",
                               "it would overwrite the input, the pseudonymization key or a file of the store; choose another place"),
    "error": ("错误：", "Error:"),
    "input_invalid": ("输入数据有 {n} 处问题，未写入任何数据：", "The input has {n} problem(s); nothing was written:"),
    "col_file": ("文件", "file"),
    "col_sheet": ("工作表", "sheet"),
    "col_row": ("行", "row"),
    "col_column": ("列", "column"),
    "col_value": ("值", "value"),
    "col_reason": ("问题", "problem"),
    "report_written": ("问题清单已写入 {path}", "problem list written to {path}"),
    "valid": ("校验通过：{nodes} 个节点，{rels} 条关系（未写入）", "valid: {nodes} nodes, {rels} relationships (nothing written)"),
    "loaded": ("已载入：共 {nodes} 个节点、{rels} 条关系（新增节点 {created}，更新 {updated}，结束关系 {closed}），数据版本 {version}",
               "loaded: {nodes} nodes, {rels} relationships in the store ({created} nodes created, {updated} updated, {closed} relationships ended), data version {version}"),
    "empty_store": ("存储为空，请先运行 gongjian load（gongjian demo 把样例载入它自己的存储 …/demo）",
                    "the store is empty; run gongjian load first (gongjian demo loads the sample into a store of its own, …/demo)"),
    "data_version": ("数据版本", "data version"),
    "nodes": ("节点", "Nodes"),
    "relationships": ("关系", "Relationships"),
    "label": ("类别", "label"),
    "type": ("类型", "type"),
    "count": ("数量", "count"),
    "total": ("合计", "total"),
    "generated": ("已生成 {rows} 行合成数据于 {out}", "wrote {rows} rows of synthetic data to {out}"),
    "generated_planted": ("预置情形（分析应查出的情形）：", "planted situations (what the analyses should find):"),
    "serving": ("看板地址：{url}（Ctrl+C 退出）", "dashboard at {url} (Ctrl+C to stop)"),
    "demo_loaded": ("已将合成样例数据 {path} 载入演示专用存储 {store}（{home} 中您自己的数据未被读取或改动）",
                    "loaded the synthetic sample {path} into the demo's own store {store} (your data in {home} is not read or changed)"),
    "demo_next": ("查看看板：gongjian dashboard --home {store}；生成分析报告：gongjian analyze --home {store}",
                  "dashboard: gongjian dashboard --home {store}; report: gongjian analyze --home {store}"),
    "demo_store_taken": ("{store} 中有并非由 gongjian demo 载入的数据，演示不会覆盖它：请移走或删除该目录，或用 --home 另选存储目录",
                         "{store} holds data that gongjian demo did not load, and the demo never replaces it: "
                         "move or delete that folder, or give another --home"),
    "stage_write": ("写入存储", "writing the store"),
    "stage_read": ("读取文件", "reading files"),
    "stage_check": ("校验与关联", "checking rows and references"),
    "interrupted": ("注意：上一次载入未完成，请重新运行同一载入命令以完成", "note: the last load did not finish; run the same load again to complete it"),
    "neo4j_started": ("Neo4j 已启动：{uri}（目录 {root}）", "Neo4j is running at {uri} (folder {root})"),
    "neo4j_stopped": ("Neo4j 已停止", "Neo4j stopped"),
    "neo4j_not_running": ("Neo4j 未在运行", "Neo4j is not running"),
    "truncated": ("仅显示前 {n} 行（已达行数上限，可用 --limit 调整）", "only the first {n} rows (the row limit; see --limit)"),
    "app_title": ("共建 · 社区党建网络分析", "Gongjian · community party-building networks"),
    "overview": ("概览", "Overview"),
    "overview_caption": ("数据版本 {version} · 存储 {home}", "data version {version} · store {home}"),
    "no_data": ("尚无数据。请运行 `gongjian load 数据目录`；或运行 `gongjian demo`，在演示专用存储中查看样例。",
                "No data yet. Run `gongjian load FOLDER`, or `gongjian demo` to see the sample in a store of its own."),
    "total_nodes": ("节点总数", "Nodes"),
    "total_relationships": ("关系总数", "Relationships"),
    "by_label": ("按类别", "By label"),
    "by_type": ("按关系类型", "By relationship type"),
    # -- validate / load -------------------------------------------------------------------
    "problems_more": ("…另有 {more} 处问题未显示（共 {total} 处）；用 --report 文件.csv 保存全部",
                      "… {more} more not shown ({total} in all); --report FILE.csv saves them all"),
    "problems_more_in_report": ("…另有 {more} 处问题未显示（共 {total} 处），全部见问题清单",
                                "… {more} more not shown ({total} in all); the problem list holds them all"),
    "report_not_written": ("无法写入问题清单 {path}：{reason}", "cannot write the problem list {path}: {reason}"),
    "unchanged": ("数据未变化：存储中已是相同内容（数据版本 {version} 未变）",
                  "nothing changed: the store already holds this data (data version {version} unchanged)"),
    "cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    # -- query -----------------------------------------------------------------------------
    "query_no_rows": ("查询结果为空：没有符合条件的行", "no rows: nothing matches the query"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "list_source": ("计算", "computed by"),
    "list_no_analysis": ("（无对应分析：直接查询图）", "(no analysis asks this: read from the graph)"),
    "list_default": ("默认", "default"),
    "list_allowed": ("可选", "allowed"),
    "list_required": ("必填", "required"),
    "list_rule": ("规则 {rule}（当前 {value}）", "rule {rule} (now {value})"),
    "list_data_date": ("数据的日期（载入时的 --as-of，否则数据中最新的日期）", "the data's date (the load's --as-of, else the latest date in the data)"),
    "list_all": ("全部", "all"),
    # -- analyze and rules -----------------------------------------------------------------
    "report_file_written": ("报告已写入 {path}", "report written to {path}"),
    "report_scope": ("统计日期 {as_of} · {scope} · 数据版本 {version} · 规则：{rules}",
                     "as of {as_of} · {scope} · data version {version} · rules: {rules}"),
    "all_communities": ("全部社区", "all communities"),
    "rules_default": ("默认值", "defaults"),
    "rules_file": ("文件 {path}", "file {path}"),
    "rules_missing": ("默认值（未找到 {path}）", "defaults ({path} not found)"),
    "report_split": ("注意：{tables} 超过 Excel 单个工作表的行数上限，已分多个工作表（见摘要）",
                     "note: {tables} exceeded the rows of one Excel sheet and continue on further sheets (see the summary)"),
    "analyze_empty_store": ("存储为空，无可分析的数据：请先运行 gongjian load 数据目录",
                            "the store is empty, there is nothing to analyze: run gongjian load FOLDER first"),
    "analyze_empty_store_demo": ("存储为空，无可分析的数据：请先运行 gongjian load 数据目录（gongjian demo 载入的样例在 {demo}，"
                                 "用 gongjian analyze --home {demo} 分析）",
                                 "the store is empty, there is nothing to analyze: run gongjian load FOLDER first "
                                 "(the sample that gongjian demo loads is in {demo}: gongjian analyze --home {demo})"),
    "generate_would_overwrite": ("输出位置已有 {n} 个同名文件（{files}），未写入任何文件；确认可覆盖请加 --force",
                                 "{n} file(s) of the same name are already there ({files}); nothing was written: add --force to overwrite them"),
    "no_report_date": ("数据中没有任何日期，无法确定统计日期：请用 --as-of YYYY-MM-DD 指定（或载入时用 --as-of 注明数据日期）",
                       "the data holds no date, so the report date is unknown: give --as-of YYYY-MM-DD (or load with --as-of)"),
    "unknown_community": ("没有编号或名称为 {id} 的社区；已有：{known}", "no community with id or name {id}; known: {known}"),
    "ambiguous_community": ("名称 {id} 对应多个社区：{known}；请用编号", "{id} names several communities: {known}; give the id"),
    "rules_source": ("规则来源：{source}", "rules from: {source}"),
    "rules_col_rule": ("规则", "rule"),
    "rules_col_value": ("值", "value"),
    "rules_col_source": ("来源", "source"),
    "rules_col_meaning": ("含义", "meaning"),
    "rules_from_file": ("文件", "file"),
    "rules_from_default": ("默认", "default"),
    "rules_written": ("已写入规则文件 {path}（含默认值与说明，修改后即对 gongjian analyze 生效）",
                      "wrote the rules file {path} (the defaults, each explained; edits apply to gongjian analyze)"),
    # -- usage errors (exit code 2) --------------------------------------------------------
    "usage_error": ("用法错误：", "Usage error: "),
    "usage_help": ("用 {command} --help 查看用法", "see {command} --help"),
    "aborted": ("已中止", "aborted"),
    "usage_value": ("{name} 的值“{value}”无效：{reason}", "{name}: '{value}' is not valid: {reason}"),
    "usage_bad_value": ("{name} 的值无效（{detail}）", "{name}: invalid value ({detail})"),
    "usage_no_such_option": ("没有选项 {name}", "no such option {name}"),
    "usage_no_such_command": ("没有命令 {name}", "no such command {name}"),
    "usage_did_you_mean": ("；是否要用 {names}？", "; did you mean {names}?"),
    "usage_missing_argument": ("缺少参数 {name}", "missing argument {name}"),
    "usage_missing_option": ("缺少选项 {name}", "missing option {name}"),
    "usage_option_needs_value": ("选项 {name} 需要一个值", "option {name} needs a value"),
    "usage_option_takes_no_value": ("选项 {name} 不带值", "option {name} takes no value"),
    "usage_missing_command": ("缺少命令（可用：{commands}）", "missing command (one of: {commands})"),
    "usage_extra_arguments": ("多余的参数：{args}", "unexpected extra argument(s): {args}"),
    "usage_other": ("命令行有误（{detail}）", "{detail}"),
    "usage_query_text": ("请给出 Cypher 查询或查询名称（见 --list）", "give a Cypher query or the name of a query (see --list)"),
    "usage_param_unknown": ("查询 {query} 没有参数 {key}；它的参数：{known}",
                            "the query {query} has no parameter {key}; its parameters: {known}"),
    "usage_param_missing": ("查询 {query} 需要参数 {key}；它的参数：{known}",
                            "the query {query} needs the parameter {key}; its parameters: {known}"),
    "usage_cypher_param_unknown": ("查询中没有参数 {key}；它的参数：{known}", "the query has no parameter {key}; its parameters: {known}"),
    "usage_cypher_param_missing": ("查询需要参数 {known}", "the query needs the parameter(s) {known}"),
    "usage_as_of_twice": ("--as-of 与 --param as_of 只能给一个", "give --as-of or --param as_of, not both"),
    "usage_as_of_cypher": ("--as-of 只用于命名查询；Cypher 请用 --param", "--as-of is for named queries; give Cypher --param"),
    "usage_format_suffix": ("--format {fmt} 与文件扩展名 .{suffix} 不符", "--format {fmt} but the file ends in .{suffix}"),
    "usage_workbook_scale": ("--workbook 只用于 street 规模", "--workbook is for the street scale only"),
    "usage_encoding_twice": ("--encoding 为 {file} 给出了两种编码：{a}、{b}", "--encoding gives {file} two encodings: {a}, {b}"),
    "usage_encoding_twice_all": ("--encoding 给出了两种通用编码：{a}、{b}", "--encoding gives every file two encodings: {a}, {b}"),
    # reasons a value is refused, completing usage_value
    "reason_choice": ("可选 {choices}", "choose from {choices}"),
    "reason_int": ("须为整数", "must be a whole number"),
    "reason_minimum": ("须为不小于 {minimum} 的整数", "must be a whole number of at least {minimum}"),
    "usage_param_twice": ("参数 {key} 给了两个不同的值（{first}、{second}）；请只给一个",
                          "the parameter {key} was given two values ({first}, {second}); give one"),
    "reason_maximum": ("须为不大于 {maximum} 的整数", "must be a whole number of at most {maximum}"),
    "reason_date_minimum": ("须为 {minimum} 或以后的日期", "must be a date on or after {minimum}"),
    "reason_enum": ("可选 {choices}", "choose from {choices}"),
    "reason_int64": ("超出整数范围（-9223372036854775808 至 9223372036854775807）",
                     "outside the range of whole numbers (-9223372036854775808 to 9223372036854775807)"),
    "reason_positive_int": ("须为大于 0 的整数", "must be a whole number greater than 0"),
    "reason_port": ("须为 1 至 65535 之间的整数", "must be a whole number from 1 to 65535"),
    "reason_seconds": ("须为大于 0、不超过 {max} 的秒数", "must be a number of seconds greater than 0 and at most {max}"),
    "reason_date": ("不是有效的日期（格式 YYYY-MM-DD，如 2026-03-01）", "not a valid date (YYYY-MM-DD, e.g. 2026-03-01)"),
    "reason_kv": ("应写成 名称=值", "must be NAME=VALUE"),
    "reason_folder_missing": ("文件夹 {folder} 不存在", "the folder {folder} does not exist"),
    "reason_is_folder": ("这是一个文件夹；请给出文件名，如 {example}", "this is a folder; give a file name such as {example}"),
    "reason_is_file": ("这是一个文件；请给出文件夹", "this is a file; give a folder"),
    "reason_not_writable": ("没有写入权限", "no permission to write there"),
    "reason_encoding": ("不是已知的文本编码（如 gbk、gb18030、utf-8、big5）",
                        "not a known text encoding (e.g. gbk, gb18030, utf-8, big5)"),
    "reason_encoding_file": ("FILE=NAME 中的 FILE 只写文件名，不带文件夹", "the FILE of FILE=NAME is a file name, without a folder"),
    # -- report files (exports/) --------------------------------------------------------------
    'file_title': ('社区党建网络分析报告', 'Community party-building network report'),
    'file_summary': ('摘要', 'Summary'),
    'file_as_of': ('统计日期', 'as of'),
    'file_community': ('范围', 'scope'),
    'file_all_communities': ('全部社区', 'all communities'),
    'file_data_version': ('数据版本', 'data version'),
    'file_generated': ('生成时间', 'generated'),
    'file_figure': ('指标', 'figure'),
    'file_value': ('数值', 'value'),
    'file_details': ('明细', 'details'),
    'file_table_row': ('明细表：{title}', 'table: {title}'),
    'file_rows_format': ('#,##0" 行"', '#,##0" rows"'),
    'file_rows': ('共 {n} 行', '{n} rows'),
    'file_part': ('第 {i}/{k} 部分，第 {a}–{b} 行（共 {n} 行）', 'part {i} of {k}: rows {a}–{b} of {n}'),
    'file_split': ('该表共 {n} 行，超过 Excel 每个工作表 {limit} 行的上限，已分 {k} 个工作表：{sheets}', 'this table has {n} rows, more than an Excel sheet holds ({limit}); it is split over {k} sheets: {sheets}'),
    'file_empty': ('（无）', '(none)'),
    'file_more': ('… 另有 {n} 行，完整列表见 Excel 或 JSON 报告', '… {n} more rows; the Excel or JSON report has them all'),
    'file_more_ranked': ('… 上表为按「{measure}」从高到低的前 {shown} 行，另有 {n} 行，完整列表见 Excel 或 JSON 报告',
                         '… the rows above are the top {shown} by {measure}, highest first; {n} more rows, which the '
                         'Excel or JSON report has in full'),
    'file_rules': ('规则设置', 'Rules'),
    'file_rule': ('规则', 'rule'),
    'file_meaning': ('含义', 'meaning'),
    'file_yes': ('是', 'yes'),
    'file_no': ('否', 'no'),
    'file_no_value': ('—', '—'),
    'file_sep': ('；', '; '),
    # -- the rules: names and meanings -------------------------------------------------------
    'rule_own_org_min_full_members': ('单独组建所需正式党员数', 'full members for an own organization'),
    'rule_own_org_min_full_members_meaning': ('单位正式党员达到此数而无本单位党组织，即为应建未建（《中国共产党章程》第三十条：3）', 'a unit with at least this many full members and no own party organization should have one (Party Constitution, art. 30: 3)'),
    'rule_branch_min_full_members': ('党支部最少正式党员数', 'fewest full members of a branch'),
    'rule_branch_min_full_members_meaning': ('党支部正式党员少于此数，列为规模不足（党章第三十条：3）', 'a branch with fewer full members than this is undersize (Party Constitution, art. 30: 3)'),
    'rule_branch_max_members': ('党支部党员数上限', 'most members of a branch'),
    'rule_branch_max_members_meaning': ('党支部党员多于此数，宜设党总支（《中国共产党支部工作条例（试行）》：50）', 'a branch with more members than this should become a general branch (Branch Work Regulations: 50)'),
    'rule_general_branch_max_members': ('党总支党员数上限', 'most members of a general branch'),
    'rule_general_branch_max_members_meaning': ('党总支党员多于此数，宜设党委（100）', 'a general branch with more members than this should become a committee (100)'),
    'rule_lost_contact_months': ('失联月数', 'months without contact for lost contact'),
    'rule_lost_contact_months_meaning': ('最近联系距统计日期达到此月数，即为失联（6）', 'a member not contacted for at least this many months is out of contact (6)'),
    'rule_period_months': ('统计期（月）', 'period in months'),
    'rule_period_months_meaning': ('统计日期前此月数内的活动计入“期内”（12）', 'activities dated within this many months up to the report date count as in the period (12)'),
    'rule_work_ties': ('计入工作覆盖的联系', 'ties that count as work coverage'),
    'rule_work_ties_meaning': ('无党组织的单位有这些联系之一即算工作覆盖：instructor 党建指导员、liaison 联络员、co_building 共建协议、joint_activity 期内联合活动', 'a unit without an organization counts as reached with one of these ties: instructor, liaison, co_building (agreement), joint_activity (in the period)'),
    'rule_index_weights': ('整合指数权重', 'integration index weights'),
    'rule_index_weights_meaning': ('各指标在社区资源整合指数中的权重（≥ 0，不必合计为 1）：org_coverage 组织覆盖率、reporting_rate 报到率、co_building 共建单位占比、resource_sharing 资源开放共享率、needs_addressed 需求回应率、participation 党员参与率；未列出的指标权重为 0', 'weight of each component of the community integration index (≥ 0, need not sum to 1): org_coverage, reporting_rate, co_building, resource_sharing, needs_addressed, participation; a component left out weighs 0'),
    # -- static maps (exports/map_static.py, exports/fonts.py) ---------------------------------
    "font_cjk_missing": ("找不到含中文字形的字体，无法绘制中文地图。请运行 make system（或安装 fonts-wqy-microhei / fonts-noto-cjk），"
                         "或将环境变量 {var} 设为一个中文字体文件（.ttf/.otf/.ttc）",
                         "no font with Chinese glyphs was found, so the map cannot show Chinese text: run make system "
                         "(or install fonts-wqy-microhei or fonts-noto-cjk), or set {var} to a Chinese font file (.ttf/.otf/.ttc)"),
    "font_env_unusable": ("环境变量 {var} 指向的 {path} 不是含中文字形的静态字体文件（.ttf/.otf/.ttc）；请改为有效字体，或取消该变量",
                          "{var} names {path}, which is not a static font file (.ttf/.otf/.ttc) with Chinese glyphs; "
                          "point it at one, or unset it"),
    "map_format_unknown": ("不支持的图片格式 {fmt}（可用：{known}）", "unknown image format {fmt} (known: {known})"),
    "map_paper_unknown": ("不支持的纸张 {paper}（可用：{known}）", "unknown paper size {paper} (known: {known})"),
    "map_legend_type": ("节点类型", "Node types"),
    "map_legend_status": ("状态", "Status"),
    "map_legend_mark": ("标记", "Marks"),
    "map_legend_edge": ("关系", "Ties"),
    "map_labels_note": ("标注了其中 {shown} 个较大节点的名称（共 {n} 个节点）", "names shown for {shown} of the largest of {n} nodes"),
    "map_footer": ("数据版本 {version} · Gongjian 社区党建网络分析", "data version {version} · Gongjian community party-building network analysis"),
}

#: Names of the work-coverage ties (``Rules.work_ties``), for the rules table.
TIE_LABELS: dict[str, tuple[str, str]] = {
    'instructor': ('党建指导员', 'instructor'),
    'liaison': ('联络员', 'liaison'),
    'co_building': ('共建协议', 'co-building agreement'),
    'joint_activity': ('联合活动', 'joint activity'),
}


def t(key: str, lang: str = "zh") -> str:
    """The text ``key`` in ``lang`` (``"zh"``, else English); ``KeyError`` for an unknown key.

    >>> t("nodes", "en")
    'Nodes'
    >>> t("no_such_key")
    Traceback (most recent call last):
    ...
    KeyError: 'no text called no_such_key'
    """
    try:
        zh, en = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no text called {key}") from None
    return zh if lang == "zh" else en


def both(key: str, **fields: object) -> tuple[str, str]:
    """The text ``key`` in Chinese and in English, ``fields`` filled in: what a
    :class:`~graph.errors.GongjianError` is made of.

    >>> both("unknown_community", id="C9", known="C01")
    ('没有编号或名称为 C9 的社区；已有：C01', 'no community with id or name C9; known: C01')
    """
    zh, en = MESSAGES[key]
    return zh.format(**fields), en.format(**fields)


# -- labels of codes in the report's and the named queries' tables: code → (zh, en) ---------------

STATUS_LABELS = {"own": ("单独组建", "own organization"), "joint": ("联合组建", "joint organization"),
                 "work": ("工作覆盖", "work coverage only"), "none": ("未覆盖", "not reached")}
SUGGESTION_LABELS = {"general_branch": ("宜设党总支", "should be a general branch"),
                     "committee": ("宜设党委", "should be a committee"),
                     "joint_branch": ("宜联合组建", "should join a joint branch")}
SCORE_LABELS = {"party_org": ("社区党组织", "community party organization"),
                "residents_committee": ("居委会", "residents' committee"),
                "co_building": ("共建单位", "co-building partners"),
                "joint_meeting": ("联席会议席位", "joint-meeting seats"),
                "reported_members": ("报到党员", "reported members"),
                "resources": ("资源", "resources"), "needs": ("需求", "needs")}
COMPONENT_LABELS = {"org_coverage": ("组织覆盖率", "organizational coverage"),
                    "reporting_rate": ("向居住社区报到率", "reported to home community"),
                    "co_building": ("共建单位占比", "share of units co-building"),
                    "resource_sharing": ("资源开放共享率", "resources shared"),
                    "needs_addressed": ("需求回应率", "needs addressed"),
                    "participation": ("党员参与率", "member participation")}
PROBLEM_LABELS = {"undersize": ("正式党员不足", "too few full members"),
                  "oversize": ("党员过多", "too many members"),
                  "oversize_general": ("党总支过大", "general branch too large")}
WORK_TIE_LABELS = {"instructor": ("党建指导员", "party-building instructor"), "liaison": ("联络员", "liaison"),
                   "co_building": ("共建", "co-building"), "joint_activity": ("联合活动", "joint activity")}
CANDIDATE_LABELS = {"joint_branch": ("联合党支部", "joint branch"), "community_org": ("社区党组织", "community party organization"),
                    "instructor": ("党建指导员", "party-building instructor")}
REASON_LABELS = {"same_community": ("本社区", "same community"), "adjacent_community": ("相邻社区", "adjacent community")}
