"""A private Neo4j Community server on loopback, for tests and for users without one.

Neo4j Community is published on Maven Central, not on PyPI or Debian: Maven resolves
``org.neo4j:neo4j`` and ``org.neo4j.app:neo4j-server`` once into its local repository, and
the server runs as a separate Java process (``org.neo4j.server.CommunityEntryPoint``) with
Bolt on 127.0.0.1 and a free port, HTTP off, a small heap and page cache, and auth on with
a password generated for this machine and kept in an untracked file beside the data.

Layout under ``root`` (``$GONGJIAN_HOME/neo4j`` for users, ``.neo4j/`` for the test suite)::

    maven/pom.xml, maven/classpath.txt   what Maven resolved
    conf/neo4j.conf                      written on every start
    data/ logs/ run/                     the server's own folders
    password                             mode 0600
    server.pid, connection.json          while it runs
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from graph.errors import GongjianError

NEO4J_VERSION = "5.26.0"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"  # 5.x; 2025.x and later: Neo4jCommunity
ENTRY_POINTS = (ENTRY_POINT, "org.neo4j.server.Neo4jCommunity")
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>gongjian</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version></dependency>
    <dependency><groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId><version>{version}</version></dependency>
  </dependencies>
</project>
"""


class Neo4jSetupError(GongjianError):
    """The local Neo4j server cannot be provisioned or started."""

    exit_code = 3


