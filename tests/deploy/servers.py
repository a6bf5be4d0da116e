"""The production recipe, run as the README says (scripts/deploy): gunicorn started by the
systemd unit's own command line and environment file, nginx with the site that
``nginx-site.sh`` renders; each on free ports and in a temporary folder."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import pathlib
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "scripts" / "deploy"
VENV_BIN = pathlib.Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unit_command(unit: str, socket_path: pathlib.Path) -> list[str]:
    """The unit's ExecStart, with this clone's venv and a socket in a temporary folder."""
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("ExecStart="))
    command = shlex.split(line.removeprefix("ExecStart="))
    command[0] = str(VENV_BIN / pathlib.Path(command[0]).name)
    return [
        f"unix:{socket_path}" if arg.startswith("unix:/run/veilleurs/") else arg for arg in command
    ]


def environment_file() -> dict[str, str]:
    """The settings of scripts/deploy/veilleurs.env (what /etc/veilleurs/veilleurs.env holds)."""
    settings = {}
    for line in (DEPLOY / "veilleurs.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    return settings


def request(
    port: int,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})} if data else headers or {}
        connection.request(method, path, data, sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} s'est arrêté (code {process.returncode})")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if request(port, "GET", "/healthz", timeout=5)[0] == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{what} ne répond pas sur /healthz")


@contextlib.contextmanager
def running(
    command: list[str], env: dict[str, str], log: pathlib.Path
) -> Iterator[subprocess.Popen]:
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_environment(
    app_config: dict[str, Any], var_dir: pathlib.Path, **extra: str
) -> dict[str, str]:
    """The process environment for the application: the test's database and secret."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "REDIS_URL"))}
    env.update(
        DATABASE_URL=app_config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY=app_config["SECRET_KEY"],
        VEILLEURS_VAR_DIR=str(var_dir),
        MEDIA_DIR=str(var_dir / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def production_stack(
    app_config: dict[str, Any], tmp: pathlib.Path, **settings: str
) -> Iterator[int]:
    """gunicorn as the systemd unit starts it, nginx in front: yields nginx's port."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert pathlib.Path(nginx).exists(), "nginx manque : scripts/install-system.sh test l'installe"
    sock = tmp / "gunicorn.sock"
    recipe = {
        k: v
        for k, v in environment_file().items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "VEILLEURS_VAR_DIR", "MEDIA_DIR")
    }
    env = app_environment(app_config, tmp / "var", **(recipe | settings))
    port = free_port()
    site = subprocess.run(
        [
            str(DEPLOY / "nginx-site.sh"),
            "localhost",
            f"127.0.0.1:{port}",
            f"unix:{sock}",
            env.get("MAX_UPLOAD_MB", "12"),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (tmp / "site.conf").write_text(site, encoding="utf-8")
    # What Debian's /etc/nginx/nginx.conf provides around the sites, in the temporary folder.
    (tmp / "nginx.conf").write_text(
        f"""user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
""",
        encoding="utf-8",
    )
    subprocess.run([nginx, "-t", "-q", "-c", str(tmp / "nginx.conf")], check=True)
    command = unit_command("veilleurs.service", sock)
    with (
        running(command, env, tmp / "gunicorn.log") as gunicorn,
        running(
            [nginx, "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"], env, tmp / "nginx.log"
        ) as proxy,
    ):
        wait_until_up(port, gunicorn, "gunicorn")
        assert proxy.poll() is None
        yield port


@contextlib.contextmanager
def veilleurs_serve(
    app_config: dict[str, Any], tmp: pathlib.Path, *args: str, **settings: str
) -> Iterator[int]:
    """``veilleurs serve`` alone (a small install without nginx): yields its port."""
    port = free_port()
    env = app_environment(app_config, tmp / "var", **settings)
    command = [str(VENV_BIN / "veilleurs"), "serve", "--port", str(port), *args]
    with running(command, env, tmp / "serve.log") as process:
        wait_until_up(port, process, "veilleurs serve")
        yield port
