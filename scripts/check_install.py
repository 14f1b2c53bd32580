"""The wheel as a user gets it: build, install into a fresh virtual environment, run it elsewhere.

``make test-install`` (part of ``make test``) runs this with the project's ``.venv``:

1. copies the files git knows (tracked, and new ones not ignored) to a temporary folder, as a
   fresh clone has them, and builds the wheel there with this environment's setuptools
   (``--no-build-isolation``: offline, and no ``build/`` left in the checkout);
2. checks the wheel holds every module of ``graph``, ``loaders``, ``exports`` and ``dashboard``,
   the sample street under ``dashboard/sample/`` and the licence, and no tests;
3. installs it (not editable, ``--no-deps``) into a new virtual environment whose only view of
   the dependencies is a ``.pth`` line naming this environment's site-packages. A ``.pth`` line
   adds the folder to ``sys.path`` but does not run the ``.pth`` files inside it, so the
   editable install of the checkout that ``.venv`` holds stays switched off: the check proves
   that the checkout is not importable there;
4. runs, from a temporary working folder with a temporary ``GONGJIAN_HOME``, the installed
   ``gongjian demo --no-serve``, ``gongjian analyze`` and ``gongjian export`` (an HTML and a PNG
   map, a GEXF file) on the demo's store, ``gongjian generate`` and ``gongjian dashboard`` (until
   it answers and serves its page), and checks their exit codes, their output, the figures of the report and that the generated
   files are the shipped sample, byte for byte;
5. since the ``.pth`` line shows the tool every package of ``.venv`` (the dev tools too), checks
   that each module those runs imported (``PYTHONPROFILEIMPORTTIME``) belongs to the standard
   library, to gongjian or to a distribution its dependencies require, and runs ``pip check``.

Exit status 0 when every check holds; otherwise 1, after naming what failed.
``--keep`` leaves the temporary folder for a look.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.metadata
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "loaders", "exports", "dashboard")
SAMPLE = Path("data") / "sample"
#: The sections every report has (a report may have more).
SECTIONS = {
    "org_coverage", "should_have_org", "branch_size", "member_coverage", "community_scorecard",
    "coverage_suggestions", "co_building_network", "cross_sector", "resource_sharing", "needs_matching",
    "reciprocity", "member_engagement", "participation_network", "integration_index",
}
#: What the installed interpreter reports about where its modules come from.
PROBE = """
import importlib, importlib.util, json, sys
import dashboard.settings
names = ["graph", "graph.analysis.report", "loaders.synthetic.generation", "exports.dataset_files", "dashboard.cli",
         "dashboard.views"]
print(json.dumps({
    "files": {n: importlib.import_module(n).__file__ for n in names},
    "sample": str(dashboard.settings.SAMPLE_DIR),
    "checkout_modules": [n for n in ("tests", "benchmarks", "scripts") if importlib.util.find_spec(n) is not None],
    "finders": [type(f).__module__ for f in sys.meta_path],
    "path": sys.path,
}))
"""


#: Which of the top-level modules given (argv[1], JSON) come from a distribution that gongjian
#: does not require, directly or through its requirements: what the ``.pth`` line lets the
#: installed tool import but a user's own environment would not have.
UNDECLARED = """
import importlib.metadata as md, json, sys
try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name
required, todo = set(), [("gongjian", ())]
while todo:
    name, extras = todo.pop()
    if canonicalize_name(name) in required:
        continue
    required.add(canonicalize_name(name))
    try:
        requires = md.distribution(name).requires or []
    except md.PackageNotFoundError:
        continue
    for text in requires:
        r = Requirement(text)
        if r.marker is None or any(r.marker.evaluate({"extra": e}) for e in (*extras, "")):
            todo.append((r.name, tuple(r.extras)))
owners = md.packages_distributions()
own = {"graph", "loaders", "exports", "dashboard"}
print(json.dumps({m: sorted(owners[m]) for m in sorted(json.loads(sys.argv[1]))
                  if m not in sys.stdlib_module_names and m not in own and m in owners
                  and not {canonicalize_name(d) for d in owners[m]} & required}))
"""


class CheckFailed(Exception):
    """One check did not hold."""


def check(condition: object, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


def run(cmd: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> str:
    """Run ``cmd``; its standard output, or :class:`CheckFailed` with everything it said."""
    return run_both(cmd, cwd=cwd, env=env, timeout=timeout)[0]


def run_both(cmd: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
             timeout: float = 300) -> tuple[str, str]:
    """Run ``cmd``; its standard output and standard error, or :class:`CheckFailed` with both."""
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise CheckFailed(f"{' '.join(map(str, cmd))} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result.stdout, result.stderr


def imported(stderr: str) -> set[str]:
    """The top-level modules a run imported, from what ``PYTHONPROFILEIMPORTTIME`` writes."""
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2 and "imported package" not in line}


def source_files() -> list[Path]:
    """The files of the checkout that a clone has, or would have once they are committed."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    return [Path(name) for name in listed.split("\0") if name and (ROOT / name).is_file()]


