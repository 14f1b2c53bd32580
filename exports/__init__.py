"""Files out: what Gongjian writes for people and other tools (CSV for Excel, a self-contained
interactive HTML map with the ECharts it vendors in ``assets/``, and more to come).

``exports`` uses ``graph`` and knows no command line and no web page (DESIGN.md §5): the HTML
map is a file, and the dashboard takes its ECharts option from :mod:`exports.map_echarts`.
"""
