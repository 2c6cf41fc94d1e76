"""Headless Chromium for tests (the `browser` fixture is in conftest.py): one page with everything it
logged and requested. Skipped locally without Chromium or Playwright; a failure under CI=true."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from tests.conftest import ROOT

# no GPU here: WebGL (the graph page's sigma.js renderer) runs on SwiftShader, in software, which
# Chromium allows without a GPU only when asked (--enable-unsafe-swiftshader)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(os.environ.get("KGRAPH_ARTIFACTS", ROOT / ".artifacts"))
GRAPH_READY = "!!(window.kgraph && window.kgraph.ready)"


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Page:
    """One page (a file path or an http address) with everything it logged and requested, opened
    once `ready` (a JavaScript expression) is true; by default, the graph page's ready flag."""

    def __init__(self, ctx, where: Path | str, ready: str = GRAPH_READY, init: str | None = None):
        self.url = where if isinstance(where, str) else where.resolve().as_uri()
        self.page = ctx.new_page()
        if init:                       # a script run before the page's own (tests: a browser without WebGL)
            self.page.add_init_script(init)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.url)
        self.wait(ready)

    def wait(self, expr: str, seconds: float = 120) -> None:
        # polled from here: the pages' Content-Security-Policy forbids the eval that wait_for_function uses
        deadline = time.monotonic() + seconds
        while not self.js(expr):
            assert time.monotonic() < deadline, f"never true: {expr}"
            self.page.wait_for_timeout(50)

    def choose_example(self, prefix: str) -> None:
        """The query page: pick the canned example whose label starts with `prefix` ("partners:")."""
        labels = self.js("Array.from(document.querySelectorAll('#examples option')).map(o => o.textContent)")
        self.page.select_option("#examples", label=next(o for o in labels if o.startswith(prefix)))

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def visible(self) -> tuple[int, int]:
        """Nodes and edges drawn: not hidden, and for edges both ends drawn (with WebGL: as sigma.js
        displays them, after the page's reducers)."""
        if self.js("window.kgraph.renderer") == "webgl":
            return tuple(self.js("window.kgraph.visible()"))
        return tuple(self.js("""() => {
            const k = window.kgraph, shown = new Set(k.nodes.get({filter: n => !n.hidden}).map(n => n.id));
            return [shown.size, k.edges.get({filter: e => !e.hidden && shown.has(e.from) && shown.has(e.to)}).length];
        }"""))

    def click_canvas(self, point: dict) -> None:
        """Click the graph at a point in canvas coordinates."""
        dom = self.js("p => window.kgraph.network.canvasToDOM(p)", point)
        box = self.page.locator("#graph").bounding_box()
        self.page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])

    def position(self, node_id: str) -> dict:
        return self.js("id => window.kgraph.network.getPositions([id])[id]", node_id)

    def screen(self, node_id: str) -> dict:
        """Where the WebGL renderer draws a node, in page coordinates (sigma's graphToViewport)."""
        p = self.js("id => window.kgraph.position(id)", node_id)
        box = self.page.locator("#graph").bounding_box()
        return {"x": box["x"] + p["x"], "y": box["y"] + p["y"]}

    def close(self):
        self.page.close()