def copy_source(files: list[Path], target: Path) -> None:
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)


def build_wheel(src: Path, dist: Path) -> Path:
    version = importlib.metadata.version("setuptools")
    check(int(version.split(".")[0]) >= 77,
          f"setuptools {version} in {sys.prefix}: 77 or newer is needed to build the wheel (make installs the dev extra)")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps", "--no-index",
         "--wheel-dir", dist, src], cwd=src)
    (wheel,) = dist.glob("gongjian-*.whl")
    return wheel


def check_wheel(wheel: Path, files: list[Path]) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(f) for f in files if f.suffix == ".py" and f.parts[0] in PACKAGES}
    missing = sorted(modules - names)
    check(not missing, f"modules missing from the wheel: {', '.join(missing)}")
    sample = {"dashboard/sample/" + f.relative_to(SAMPLE).as_posix() for f in files if f.is_relative_to(SAMPLE)}
    check(sample and not sample - names, f"sample files missing from the wheel: {', '.join(sorted(sample - names))}")
    check(any(n.endswith(".dist-info/licenses/LICENSE") for n in names), "the LICENSE is not in the wheel")
    strays = sorted(n for n in names if n.split("/")[0] not in (*PACKAGES,) and ".dist-info/" not in n)
    check(not strays, f"files outside the packages in the wheel: {', '.join(strays)}")


def make_venv(venv: Path) -> Path:
    """A new virtual environment that sees this one's site-packages through a ``.pth`` line;
    its ``site-packages``."""
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent)
    python = venv / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=venv).strip())
    shared = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    (purelib / "gongjian-check-dependencies.pth").write_text("".join(f"{p}\n" for p in shared), encoding="utf-8")
    return purelib


WARMED = """
import json, sys
from dashboard import serve
serve.warm()
names = serve.page_modules()
print(json.dumps({"pages": len(names), "missing": [n for n in names + ["exports.map_static", "altair"]
                                                   if n not in sys.modules]}))
"""


def serve(gongjian: Path, home: Path, cwd: Path, env: dict[str, str]) -> str:
    """``gongjian dashboard`` on a free port until it answers its health check and serves the
    app's page; what it wrote on stderr (the imports' times among it)."""
    with socket.socket() as s:  # a free port (another process could take it meanwhile: then the check fails)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = cwd / "dashboard.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([str(gongjian), "dashboard", "--home", str(home), "--port", str(port)], cwd=cwd,
                                env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            local = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
            deadline, answer = time.monotonic() + 120, ""
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    with local.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
                        answer = r.read().decode()
                    break
                except (OSError, http.client.HTTPException):
                    time.sleep(0.3)
            check(answer == "ok", f"gongjian dashboard did not answer (exit {proc.poll()}):\n"
                                  f"{log.read_text('utf-8', 'replace')[-3000:]}")
            with local.open(f"http://127.0.0.1:{port}/", timeout=30) as r:
                check(r.status == 200 and b"<noscript>" in r.read(), "gongjian dashboard served no page")
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(30)
    return log.read_text("utf-8", "replace")


