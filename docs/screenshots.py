"""Regenerate the README's screenshots from the seed articles (needs Chromium and Playwright):

    .venv/bin/python docs/screenshots.py

Ingests seeds/ into a temporary store, serves it, and photographs the graph page with the
evidence panel of one edge (docs/graph-panel.png) and the query page with a canned question's
results (docs/query-page.png).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
KAKAO, OPENAI = "https://w3id.org/kgraph/entity/Kakao", "https://w3id.org/kgraph/entity/OpenAI"


def main() -> None:
    from playwright.sync_api import sync_playwright
    work = Path(tempfile.mkdtemp())
    store = work / "store"
    subprocess.run([sys.executable, "-m", "kgraph.cli", "--store", str(store), "ingest", str(ROOT / "seeds")],
                   check=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kgraph.cli", "--store", str(store), "serve", "--port",
                               str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise SystemExit(f"kgraph serve exited with {server.returncode}")
            try:
                requests.get(url + "/sparql", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 820})
            page.goto(url + "/")
            while not page.evaluate("!!(window.kgraph && window.kgraph.ready)"):
                page.wait_for_timeout(50)
            edge = page.evaluate("""([a, b]) => window.kgraph.edges.get({filter: e => e.pred === 'partnerOf' &&
                ((e.from === a && e.to === b) || (e.from === b && e.to === a))})[0].id""", [KAKAO, OPENAI])
            page.evaluate("id => { const k = window.kgraph; k.showEdge(id); k.network.selectEdges([id]);"
                          " k.network.focus(k.edges.get(id).from, {scale: 1.1}); }", edge)
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / "graph-panel.png"))
            page.goto(url + "/query")
            page.select_option("#examples", index=[o.startswith("partners:") for o in page.evaluate(
                "Array.from(document.querySelectorAll('#examples option')).map(o => o.textContent)")].index(True))
            page.click("#run")
            page.wait_for_selector("#results tbody tr")
            page.click("#results th >> nth=3")
            page.click("#results th >> nth=3")
            page.screenshot(path=str(ROOT / "docs" / "query-page.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print("wrote docs/graph-panel.png and docs/query-page.png")


if __name__ == "__main__":
    main()
