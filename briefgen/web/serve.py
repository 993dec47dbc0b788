"""`briefgen serve`: the web application on waitress (pure Python, runs on Windows too), the address and access token shown, the browser opened."""

from __future__ import annotations

import secrets
import signal
import threading
import webbrowser
from pathlib import Path

from .app import Settings, create_app
from .guard import is_loopback


def _stop_on_terminate() -> None:
    """SIGTERM (a service manager, a closed terminal's SIGHUP) stops the server as Ctrl-C does, so
    its LibreOffice and its job folders go with it."""
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def serve(host: str, port: int, open_browser: bool, template_folders: list[Path], max_upload_mb: int, keep_minutes: float, echo=print) -> None:
    token = "" if is_loopback(host) else secrets.token_urlsafe(16)
    settings = Settings(host=host, port=port, token=token, template_folders=template_folders, max_upload_mb=max_upload_mb, keep_minutes=keep_minutes)
    app = create_app(settings)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{port}/" + (f"?token={token}" if token else "")
    echo(f"公文工作台已启动：{url}")
    if token:
        echo("本机以外也可以访问，须使用上面带 token 的网址（访问口令只在本次运行有效）。")
    echo("关闭本窗口或按 Ctrl-C 即停止。")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    from waitress import serve as waitress_serve

    _stop_on_terminate()
    try:
        waitress_serve(app, host=host, port=port, threads=8, _quiet=True)
    except KeyboardInterrupt:
        echo("公文工作台已停止。")
    finally:
        app.extensions["briefgen"]["store"].close()
        office = app.extensions["briefgen"]["office"]
        if hasattr(office, "close"):
            office.close()
