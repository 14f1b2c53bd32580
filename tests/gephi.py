"""Gephi's own import engine for the tests (test-time only: Gephi is GPL/CDDL and never a
dependency of Gongjian).

The ``gephi-toolkit`` jar (all dependencies in one, ~83 MB) is resolved from Maven Central once
into Maven's local repository, as :mod:`dashboard.neo4j_local` resolves Neo4j: ``mvn -q -B
dependency:get -Dartifact=org.gephi:gephi-toolkit:0.10.1:jar:all -Dtransitive=false`` (the
transitive resolve fails on a third-party repository the toolkit's POM names; the ``all`` jar
needs none of it). ``GONGJIAN_GEPHI_JAR`` names a jar to use instead (an offline mirror).

:func:`gephi_import` runs ``tests/gephi/GephiImport.java`` headless as a separate Java process
(single-file source launch, Java 11+) and returns what Gephi made of each file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

GEPHI_VERSION = "0.10.1"
ARTIFACT = f"org.gephi:gephi-toolkit:{GEPHI_VERSION}:jar:all"
PROGRAM = Path(__file__).resolve().parent / "gephi" / "GephiImport.java"


class GephiUnavailable(RuntimeError):
    """The Gephi toolkit cannot be provisioned or run."""


def _local_repository() -> Path:
    return Path(os.environ.get("GONGJIAN_M2_REPOSITORY", Path.home() / ".m2" / "repository"))


def jar_path() -> Path:
    """Where Maven keeps the toolkit jar."""
    return (_local_repository() / "org" / "gephi" / "gephi-toolkit" / GEPHI_VERSION
            / f"gephi-toolkit-{GEPHI_VERSION}-all.jar")


def gephi_jar() -> Path:
    """The toolkit jar: ``GONGJIAN_GEPHI_JAR``, else Maven's copy, resolved on first use."""
    named = os.environ.get("GONGJIAN_GEPHI_JAR")
    if named:
        if not Path(named).is_file():
            raise GephiUnavailable(f"GONGJIAN_GEPHI_JAR={named} is not a file")
        return Path(named)
    jar = jar_path()
    if jar.is_file():
        return jar
    mvn = shutil.which("mvn")
    if mvn is None:
        raise GephiUnavailable("mvn not found: install Maven (Debian: apt-get install maven) to fetch "
                               f"{ARTIFACT}, or set GONGJIAN_GEPHI_JAR to the jar")
    command = [mvn, "-q", "-B", "dependency:get", f"-Dartifact={ARTIFACT}", "-Dtransitive=false"]
    if "GONGJIAN_M2_REPOSITORY" in os.environ:
        command.append(f"-Dmaven.repo.local={_local_repository()}")
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired as e:
        raise GephiUnavailable(f"Maven did not resolve {ARTIFACT} within 15 minutes") from e
    if result.returncode != 0 or not jar.is_file():
        tail = " / ".join((result.stdout + result.stderr).strip().splitlines()[-5:])
        raise GephiUnavailable(f"Maven could not resolve {ARTIFACT} (exit {result.returncode}): {tail}")
    return jar


def java() -> str:
    """``$JAVA_HOME/bin/java`` when set, else the ``java`` on the path."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise GephiUnavailable("java not found: install Java 11+ (Debian: apt-get install openjdk-17-jre-headless)")
    return found


def gephi_import(jar: Path, *files: Path, timeout: float = 300) -> list[dict[str, Any]]:
    """Import each of ``files`` with Gephi (one Java process for all) and return, per file,
    what :file:`tests/gephi/GephiImport.java` prints: the graph's flags and time settings, the
    import report's issues, the columns with their types, the nodes and the edges."""
    command = [java(), "-Djava.awt.headless=true", "-Xmx1g", "-cp", str(jar), str(PROGRAM), *map(str, files)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise GephiUnavailable(f"Gephi did not import {files} within {timeout} s") from e
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or len(lines) != len(files):
        tail = " / ".join(result.stderr.strip().splitlines()[-8:])
        raise GephiUnavailable(f"Gephi's import failed (exit {result.returncode}): {tail}")
    return [json.loads(line) for line in lines]
