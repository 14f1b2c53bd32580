"""What goes into the wheel; everything else about the project is in pyproject.toml.

The packages are discovered, so a new one (``loaders/synthetic/``, a new analysis module)
cannot be left out. The sample street stays in ``data/sample/`` at the top of the repository
(where the client wants it) and ships inside the wheel as ``dashboard/sample/``, where
:data:`dashboard.settings.SAMPLE_DIR` finds it next to the installed module.

pyproject.toml's ``[tool.setuptools]`` cannot say both: its ``packages.find`` ignores
``package-dir`` entries for folders outside the packages, hence these few lines.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["graph", "graph.*", "loaders", "loaders.*", "exports", "exports.*",
                                      "dashboard", "dashboard.*"]),
              "dashboard.sample", "dashboard.sample.csv", "exports.assets"],
    package_dir={"dashboard.sample": "data/sample"},
    package_data={"dashboard.sample": ["README.md", "workbook.xlsx"], "dashboard.sample.csv": ["*.csv"],
                  "exports.assets": ["*"], "dashboard": ["icon.png"]},
)
