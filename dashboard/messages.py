"""Texts the faces show, in Chinese and English."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
    "empty_store": ("存储为空，请先运行 gongjian load 或 gongjian demo", "the store is empty; run gongjian load or gongjian demo first"),
    "data_version": ("数据版本", "data version"),
    "nodes": ("节点", "Nodes"),
    "relationships": ("关系", "Relationships"),
    "label": ("类别", "label"),
    "type": ("类型", "type"),
    "count": ("数量", "count"),
    "total": ("合计", "total"),
    "generated": ("已生成 {rows} 行合成数据于 {out}", "wrote {rows} rows of synthetic data to {out}"),
    "serving": ("看板地址：{url}（Ctrl+C 退出）", "dashboard at {url} (Ctrl+C to stop)"),
    "demo_loaded": ("已载入合成样例数据 {path}", "loaded the synthetic sample from {path}"),
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
    "no_data": ("尚无数据。请运行 `gongjian demo` 载入样例，或 `gongjian load 数据目录`。",
                "No data yet. Run `gongjian demo` to load the sample, or `gongjian load FOLDER`."),
    "total_nodes": ("节点总数", "Nodes"),
    "total_relationships": ("关系总数", "Relationships"),
    "by_label": ("按类别", "By label"),
    "by_type": ("按关系类型", "By relationship type"),
}


def t(key: str, lang: str = "zh") -> str:
    """The text ``key`` in ``lang``; ``""`` for an unknown key.

    >>> t("nodes", "en")
    'Nodes'
    """
    zh, en = MESSAGES.get(key, ("", ""))
    return zh if lang == "zh" else en
