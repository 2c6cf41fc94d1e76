"""kgraph benchmarks (`make bench`): ingest throughput against Kiwi alone, memory, store and query
latency against rdflib, the HTML graph in Chromium, and incremental ingest. Writes RESULTS.md.

Every corpus here is SYNTHETIC (benchmarks/corpus.py): seed sentences recombined with entity names
swapped. It measures speed and memory, not extraction quality.

    python benchmarks/run.py                      # 1,000 and 10,000 articles (about 10 minutes)
    python benchmarks/run.py --sizes 200 --quick  # a smoke run
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus as synthetic

PY = sys.executable
# every canned question's first page (kgraph.query.paging.DEFAULT_LIMIT rows), names as parameters;
# "HUB1"/"HUB2" are the two best-connected entities of the store (by kg:degree), "EMPLOYER" the
# organization with the most people: paths between hubs at 3 hops, timeline with no parameter
CANNED = [("partners", {"entity": "HUB1"}), ("relations", {"entity": "HUB1"}), ("people", {"org": "EMPLOYER"}),
          ("paths", {"x": "HUB1", "y": "HUB2", "hops": "3"}), ("timeline", {}),
          ("modality", {"modality": "speculated"}), ("central", {}), ("documents", {"entity": "HUB1"}),
          ("discovered", {}), ("trend", {}), ("new", {"since": "2024-01-01"})]


# ------------------------------------------------------------------------------------------ helpers
def cores() -> int:
    return len(os.sched_getaffinity(0))


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_measured(args: list[str], **kw) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the whole process tree (sampled every 0.1 s), and output."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)
    out = proc.stdout.read()
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}\n{out[-3000:]}")
    return seconds, peak, out


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# ------------------------------------------------------------------------------------------ 1. ingest
KIWI_ONLY = r"""
import json, sys, time
from kiwipiepy import Kiwi
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
kiwi = Kiwi(num_workers=int(sys.argv[2]))
kiwi.tokenize("준비")
t = time.perf_counter()
for _ in kiwi.split_into_sents(texts, return_tokens=True):
    pass
print(json.dumps({"seconds": time.perf_counter() - t, "chars": sum(map(len, texts))}))
"""


def bench_ingest(n: int, work: Path, jobs: int) -> dict:
    path = work / f"synthetic-{n}.jsonl"
    if not path.exists():
        synthetic.write_jsonl(n, path)
    chars = sum(len(json.loads(line)["text"]) for line in open(path, encoding="utf-8"))
    _, kiwi_rss, out = run_measured([PY, "-c", KIWI_ONLY, str(path), str(jobs)])
    kiwi = json.loads(out.strip().splitlines()[-1])
    store = work / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    seconds, rss, out = run_measured([PY, "-m", "kgraph.cli", "--store", str(store), "ingest", str(path),
                                      "--jobs", str(jobs)])
    return {"articles": n, "chars": chars, "kiwi_seconds": kiwi["seconds"], "kiwi_cps": chars / kiwi["seconds"],
            "kiwi_rss": kiwi_rss, "ingest_seconds": seconds, "ingest_cps": chars / seconds, "ingest_rss": rss,
            "summary": out.strip().splitlines()[-1], "store": str(store)}


def bench_dask(row: dict, work: Path, jobs: int) -> dict | None:
    """The same corpus as an ingest row, extracted on a local cluster of `jobs` worker processes
    (`kgraph ingest --dask`) instead of `--jobs`: the cost of distribution as a ratio of times.
    The cluster is started before the clock starts, as a running cluster would be."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return None
    from tests.servers import dask_cluster  # the cluster the tests start: `dask scheduler`, `dask worker`
    path = work / f"synthetic-{row['articles']}.jsonl"
    store = work / f"store-dask-{row['articles']}"
    shutil.rmtree(store, ignore_errors=True)
    with dask_cluster(work, jobs) as address:
        seconds, rss, out = run_measured([PY, "-m", "kgraph.cli", "--store", str(store), "ingest", str(path),
                                          "--dask", address])
    from kgraph.store import open_store
    counts = []
    for loc in (store, Path(row["store"])):
        s = open_store(str(loc), read_only=True)
        counts.append(s.quad_count())
        s.close()
    shutil.rmtree(store, ignore_errors=True)
    return {"articles": row["articles"], "seconds": seconds, "local_seconds": row["ingest_seconds"],
            "ratio": seconds / row["ingest_seconds"], "client_rss": rss, "summary": out.strip().splitlines()[-1],
            "same_quads": counts[0] == counts[1], "quads": counts}


