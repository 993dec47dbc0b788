"""Who may use the page: on 127.0.0.1 the local user (the Host header checked, so another site cannot reach it by DNS rebinding); on any other address only a request with the access token."""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass

TOKEN_COOKIE = "briefgen_token"
TOKEN_HEADER = "X-Briefgen-Token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


@dataclass(frozen=True)
class Guard:
    host: str
    port: int
    token: str = ""  # required of every request when set (the server listens beyond this machine)

    def refusal(self, host_header: str, origin: str, presented: str) -> str:
        """Why a request is refused ("" when it may go on)."""
        if self.token:
            return "" if presented and hmac.compare_digest(presented, self.token) else "需要访问口令：请使用启动时显示的完整网址（带 token=…）打开。"
        if host_header not in {f"{name}:{self.port}" for name in LOOPBACK_NAMES}:
            return "只接受本机的访问。"
        if origin and origin.split("://", 1)[-1] not in {f"{name}:{self.port}" for name in LOOPBACK_NAMES}:
            return "只接受本页面发出的请求。"
        return ""
