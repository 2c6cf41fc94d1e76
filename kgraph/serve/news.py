"""The served pages say when the store has moved on: a page open in a browser asks the server, now
and then, whether its page is still the current drawing, and when it is not shows a notice with a
button to reload. Only served pages do this (a graph written to a file by `kgraph viz` does not):
the server adds the script to each drawing, with that drawing's tag, when it draws the pages.

The question is a HEAD request for the page's own address with `If-None-Match` and the page's
ETag (kgraph/serve/http.py): 304 while the page is current, 200 with a new ETag once a newer
snapshot has been drawn. No new endpoint, nothing outside the page's origin (the page's
Content-Security-Policy allows `connect-src 'self'` and inline scripts), nothing sent but the tag.
"""
from __future__ import annotations

import json

EVERY = 15          # seconds between two questions of an open page

_SCRIPT = """<script>
(function () {
  "use strict";
  const etag = %(etag)s, every = %(every)d * 1000;
  let timer = null, shown = false;
  function show() {
    if (shown) return;
    shown = true;
    const bar = document.createElement("div");
    bar.id = "kgraph-news";
    bar.setAttribute("role", "status");
    bar.style.cssText = "position:fixed;left:50%%;top:8px;transform:translateX(-50%%);z-index:1000;" +
      "background:#fff8d6;border:1px solid #c9a800;border-radius:4px;padding:6px 10px;font:14px sans-serif;" +
      "box-shadow:0 1px 4px rgba(0,0,0,.2)";
    bar.append(document.createTextNode("The store has new data since this page was drawn. "));
    const reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", () => location.reload());
    const later = document.createElement("button");
    later.type = "button";
    later.textContent = "Later";
    later.style.marginLeft = "4px";
    later.addEventListener("click", () => bar.remove());
    bar.append(reload, later);
    document.body.append(bar);
  }
  // whether a newer drawing is served: true once it is (the notice is then shown)
  async function look() {
    clearTimeout(timer);
    try {
      const r = await fetch(location.pathname, { method: "HEAD", cache: "no-store",
                                                 headers: { "If-None-Match": etag } });
      const now = r.headers.get("ETag");
      if (r.status === 200 && now && now !== etag) { show(); return true; }
    } catch (err) { /* the server is away for now: ask again later */ }
    if (!shown) timer = setTimeout(look, every);
    return false;
  }
  timer = setTimeout(look, every);
  window.kgraphNews = { look, etag };
})();
</script>
"""


def etag(tag: str, page: str) -> str:
    """The HTTP ETag of one page ("g": the graph at /, "q": the query page) of the drawing `tag`."""
    return f'"{tag}-{page}"'


def stamp(pages: tuple[bytes, bytes], tag: str, every: int = EVERY) -> tuple[bytes, bytes]:
    """The graph page and the query page with the script that watches for a newer drawing, each
    knowing its own ETag, put before the page's last `</body>` (at the end when there is none)."""
    out = []
    for page, kind in zip(pages, ("g", "q")):
        script = (_SCRIPT % {"etag": json.dumps(etag(tag, kind)), "every": every}).encode("utf-8")
        at = page.rfind(b"</body>")
        out.append(page + script if at < 0 else page[:at] + script + page[at:])
    return out[0], out[1]


__all__ = ["EVERY", "etag", "stamp"]
