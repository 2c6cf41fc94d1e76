"""What `kgraph serve` says in its log: a warning when the store's facts graph is of an older
layout (the questions that read its sort keys would find nothing), and no traceback when a client
goes away in the middle of a request."""
from __future__ import annotations

import socket
import struct
import time

import requests

from kgraph.rdf.facts import LAYOUT_LINE
from kgraph.store import open_store
from tests import minigraph
from tests.servers import kgraph_serve


def test_serving_a_store_of_the_older_layout_says_to_reindex(tmp_path):
    location = minigraph.store_dir(tmp_path / "store")
    srv = kgraph_serve(location, tmp_path)
    try:
        assert "older layout" not in srv.output()
    finally:
        srv.close()
    store = open_store(location)
    try:
        store.update(f"DELETE DATA {{ GRAPH <https://w3id.org/kgraph/graph/facts> {{ {LAYOUT_LINE} }} }}")
    finally:
        store.close()
    srv = kgraph_serve(location, tmp_path)
    try:
        assert requests.get(srv.url + "/", timeout=30).status_code == 200     # the graph is still served
        out = " ".join(srv.output().split())
        assert "facts graph is of an older layout" in out and "run `kgraph reindex` once" in out
    finally:
        srv.close()


def test_a_client_that_goes_away_leaves_no_traceback(tmp_path):
    srv = kgraph_serve(minigraph.store_dir(tmp_path / "store"), tmp_path)
    try:
        host, port = srv.url.split("//")[1].split(":")
        for _ in range(3):               # a request cut off with a reset (SO_LINGER 0), as a closed tab does
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        assert requests.get(srv.url + "/resolve", params={"name": "Kakao"}, timeout=30).status_code == 200
        time.sleep(0.5)
        assert "Traceback" not in srv.output() and "Exception occurred" not in srv.output()
    finally:
        srv.close()
