"""The web tests' tools: a `briefgen serve` started on a free port, a headless Chromium (the system's, never downloaded) driven by Selenium, downloads fetched with the page's cookies."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(*args: str, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """`briefgen serve` in a process of its own; returns it and its base URL once it answers. What
    it prints goes to a file (``process.log``): a pipe nobody reads would stop it when full."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="briefgen-serve-", suffix=".log", delete=False)
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "serve", "--port", str(port), *args], stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = Path(log.name)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return process, base
        except urllib.error.HTTPError:
            return process, base  # it answers (a token server refuses the bare address)
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.log.read_text(encoding="utf-8"))
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("briefgen serve did not answer within 60 s")


def stop(process: subprocess.Popen) -> str:
    """Stop the server; what it printed."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    output = process.log.read_text(encoding="utf-8")
    process.log.unlink()
    return output


def require_browser() -> tuple[str, str]:
    """The system Chromium and its driver; a skip outside CI, a failure in CI (its setup installs them)."""
    browser = next((path for path in CHROMIUM if Path(path).is_file()), None)
    driver = next((path for path in DRIVER if Path(path).is_file()), None) or shutil.which("chromedriver")
    if browser is None or driver is None:
        if os.environ.get("CI"):
            pytest.fail("chromium or chromium-driver missing in CI: scripts/setup-tests.sh installs them")
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    return browser, driver


def chromium(download_dir: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(download_dir), "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(driver), options=options)


def fetch(browser, url: str) -> bytes:
    """A download link's file, fetched with the browser's cookies (the access token's)."""
    cookies = "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def wait_for(browser, condition, seconds: float = 60):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(condition)
