"""Files out: what Gongjian writes for people and other tools (CSV for Excel, and more to come).

``exports`` uses ``graph`` and knows no command line and no web page (DESIGN.md §5).
"""
