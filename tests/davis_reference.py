"""Two-mode centralities of the Davis Southern Women data, to two decimals.

Degree, closeness and betweenness per node, in the order of Borgatti & Everett's (1997,
*Social Networks* 19:243–269) table, as networkx transcribes it in its own test suite
(networkx/algorithms/bipartite/tests/test_centrality.py). The paper itself could not be read
here, so this is a secondary source; tests/test_network_measures.py checks the values we are
sure of by counting the matrix.
"""

from __future__ import annotations

DAVIS_BORGATTI_EVERETT: dict[str, tuple[float, float, float]] = {
    "E8": (0.78, 0.85, 0.24), "E9": (0.67, 0.79, 0.23), "E7": (0.56, 0.73, 0.13),
    "Nora Fayette": (0.57, 0.80, 0.11), "Evelyn Jefferson": (0.57, 0.80, 0.10),
    "Theresa Anderson": (0.57, 0.80, 0.09), "E6": (0.44, 0.69, 0.07),
    "Sylvia Avondale": (0.50, 0.77, 0.07), "Laura Mandeville": (0.50, 0.73, 0.05),
    "Brenda Rogers": (0.50, 0.73, 0.05), "Katherina Rogers": (0.43, 0.73, 0.05),
    "E5": (0.44, 0.59, 0.04), "Helen Lloyd": (0.36, 0.73, 0.04), "E3": (0.33, 0.56, 0.02),
    "Ruth DeSand": (0.29, 0.71, 0.02), "Verne Sanderson": (0.29, 0.71, 0.02),
    "E12": (0.33, 0.56, 0.02), "Myra Liddel": (0.29, 0.69, 0.02), "E11": (0.22, 0.54, 0.02),
    "Eleanor Nye": (0.29, 0.67, 0.01), "Frances Anderson": (0.29, 0.67, 0.01),
    "Pearl Oglethorpe": (0.21, 0.67, 0.01), "E4": (0.22, 0.54, 0.01),
    "Charlotte McDowd": (0.29, 0.60, 0.01), "E10": (0.28, 0.55, 0.01),
    "Olivia Carleton": (0.14, 0.59, 0.01), "Flora Price": (0.14, 0.59, 0.01),
    "E2": (0.17, 0.52, 0.00), "E1": (0.17, 0.52, 0.00), "Dorothy Murchison": (0.14, 0.65, 0.00),
    "E13": (0.17, 0.52, 0.00), "E14": (0.17, 0.52, 0.00),
}