@dataclass(frozen=True)
class Connection:
    """How to reach a Neo4j server."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"


def _java_major(java: str) -> int | None:
    """The major version of ``java`` (``java -version`` prints e.g. ``openjdk version "17.0.9"``)."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in (out.stderr + out.stdout).splitlines():
        if "version" in line and '"' in line:
            number = line.split('"')[1]
            head = number.split(".")[0]
            if head == "1" and "." in number:  # 1.8.0_… style
                head = number.split(".")[1]
            return int(head) if head.isdigit() else None
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int, root: Path | None = None) -> bool:
    """Whether ``pid`` runs — and, given ``root``, is our Neo4j server for that folder, not a
    process that reused a stale pid after a reboot."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return root is None
    if root is None:
        return True
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return any(entry in cmdline for entry in ENTRY_POINTS) and str(root) in cmdline


class LocalNeo4j:
    """Provision, start, query and stop a Neo4j server under ``root``."""

    def __init__(self, root: Path, version: str | None = None, heap: str = "768m", pagecache: str = "256m",
                 *, allow_file_csv: bool = False) -> None:
        self.root = Path(root).resolve()
        self.allow_file_csv = allow_file_csv  # only the LOAD CSV benchmark turns this on
        # GONGJIAN_NEO4J_VERSION picks another release (2025.x and later need Java 21: JAVA_HOME).
        self.version = version or os.environ.get("GONGJIAN_NEO4J_VERSION") or NEO4J_VERSION
        self.heap = heap
        self.pagecache = pagecache

    # -- provisioning ------------------------------------------------------------------
    def _tool(self, name: str, advice_zh: str, advice_en: str) -> str:
        path = shutil.which(name)
        if path is None:
            raise Neo4jSetupError(f"找不到 {name}：{advice_zh}", f"{name} not found: {advice_en}")
        return path

    def java(self) -> str:
        """The ``java`` to run: ``$JAVA_HOME/bin/java`` when set, else the one on the path;
        checked to be new enough for this Neo4j release (5.x: 17, 2025.x and later: 21)."""
        home = os.environ.get("JAVA_HOME")
        candidate = Path(home) / "bin" / "java" if home else None
        java = str(candidate) if candidate is not None and candidate.exists() else self._tool(
            "java", "请安装 Java 17（Debian: apt-get install openjdk-17-jre-headless）",
            "install Java 17 (Debian: apt-get install openjdk-17-jre-headless)")
        needed = 17 if self.version.startswith("5.") else 21
        found = _java_major(java)
        if found is not None and found < needed:
            raise Neo4jSetupError(
                f"Neo4j {self.version} 需要 Java {needed} 或更新版本，当前为 Java {found}：请把 JAVA_HOME 设为 Java {needed}+ 的目录",
                f"Neo4j {self.version} needs Java {needed} or newer, found Java {found}: "
                f"set JAVA_HOME to a Java {needed}+ installation")
        return java

    def classpath(self) -> str:
        """The server's class path, resolved by Maven on first use and cached."""
        out = self.root / "maven" / "classpath.txt"
        pom = self.root / "maven" / "pom.xml"
        wanted = POM.format(version=self.version)
        if not out.exists() or not pom.exists() or pom.read_text() != wanted:
            mvn = self._tool("mvn", "请安装 Maven（Debian: apt-get install maven）", "install Maven (Debian: apt-get install maven)")
            pom.parent.mkdir(parents=True, exist_ok=True)
            pom.write_text(wanted)
            result = subprocess.run(
                [mvn, "-q", "-B", "dependency:build-classpath", f"-Dmdep.outputFile={out.name}"],
                cwd=pom.parent, capture_output=True, text=True,
            )
            if result.returncode != 0 or not out.exists():
                tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
                raise Neo4jSetupError(
                    f"Maven 无法下载 Neo4j {self.version}：" + " / ".join(tail),
                    f"Maven could not resolve Neo4j {self.version}: " + " / ".join(tail),
                )
        classpath = out.read_text().strip()
        main = f"neo4j-{self.version}.jar"
        if not any(Path(p).name == main for p in classpath.split(os.pathsep)):
            raise Neo4jSetupError(f"类路径中缺少 {main}（含 {ENTRY_POINT}）", f"{main} (holding {ENTRY_POINT}) is missing from the class path")
        return classpath

    def entry_point(self, classpath: str) -> str:
        """The server's main class, found in the ``org.neo4j:neo4j`` jar (its name changed in 2025)."""
        main = next(p for p in classpath.split(os.pathsep) if Path(p).name == f"neo4j-{self.version}.jar")
        with zipfile.ZipFile(main) as jar:
            names = set(jar.namelist())
        for entry in ENTRY_POINTS:
            if entry.replace(".", "/") + ".class" in names:
                return entry
        raise Neo4jSetupError(f"{main} 中没有 Neo4j 服务器入口类（{'、'.join(ENTRY_POINTS)}）",
                              f"{main} holds no Neo4j server entry point ({', '.join(ENTRY_POINTS)})")

    def password(self) -> str:
        """This machine's password for the local server, created on first use (mode 0600)."""
        path = self.root / "password"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write("gj" + secrets.token_hex(16) + "\n")  # never starting with "-" (an option)
        return path.read_text().strip()

    def _write_conf(self, port: int) -> Path:
        conf = self.root / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.memory.pagecache.size": self.pagecache,
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(self.root / "data"),
            "server.directories.logs": str(self.root / "logs"),
            "server.directories.run": str(self.root / "run"),
            "server.directories.import": str(self.root / "import"),
            "db.tx_log.rotation.retention_policy": "2 files",
            "dbms.security.allow_csv_import_from_file_urls": str(self.allow_file_csv).lower(),
        }
        (conf / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        return conf

    # -- running -------------------------------------------------------------------------
    def connection(self) -> Connection | None:
        """The running server's connection, or ``None``."""
        path = self.root / "connection.json"
        pid_file = self.root / "server.pid"
        if not path.exists() or not pid_file.exists() or not _alive(int(pid_file.read_text()), self.root):
            return None
        return Connection(**json.loads(path.read_text()))

    def start(self, timeout: float = 180.0) -> Connection:
        """Start the server (or find it running) and wait until ``RETURN 1`` answers."""
        running = self.connection()
        if running is not None:
            return running
        java = self.java()
        classpath = self.classpath()
        port = _free_port()
        conf = self._write_conf(port)
        env = {**os.environ, "NEO4J_HOME": str(self.root), "NEO4J_CONF": str(conf)}
        password = self.password()
        if not (self.root / "data" / "dbms").exists():
            admin = subprocess.run([java, "-cp", classpath, ADMIN_TOOL, "dbms", "set-initial-password", password],
                                   env=env, capture_output=True, text=True)
            if admin.returncode != 0:
                tail = " / ".join((admin.stdout + admin.stderr).strip().splitlines()[-3:])
                raise Neo4jSetupError(f"无法设置 Neo4j 初始密码：{tail}", f"cannot set the initial Neo4j password: {tail}")
        (self.root / "logs").mkdir(parents=True, exist_ok=True)
        log = open(self.root / "logs" / "console.log", "ab")
        proc = subprocess.Popen(
            [java, f"-Xmx{self.heap}", "-XX:+UseG1GC", "-cp", classpath, self.entry_point(classpath),
             "--home-dir", str(self.root), "--config-dir", str(conf)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        (self.root / "server.pid").write_text(str(proc.pid))
        connection = Connection(f"bolt://127.0.0.1:{port}", USER, password)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise Neo4jSetupError(f"Neo4j 启动失败，见 {self.root / 'logs'}",
                                          f"Neo4j exited while starting; see {self.root / 'logs'}")
                if _port_open(port) and self._answers(connection):
                    (self.root / "connection.json").write_text(json.dumps(connection.__dict__))
                    return connection
                time.sleep(0.5)
            raise Neo4jSetupError(f"Neo4j 在 {timeout:.0f} 秒内未就绪，见 {self.root / 'logs'}",
                                  f"Neo4j was not ready within {timeout:.0f} s; see {self.root / 'logs'}")
        except BaseException:
            # Interrupted or failed: leave no server behind.
            self.stop(timeout=20)
            raise

    def _answers(self, connection: Connection) -> bool:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

        try:
            with GraphDatabase.driver(connection.uri, auth=(connection.user, connection.password)) as driver:
                driver.execute_query("RETURN 1", database_=connection.database)
            return True
        except AuthError as e:
            # The password file no longer matches the data (lost or replaced): waiting won't help.
            raise Neo4jSetupError(
                f"本地 Neo4j 拒绝了保存的密码（{self.root / 'password'} 与 {self.root / 'data'} 不匹配）："
                "请恢复原密码文件，或删除 data 目录后重新启动（会清空本地数据库）",
                f"the local Neo4j refused the stored password ({self.root / 'password'} does not match "
                f"{self.root / 'data'}): restore the old password file, or delete the data folder and start "
                "again (this empties the local database)") from e
        except (ServiceUnavailable, Neo4jError, OSError):
            return False

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after ``timeout``); whether one ran."""
        pid_file = self.root / "server.pid"
        if not pid_file.exists():
            return False
        pid = int(pid_file.read_text())
        was_running = _alive(pid, self.root)
        if was_running:
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while _alive(pid, self.root) and time.monotonic() < deadline:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
                time.sleep(0.2)
            if _alive(pid, self.root):
                os.kill(pid, signal.SIGKILL)
        pid_file.unlink(missing_ok=True)
        (self.root / "connection.json").unlink(missing_ok=True)
        return was_running

    def status(self) -> dict[str, object]:
        """Whether it runs, where, and which version is provisioned."""
        conn = self.connection()
        return {"running": conn is not None, "uri": conn.uri if conn else None, "version": self.version,
                "root": str(self.root), "provisioned": (self.root / "maven" / "classpath.txt").exists()}
