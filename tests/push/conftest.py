"""A local HTTP server playing a WeCom or DingTalk group robot (issue 20): it records
every request, checks the JSON body's shape and, for DingTalk, the timestamp and the
signature with its secret, and answers as the platforms do (or fails on demand).
The real services are never called."""

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from push import services
from push.kinds import PUSH_KINDS
from push.models import Platform


@dataclass
class RobotServer:
    port: int
    secret: str = ""
    mode: str = "ok"  # "ok", "http500" or "errcode"
    requests: list = field(default_factory=list)  # (path, query, body) taken or refused
    refusals: list = field(default_factory=list)  # why a request was refused by the checks

    def url(self, platform: str) -> str:
        if platform == Platform.DINGTALK:
            return f"http://127.0.0.1:{self.port}/robot/send?access_token=tok-dingtalk-1234abcd"
        return f"http://127.0.0.1:{self.port}/cgi-bin/webhook/send?key=key-wecom-5678efgh"

    @property
    def taken(self) -> list[dict]:
        return [body for _path, _query, body, ok in self.requests if ok]


def _check(server: RobotServer, path: str, query: dict, body) -> str:
    """What is wrong with the request, as the platform would say it ('' when fine)."""
    if not isinstance(body, dict) or body.get("msgtype") != "markdown":
        return "msgtype"
    markdown = body.get("markdown") or {}
    if path == "/robot/send":
        if not (markdown.get("title") and markdown.get("text")):
            return "markdown title/text"
        if server.secret:
            timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
            expected = base64.b64encode(
                hmac.new(
                    server.secret.encode(), f"{timestamp}\n{server.secret}".encode(), hashlib.sha256
                ).digest()
            ).decode()
            # parse_qs decoded the query once; the sign was URL-encoded once on top of base64.
            if not timestamp.isdigit() or sign != expected:
                return "sign"
    elif not markdown.get("content"):
        return "markdown content"
    return ""


@pytest.fixture
def robot_server(settings):
    settings.PUSH_ALLOWED_HOSTS = ["127.0.0.1"]
    server_state = RobotServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                body = None
            query = parse_qs(parts.query)
            problem = _check(server_state, parts.path, query, body)
            ok = not problem and server_state.mode == "ok"
            server_state.requests.append((parts.path, query, body, ok))
            if problem:
                server_state.refusals.append(problem)
            if server_state.mode == "http500":
                self.send_response(500)
                self.end_headers()
                return
            answer = {"errcode": 0, "errmsg": "ok"}
            if problem or server_state.mode == "errcode":
                answer = {"errcode": 310000, "errmsg": f"refused: {problem or 'test'}"}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server_state
    httpd.shutdown()
    httpd.server_close()


def robot_for(
    group, server: RobotServer, *, manager, platform=Platform.WECOM, kinds=None, secret=""
):
    return services.robot_create(
        actor=manager.user,
        group=group,
        name="robot",
        platform=platform,
        webhook=server.url(platform),
        secret=secret,
        kinds=list(PUSH_KINDS) if kinds is None else kinds,
    )
