"""Coverage and resource-integration analyses (DESIGN.md §4).

Every analysis is a pure function of a networkx projection of the store
(:meth:`graph.store.GraphStore.to_networkx`) and of :class:`graph.analysis.rules.Rules`;
it returns plain data: the figures and the lists behind every figure.
"""