# ------------------------------------------------------------------------------------------ 2. store
def subset_nquads(store_dir: Path, target: int, out: Path) -> int:
    """The schema graphs plus whole document graphs, in order, until about `target` quads."""
    from kgraph.store import open_store
    s = open_store(str(store_dir), read_only=True)
    full = out.with_suffix(".all.nq")
    with open(full, "wb") as fh:
        s.dump(fh, "nquads")
    s.close()
    by_graph: dict[str, list[str]] = {}
    with open(full, encoding="utf-8") as fh:
        for line in fh:
            g = line.rstrip(" .\n").rsplit(" ", 1)[-1]
            by_graph.setdefault(g, []).append(line)
    # the facts graph is derived from all documents: it is rebuilt for the subset after loading
    schema = [g for g in by_graph if "/graph/" in g and not g.endswith("/graph/facts>")]
    docs = [g for g in by_graph if "/graph/" not in g]
    count = 0
    with open(out, "w", encoding="utf-8") as fh:
        for g in schema + docs:
            if count >= target and g not in schema:
                break
            fh.writelines(by_graph[g])
            count += len(by_graph[g])
    full.unlink()
    return count


def bench_store(store_dir: Path, work: Path, target: int, reps: int, rdflib_budget: float) -> dict:
    import pyoxigraph as ox

    from kgraph.query.canned import bind_params, get_canned
    from kgraph.store import open_store
    nq = work / "subset.nq"
    whole = open_store(str(store_dir), read_only=True)
    full_quads = whole.quad_count()                   # the largest ingest's store, to scale its ingest time
    whole.close()
    quads = subset_nquads(store_dir, target, nq)
    loc = work / "store-subset"
    shutil.rmtree(loc, ignore_errors=True)
    t = time.perf_counter()
    raw = ox.Store(str(loc))
    raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    load_seconds = time.perf_counter() - t
    import kgraph
    from kgraph.query.paging import DEFAULT_LIMIT, page_text
    # `kgraph reindex` as a user runs it, in a process of its own: time and peak memory
    reindex_seconds, reindex_rss, out = run_measured([PY, "-m", "kgraph.cli", "--store", str(loc), "reindex"])
    facts = int(re.search(r"rebuilt: (\d+) facts", out).group(1))
    store = open_store(str(loc))
    quads = store.quad_count()
    with open(nq, "wb") as fh:                        # what rdflib loads: the same store, facts graph included
        store.dump(fh, "nquads")
    names = picks(store)
    rows = []
    texts = {}
    kg = kgraph.KGraph(store)
    for name, given in CANNED:
        params = {k: names.get(v, v) for k, v in given.items()}
        # as a user calls them: the Python API's first page, with entity names (resolved by the name index)
        kg.ask(name, **params)                           # warm
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            page = kg.ask(name, **params)
            times.append(time.perf_counter() - t)
        cq = get_canned(name)
        bindings = bind_params(store, cq, params)
        texts[name] = (page_text(cq.text, DEFAULT_LIMIT, 0),
                       {k: (None if v is None else v.n3()) for k, v in bindings.items()})
        rows.append({"name": name, "params": params, "rows": len(page), "more": page.has_more,
                     "p50": pct(times, .5), "p95": pct(times, .95)})
    store.close()
    rd = bench_rdflib(nq, texts, rdflib_budget)
    for r in rows:
        r["rdflib"] = rd["queries"].get(r["name"])
    return {"quads": quads, "load_seconds": load_seconds, "queries": rows, "rdflib_load": rd["load"],
            "rdflib_rss": rd["rss"], "facts": facts, "reindex_seconds": reindex_seconds, "reindex_rss": reindex_rss,
            "load": os.getloadavg(), "full_quads": full_quads}


def picks(store) -> dict[str, str]:
    """Names for CANNED's placeholders: the two best-connected entities and the biggest employer,
    each by a name of its own (as a user types it), not its IRI."""
    def name(iri) -> str:
        rows = store.query(f"SELECT (MIN(?l) AS ?n) WHERE {{ GRAPH kgg:facts {{ <{iri}> rdfs:label ?l }} }}")
        return str(rows[0]["n"]) if rows and rows[0].get("n") is not None else str(iri)
    hubs = [r["e"] for r in store.query("SELECT ?e WHERE { GRAPH kgg:facts { ?e kg:degree ?d ; kg:documentCount ?n } } "
                                        "ORDER BY DESC(?d) DESC(?n) ?e LIMIT 2")]
    boss = store.query("SELECT ?o WHERE { GRAPH kgg:facts { ?f kg:factPredicate kg:worksFor ; kg:factObject ?o } } "
                       "GROUP BY ?o ORDER BY DESC(COUNT(?f)) ?o LIMIT 1")
    return {"HUB1": name(hubs[0]), "HUB2": name(hubs[1]), "EMPLOYER": name(boss[0]["o"]) if boss else name(hubs[0])}


