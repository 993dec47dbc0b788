"""Run by a Python that has LibreOffice's UNO bridge: convert documents in a LibreOffice kept running, one request a line."""

# This file runs under another interpreter (Debian's /usr/bin/python3 with python3-uno, or
# LibreOffice's own Python): it imports nothing of briefgen, only the standard library and uno.
import json
import sys
import time

import uno  # noqa: I001 - only the office's Python has it
from com.sun.star.beans import PropertyValue


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _desktop(pipe: str, seconds: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # noqa: BLE001 - the office is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(desktop, request: dict) -> None:
    source = uno.systemPathToFileUrl(request["in"])
    document = desktop.loadComponentFromURL(source, "_blank", 0, (_property("Hidden", True), _property("ReadOnly", True)))
    try:
        document.storeToURL(uno.systemPathToFileUrl(request["out"]), (_property("FilterName", request.get("filter", "writer_pdf_Export")),))
    finally:
        document.close(True)


def main() -> None:
    desktop = _desktop(sys.argv[1])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            _convert(desktop, json.loads(line))
            print(json.dumps({"ok": True}), flush=True)
        except Exception as error:  # noqa: BLE001 - reported to the caller, which decides
            print(json.dumps({"ok": False, "error": str(error)}), flush=True)


if __name__ == "__main__":
    main()
