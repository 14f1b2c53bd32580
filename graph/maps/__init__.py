"""Network maps as plain data: which nodes and ties a map shows, styled and laid out.

:mod:`graph.maps.model` holds the data a renderer draws (no drawing library here),
:mod:`graph.maps.style` the one style table every map, export and dashboard page uses,
:mod:`graph.maps.scope` the scopes, :mod:`graph.maps.build` the four kinds of map and
:mod:`graph.maps.layout` the deterministic layout.
"""