RDFLIB_CHILD = r"""
import json, sys, time
from rdflib import Dataset
from rdflib.util import from_n3
t = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"load": time.perf_counter() - t}), flush=True)
for line in sys.stdin:
    name, text, bindings = json.loads(line)
    init = {k: from_n3(v) for k, v in bindings.items() if v}     # rdflib binds parameters itself
    t = time.perf_counter()
    try:
        n = len(list(ds.query(text, initBindings=init)))
        print(json.dumps({"name": name, "seconds": time.perf_counter() - t, "rows": n}), flush=True)
    except Exception as err:
        print(json.dumps({"name": name, "error": f"{type(err).__name__}: {err}"[:200]}), flush=True)
"""


def bench_rdflib(nq: Path, texts: dict, budget: float) -> dict:
    """The same queries on rdflib's in-memory Dataset; a query over `budget` seconds is stopped."""
    import select
    result = {"queries": {}, "load": None, "rss": 0}
    pending = list(texts)
    while pending:
        proc = subprocess.Popen([PY, "-c", RDFLIB_CHILD, str(nq)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True, cwd=ROOT)
        first = json.loads(proc.stdout.readline())
        result["load"] = first["load"]
        result["rss"] = max(result["rss"], tree_rss(proc.pid))
        while pending:
            name = pending.pop(0)
            text, bindings = texts[name]
            proc.stdin.write(json.dumps([name, text, bindings]) + "\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], budget)
            if not ready:
                result["queries"][name] = None          # over budget
                proc.kill()
                proc.wait()
                break
            answer = json.loads(proc.stdout.readline())
            result["queries"][name] = answer.get("seconds", answer.get("error"))
        else:
            proc.stdin.close()
            proc.wait()
    return result


# ------------------------------------------------------------------------------------------ 3. viz
def synthetic_graph(n: int):
    import random

    import networkx as nx
    rnd = random.Random(n)
    base = nx.barabasi_albert_graph(n, 2, seed=n)
    g = nx.MultiDiGraph()
    types = ["Company", "Person", "AIModel", "Service", "Group", "University"]
    preds = ["partnerOf", "develops", "worksFor", "meets", "investsIn", "uses"]
    for v in base.nodes:
        g.add_node(str(v), label=f"기업{v}", label_en=f"Company {v}", label_ko=f"기업{v}", names=[f"Company {v}"],
                   type=rnd.choice(types), discovered=rnd.random() < .2, documents=rnd.randint(1, 9), org=[])
    for a, b in base.edges:
        p = rnd.choice(preds)
        g.add_edge(str(a), str(b), key=p, predicate=p, modality=rnd.choice(["stated", "planned"]),
                   modalities=["stated"], documents=rnd.randint(1, 5), relations=1, first="", last="",
                   evidence=[{"sentence": "오픈AI는 카카오와 협력한다.", "modality": "stated", "title": "t",
                              "publisher": "p", "published": "2025-01-01", "url": "https://news.example/a"}])
    return g


def bench_viz(sizes: list[int], work: Path, renderers: tuple[str, ...] = ("vis", "webgl"),
              gpu_compositing: bool = False) -> list[dict]:
    from kgraph.viz import write_html
    chromium = shutil.which("chromium")
    rows = []
    for n in sizes:
        g = synthetic_graph(n)
        for renderer in renderers:
            out = work / f"viz-{n}-{renderer}.html"
            t = time.perf_counter()
            write_html(g, str(out), title=f"synthetic {n}", renderer=renderer)
            build = time.perf_counter() - t
            row = {"nodes": n, "edges": g.number_of_edges(), "renderer": renderer, "build": build,
                   "size": out.stat().st_size, "interactive": None, "search": None, "panel": None}
            if chromium:
                row["interactive"], row["search"], row["panel"], row["drawn"] = browser_times(chromium, out,
                                                                                        gpu_compositing)
            rows.append(row)
            print(f"  {n:,} nodes, {renderer}: " + ", ".join(f"{k} {v:.3f}" for k, v in row.items()
                                                              if isinstance(v, float)), flush=True)
    return rows


def browser_times(chromium: str, page_path: Path, gpu_compositing: bool = False) -> tuple[float, float, float, str]:
    """Interactive, search and panel times, and the renderer the page used. WebGL is SwiftShader's, in
    software; with the tests' flags (--disable-gpu) the page is composited in software too, which
    reads every WebGL canvas back at each frame; `gpu_compositing` leaves --disable-gpu out, as a
    browser on a machine without a GPU runs by default (SwiftShader composites)."""
    from playwright.sync_api import sync_playwright
    args = ["--headless", "--no-sandbox", "--enable-unsafe-swiftshader"] + ([] if gpu_compositing else ["--disable-gpu"])
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=args)
        page = b.new_page(viewport={"width": 1400, "height": 900})
        t = time.perf_counter()
        page.goto(page_path.resolve().as_uri())
        while not page.evaluate("!!(window.kgraph && window.kgraph.ready)"):
            page.wait_for_timeout(20)
        interactive = time.perf_counter() - t
        t = time.perf_counter()
        page.evaluate("window.kgraph.search('Company 7')")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        search = time.perf_counter() - t
        page.evaluate("window.kgraph.closePanel()")
        t = time.perf_counter()
        page.evaluate("window.kgraph.showEdge('e0')")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        panel = time.perf_counter() - t
        drawn = page.evaluate("window.kgraph.renderer")
        b.close()
    return interactive, search, panel, drawn


# ------------------------------------------------------------------------------------------ 4. incremental
def bench_incremental(big_store: Path, work: Path, jobs: int) -> dict:
    extra = work / "synthetic-extra-100.jsonl"
    with open(extra, "w", encoding="utf-8") as fh:
        for art in synthetic.generate(100, seed=99):
            art["id"] = art["id"].replace("synthetic-", "synthetic-extra-")
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    copy = work / "store-incremental"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(big_store, copy)
    empty = work / "store-empty"
    shutil.rmtree(empty, ignore_errors=True)
    into_big, _, out_big = run_measured([PY, "-m", "kgraph.cli", "--store", str(copy), "ingest", str(extra),
                                         "--jobs", str(jobs)])
    into_empty, _, out_empty = run_measured([PY, "-m", "kgraph.cli", "--store", str(empty), "ingest", str(extra),
                                             "--jobs", str(jobs)])
    return {"into_big": into_big, "into_empty": into_empty, "big": out_big.strip().splitlines()[-1],
            "empty": out_empty.strip().splitlines()[-1]}


# ------------------------------------------------------------------------------------------ report
def machine() -> list[str]:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = next(line.split(":", 1)[1].strip() for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version
    pkgs = ", ".join(f"{p} {version(p)}" for p in ("kiwipiepy", "spacy", "pyoxigraph", "rdflib", "networkx", "pyvis"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return [f"- date: {dt.date.today().isoformat()}; kgraph commit {commit.strip() or '?'}",
            f"- CPU: {model or platform.processor()} ({cores()} cores usable); memory {mem}",
            f"- {platform.platform()}; Python {platform.python_version()}", f"- {pkgs}"]


def report(args, ingest_rows, store_row, viz_rows, inc, dask_row=None, long_row=None) -> str:
    j = args.jobs
    lines = ["# Benchmark results", "",
             "All corpora are **synthetic** (`benchmarks/corpus.py`: seed sentences recombined, entity names "
             "swapped, fixed random seed). They measure speed and memory, not extraction quality.", "",
             "## Machine", "", *machine(), "",
             f"Command: `{' '.join(['python', 'benchmarks/run.py', *sys.argv[1:]])}` (or `make bench`).", "",
             "## 1. Ingest throughput", "",
             f"(a) Kiwi alone: `split_into_sents(texts, return_tokens=True)` on the same texts with num_workers={j}. "
             f"(b) `kgraph ingest corpus.jsonl --jobs {j}` into a new store: loading, cleaning, Kiwi, entity and "
             "relation rules, RDF, store writes, including process start and model loading. "
             "Peak RSS is the whole process tree.", "",
             "| articles | characters | (a) Kiwi chars/s | (b) ingest chars/s | (b)/(a) | (b) time | peak RSS (b) | peak RSS (a) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in ingest_rows:
        lines.append(f"| {r['articles']:,} | {r['chars']:,} | {r['kiwi_cps']:,.0f} | {r['ingest_cps']:,.0f} | "
                     f"{r['ingest_cps'] / r['kiwi_cps']:.2f} | {r['ingest_seconds']:.1f} s | {mib(r['ingest_rss'])} | "
                     f"{mib(r['kiwi_rss'])} |")
    lines += ["", "Ingest summaries: " + "; ".join(f"{r['articles']:,}: `{r['summary']}`" for r in ingest_rows), ""]
    if dask_row:
        same = "the same quad count" if dask_row["same_quads"] else \
            f"**different quad counts** ({dask_row['quads'][0]:,} vs {dask_row['quads'][1]:,})"
        lines += ["### Extraction on Dask", "",
                  f"{dask_row['articles']:,} articles with `kgraph ingest --dask` on a local cluster of {j} worker "
                  f"processes (one thread each; scheduler and workers started before the clock) against "
                  f"`--jobs {j}`: {dask_row['seconds']:.1f} s vs {dask_row['local_seconds']:.1f} s, a ratio of "
                  f"**{dask_row['ratio']:.2f}** (the cost of distribution); {same} as the local ingest. "
                  f"Peak RSS of the client: {mib(dask_row['client_rss'])}. `{dask_row['summary']}`", ""]
    if long_row:
        lines += ["### One long paragraph", "",
                  f"`kgraph ingest` of one synthetic article of {long_row['chars']:,} characters on a single line "
                  f"(`benchmarks/long_document.py`; `--jobs {j}`, `--doc-timeout 0`) into a new store: "
                  f"**{long_row['seconds']:.1f} s** (target under {long_row['target']:.0f} s: "
                  f"{'met' if long_row['met'] else '**missed**'}), peak RSS {mib(long_row['rss'])}. "
                  f"`{long_row['summary']}`", ""]
    if store_row:
        big = ingest_rows[-1]
        share = min(1.0, store_row["quads"] / max(1, store_row["full_quads"]))
        lines += ["## 2. Store and canned questions", "",
                  f"A store of {store_row['quads']:,} quads (the schema graphs and the first document graphs of the "
                  f"largest ingest, and the facts graph rebuilt for them by `kgraph reindex`: "
                  f"{store_row['facts']:,} facts in **{store_row['reindex_seconds']:.1f} s**, peak RSS "
                  f"**{mib(store_row['reindex_rss'])}**; the ingest of all {big['articles']:,} articles took "
                  f"{big['ingest_seconds']:.1f} s, about {big['ingest_seconds'] * share:.0f} s for this share of its "
                  "quads). "
                  f"Bulk load into a new embedded store: {store_row['load_seconds']:.1f} s. "
                  "Questions are called as a user calls them: the first page of `KGraph.ask(name, entity=...)` "
                  "(50 rows, and whether more follow) with entity names, resolved through the name index; HUB1 and "
                  "HUB2 are the two best-connected entities, paths between them at 3 hops, timeline with no "
                  f"parameter. Load average during the runs: {store_row['load'][0]:.1f}. "
                  f"rdflib `Dataset` (in memory) parse of the same N-Quads: "
                  f"{store_row['rdflib_load']:.1f} s, {mib(store_row['rdflib_rss'])}. "
                  f"Each question: 1 warm-up, then {args.reps} runs (p50/p95); rdflib once, stopped after "
                  f"{args.rdflib_budget:.0f} s.", "",
                  "| question | parameters | rows | p50 | p95 | rdflib | rdflib / p50 |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
        for q in store_row["queries"]:
            rd = q["rdflib"]
            if isinstance(rd, str):
                rd_txt, ratio = f"error: {rd}", ""
            else:
                rd_txt = f"> {args.rdflib_budget:.0f} s" if rd is None else f"{rd * 1000:,.0f} ms"
                ratio = f"> {args.rdflib_budget / q['p50']:,.0f}x" if rd is None else f"{rd / q['p50']:,.0f}x"
            given = ", ".join(f"{k}={v}" for k, v in q["params"].items())
            lines.append(f"| {q['name']} | {given} | {q['rows']:,}{'+' if q['more'] else ''} | "
                         f"{q['p50'] * 1000:,.1f} ms | {q['p95'] * 1000:,.1f} ms | {rd_txt} | {ratio} |")
        lines.append("")
    lines += ["## 3. The HTML graph", "",
              "Synthetic scale-free graphs (Barabási–Albert, m=2). Build: `kgraph.viz.write_html`. Interactive: "
              "headless Chromium from navigation until the page reports ready (physics settled, or the first "
              "drawing when positions are precomputed). Search: `kgraph.search()` (finds the entity, opens its "
              "panel, focuses it) plus two animation frames. Panel: the evidence panel of an edge, as a click "
              "opens it, plus two frames.", "",
              "Renderer: `--renderer vis` (vis-network, a 2D canvas) or `webgl` (sigma.js; headless Chromium "
              "without a GPU runs it on SwiftShader, WebGL in software; the page composited "
              + ("by SwiftShader too" if args.viz_gpu_compositing else "in software, `--disable-gpu`") + ").", "",
              "| nodes | edges | renderer | HTML build | file size | interactive | search responds | panel opens |",
              "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for v in viz_rows:
        inter = f"{v['interactive']:.2f} s" if v["interactive"] is not None else "no Chromium"
        search = f"{v['search'] * 1000:.0f} ms" if v["search"] is not None else ""
        panel = f"{v['panel'] * 1000:.0f} ms" if v["panel"] is not None else ""
        drawn = v["renderer"] if v.get("drawn") in (None, v["renderer"]) else f"{v['renderer']} (drew {v['drawn']})"
        lines.append(f"| {v['nodes']:,} | {v['edges']:,} | {drawn} | {v['build']:.2f} s | {v['size'] / 1e6:.1f} MB | {inter} | "
                     f"{search} | {panel} |")
    lines.append("")
    if inc:
        lines += ["## 4. Incremental ingest", "",
                  (f"100 new synthetic articles into the {ingest_rows[-1]['articles']:,}-article store: "
                   f"{inc['into_big']:.1f} s; into an empty store: {inc['into_empty']:.1f} s "
                   f"(ratio {inc['into_big'] / inc['into_empty']:.2f})."), "",
                  f"- into the big store: `{inc['big']}`", f"- into an empty store: `{inc['empty']}`", ""]
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes in articles, comma-separated")
    ap.add_argument("--jobs", type=int, default=cores())
    ap.add_argument("--viz", default="50,150,500,1500,5000,20000", help="graph sizes in nodes for the HTML benchmark")
    ap.add_argument("--viz-renderers", default="vis,webgl", help="renderers of the HTML benchmark (vis, webgl)")
    ap.add_argument("--viz-gpu-compositing", action="store_true",
                    help="no --disable-gpu: SwiftShader composites, as by default without a GPU")
    ap.add_argument("--dask-articles", type=int, default=1000,
                    help="the ingest size compared against --dask on a local cluster (0: skip)")
    ap.add_argument("--quads", type=int, default=1_600_000, help="size of the query benchmark store")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--rdflib-budget", type=float, default=120.0)
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    ap.add_argument("--quick", action="store_true", help="skip the store, rdflib and incremental parts")
    ap.add_argument("--long-chars", type=int, default=900_000,
                    help="characters of the one-paragraph document (benchmarks/long_document.py; 0: skip)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in args.sizes.split(",") if x]
    ingest_rows = []
    for n in sizes:
        print(f"ingest: {n} articles ...", flush=True)
        ingest_rows.append(bench_ingest(n, args.work, args.jobs))
        print(f"  {ingest_rows[-1]['summary']}", flush=True)
    store_row = inc = dask_row = long_row = None
    if args.long_chars:
        from long_document import bench_long_document
        print(f"one paragraph of {args.long_chars:,} characters ...", flush=True)
        long_row = bench_long_document(args.long_chars, args.work, args.jobs)
        print(f"  {long_row['seconds']:.1f} s: {long_row['summary']}", flush=True)
    local = next((r for r in ingest_rows if r["articles"] == args.dask_articles), None)
    if local is not None and not args.quick:
        print(f"dask: {args.dask_articles} articles ...", flush=True)
        dask_row = bench_dask(local, args.work, args.jobs)
    if not args.quick:
        print("store and queries ...", flush=True)
        store_row = bench_store(Path(ingest_rows[-1]["store"]), args.work, args.quads, args.reps, args.rdflib_budget)
    print("viz ...", flush=True)
    viz_rows = bench_viz([int(x) for x in args.viz.split(",") if x], args.work,
                         tuple(r for r in args.viz_renderers.split(",") if r), args.viz_gpu_compositing)
    if not args.quick:
        print("incremental ...", flush=True)
        inc = bench_incremental(Path(ingest_rows[-1]["store"]), args.work, args.jobs)
    text = report(args, ingest_rows, store_row, viz_rows, inc, dask_row, long_row)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