def check_installed(venv: Path, purelib: Path, work: Path) -> dict[str, float]:
    """Run the installed commands from ``work``; seconds each took."""
    home, key = work / "home", work / "key" / "pseudonym.key"
    cwd = work / "cwd"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GONGJIAN_", "NEO4J_", "VIRTUAL_ENV"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", GONGJIAN_HOME=str(home),
               GONGJIAN_KEY_FILE=str(key), GONGJIAN_LANG="en", COLUMNS="200")
    probe = json.loads(run([venv / "bin" / "python", "-c", PROBE], cwd=cwd, env=env))
    for name, file in probe["files"].items():
        check(Path(file).is_relative_to(purelib), f"{name} is imported from {file}, not from the installed wheel")
    sample = Path(probe["sample"])
    check(sample == purelib / "dashboard" / "sample" / "csv" and (sample / "members.csv").is_file(),
          f"the sample is looked for in {sample}")
    check(not probe["checkout_modules"], f"the checkout is importable: {probe['checkout_modules']}")
    check(not any("editable" in f for f in probe["finders"]), f"an editable-install finder is active: {probe['finders']}")
    check(str(ROOT) not in probe["path"] and "" not in probe["path"][1:], f"the checkout is on sys.path: {probe['path']}")
    gongjian = venv / "bin" / "gongjian"
    seconds: dict[str, float] = {}

    timed = dict(env, PYTHONPROFILEIMPORTTIME="1")  # to learn what each run imports
    modules: set[str] = set()

    start = time.perf_counter()
    demo, said = run_both([gongjian, "demo", "--no-serve"], cwd=cwd, env=timed)
    modules |= imported(said)
    seconds["demo"] = time.perf_counter() - start
    check(f"loaded the synthetic sample {sample} into the demo's own store {home / 'demo'}" in demo,
          f"gongjian demo said:\n{demo}")
    check("│ party member (Member)          │  2045 │" in demo and "│ total                             │ 11674 │" in demo,
          f"gongjian demo counted otherwise:\n{demo}")
    check(not (home / "embedded").exists(), "gongjian demo wrote into the user's store")

    start = time.perf_counter()
    report = cwd / "report.json"
    analyzed, said = run_both([gongjian, "analyze", "--home", home / "demo", "--as-of", "2026-11-01", "--out", report],
                              cwd=cwd, env=timed)
    modules |= imported(said)
    seconds["analyze"] = time.perf_counter() - start
    check(f"report written to {report}" in analyzed, f"gongjian analyze said:\n{analyzed}")
    check("units that should have their own organization 3, oversize branches 1" in analyzed,
          f"gongjian analyze found otherwise:\n{analyzed}")
    sections = {s["key"]: {f["key"]: f["value"] for f in s["figures"]} for s in json.loads(report.read_text("utf-8"))["sections"]}
    check(SECTIONS <= set(sections), f"report sections missing: {sorted(SECTIONS - set(sections))}")
    check(sections["org_coverage"]["units"] == 283 and sections["org_coverage"]["org_coverage_rate"] == round(160 / 283, 6)
          and sections["member_coverage"]["unreported"] == 373 and sections["needs_matching"]["unmet"] == 4,
          f"report figures differ: {sections['org_coverage']}, {sections['member_coverage']}, {sections['needs_matching']}")

    start = time.perf_counter()
    maps = {"html": b"<!DOCTYPE html>", "png": b"\x89PNG", "gexf": b"<?xml"}
    for fmt, magic in maps.items():
        target = cwd / f"map.{fmt}"
        verb = ["data", "--format", fmt] if fmt == "gexf" else ["map", "--kind", "coverage"]
        said = run_both([gongjian, "export", *verb, "--home", home / "demo", "--out", target], cwd=cwd, env=timed)[1]
        modules |= imported(said)
        check(target.is_file() and target.read_bytes().startswith(magic), f"gongjian export wrote no {fmt} file")
    # the vendored ECharts ships in the wheel and is inlined: the page needs no network
    page = (cwd / "map.html").read_text("utf-8")
    check(len(page) > 900_000 and "<script src" not in page, "the HTML map does not inline ECharts")
    seconds["export"] = time.perf_counter() - start

    start = time.perf_counter()
    generated = cwd / "generated"
    generated.mkdir()
    said = run_both([gongjian, "generate", "--out", generated / "csv", "--seed", "2026",
                     "--workbook", generated / "workbook.xlsx"], cwd=cwd, env=timed)[1]
    modules |= imported(said)
    seconds["generate"] = time.perf_counter() - start
    shipped = sample.parent
    for file in sorted(shipped.rglob("*")):
        if file.suffix in (".csv", ".xlsx"):
            made = generated / file.relative_to(shipped)
            check(made.is_file() and made.read_bytes() == file.read_bytes(),
                  f"gongjian generate --seed 2026 does not write the shipped {file.relative_to(shipped)}")

    start = time.perf_counter()
    served = serve(gongjian, home / "demo", cwd, timed)
    modules |= imported(served)
    seconds["dashboard"] = time.perf_counter() - start
    # what the server imports before it serves (dashboard.serve), found in the installed wheel
    warmed = json.loads(run([venv / "bin" / "python", "-c", WARMED], cwd=cwd, env=env))
    check(warmed["missing"] == [] and warmed["pages"] >= 20, f"the server's warm-up missed modules: {warmed}")

    check("faker" in modules and "xlsxwriter" in modules and "pandas" in modules and "matplotlib" in modules
          and "rustworkx" in modules, f"imports not seen: {sorted(modules)}")
    undeclared = json.loads(run([venv / "bin" / "python", "-c", UNDECLARED, json.dumps(sorted(modules))], cwd=cwd, env=env))
    check(not undeclared, f"imported but not among the dependencies in pyproject.toml: {undeclared}")
    run([venv / "bin" / "python", "-m", "pip", "check"], cwd=cwd, env=env)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="gongjian-install-"))
    try:
        files = source_files()
        src, dist = tmp / "src", tmp / "dist"
        copy_source(files, src)
        wheel = build_wheel(src, dist)
        size, built = wheel.stat().st_size, time.perf_counter()
        check_wheel(wheel, files)
        venv = tmp / "venv"
        purelib = make_venv(venv)
        run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
             wheel], cwd=tmp)
        installed = time.perf_counter()
        seconds = check_installed(venv, purelib, tmp)
    except CheckFailed as e:
        print(f"check_install: FAILED: {e}", file=sys.stderr)
        print(f"(temporary folder {tmp}{' kept' if args.keep else ' removed'})", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    runs = ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items())
    print(f"check_install: ok: {wheel.name}, {size / 1024:.0f} KiB; built in {built - started:.1f} s, "
          f"installed in {installed - built:.1f} s; {runs}; {time.perf_counter() - started:.1f} s in all")
    if args.keep:
        print(f"check_install: kept {tmp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
