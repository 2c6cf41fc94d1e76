"""README's `console` blocks, run for real: every `$ kgraph …` line is run in order on a fresh
store in a scratch directory (with `seeds/` and `tests/` of the project), and its output must
match the lines under it. A line that is only `…` stands for any number of lines; timings are
masked. `kgraph serve` starts the server on a free port (shown as README's 8000) until the end
of its block, and `curl` lines are run against it.

    python -m tests.readme_examples          # prints each command with its real output
"""
from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"      # README's ../shared: the real articles, beside the checkout
README_PORT = "127.0.0.1:8000"
TIMING = re.compile(r"\b\d+(?:\.\d+)? s\b")


@dataclass
class Example:
    line: int                    # README line of the command
    argv: list[str]              # the whole command line, kgraph or curl first
    expected: list[str]
    block: int                   # which console block it is in

    @property
    def command(self) -> str:
        return shlex.join(self.argv)

    @property
    def serves(self) -> bool:
        return self.argv[:1] == ["kgraph"] and "serve" in self.argv


def console_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line number of the first line, lines) of each ```console block."""
    out, block, start = [], None, 0
    for n, line in enumerate(text.splitlines(), 1):
        if block is None and line.strip() == "```console":
            block, start = [], n + 1
        elif block is not None and line.strip() == "```":
            out.append((start, block))
            block = None
        elif block is not None:
            block.append(line)
    return out


def examples(text: str) -> list[Example]:
    out: list[Example] = []
    for block, (start, lines) in enumerate(console_blocks(text)):
        current: Example | None = None
        i = 0
        while i < len(lines):
            line, n = lines[i], start + i
            if line.startswith("$ "):
                command = line[2:]
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    command = command[:-1] + " " + lines[i].strip()
                argv = shlex.split(command)
                if argv[0] not in ("kgraph", "curl"):
                    raise ValueError(f"README.md:{n}: console blocks run kgraph and curl only, not {argv[0]}")
                current = Example(n, argv, [], block)
                out.append(current)
            elif current is not None:
                current.expected.append(line)
            i += 1
    return out


def mask(lines: list[str]) -> list[str]:
    return [TIMING.sub("N s", line.rstrip()) for line in lines]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line after masking; a line that is only `…` matches any number of lines."""
    parts = []
    for line in mask(expected):
        parts.append(r"(?:[^\n]*\n)*?" if line.strip() == "…" else re.escape(line) + r"\n")
    return re.fullmatch("".join(parts), "".join(line + "\n" for line in mask(actual))) is not None


class Runner:
    """Runs the examples in order in the current directory; a server lives until its block ends."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.server = None
        self.server_block = -1

    def run(self, example: Example) -> list[str]:
        """The command's output (stdout and stderr, as a terminal shows them) as lines."""
        if self.server is not None and example.block != self.server_block:
            self.close()
        if example.serves:
            return self.serve(example)
        if example.argv[0] == "curl":
            return self.curl(example)
        from click.testing import CliRunner

        from kgraph.cli import main
        # the scratch directory is no checkout: README's ../shared is the one beside this checkout
        args = [a.replace("../shared/", f"{SHARED}/") for a in example.argv[1:]]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        return result.output.rstrip("\n").splitlines() if result.output.strip() else []

    def serve(self, example: Example) -> list[str]:
        import time

        from tests.servers import Server, free_port
        port = free_port()
        args = [sys.executable, "-m", "kgraph.cli", *example.argv[1:], "--port", str(port)]
        self.server = Server(args, f"http://127.0.0.1:{port}", "/sparql", self.scratch / "serve.log")
        self.server_block = example.block
        deadline = time.monotonic() + 10
        while "serving" not in self.server.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        banner = self.server.output().splitlines()[:1]      # then the request log, which README leaves out
        return [line.replace(f"127.0.0.1:{port}", README_PORT) for line in banner]

    def curl(self, example: Example) -> list[str]:
        import shutil
        import subprocess
        if self.server is None:
            raise RuntimeError(f"README.md:{example.line}: curl needs a kgraph serve earlier in its block")
        curl = shutil.which("curl")
        if curl is None:
            raise FileNotFoundError("curl is not installed (Debian package curl)")
        argv = [a.replace(f"http://{README_PORT}", self.server.url) for a in example.argv[1:]]
        res = subprocess.run([curl, "-sS", *argv], capture_output=True, text=True, timeout=60)
        return (res.stdout + res.stderr).rstrip("\n").splitlines()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


def scratch_env(directory: Path) -> None:
    """Run as README's reader does: in a directory with seeds/ and tests/, default store, table output."""
    for name in ("seeds", "tests"):
        link = directory / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    os.chdir(directory)
    os.environ.pop("KGRAPH_STORE", None)
    os.environ["KGRAPH_FORMAT"] = "table"


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        scratch_env(Path(tmp))
        runner = Runner(Path(tmp))
        try:
            for ex in examples(README.read_text(encoding="utf-8")):
                out = runner.run(ex)
                flag = "ok " if matches(ex.expected, out) else "DIFFERS"
                print(f"README.md:{ex.line}: {flag} $ {ex.command}")
                if flag != "ok ":
                    print("\n".join(out))
        finally:
            runner.close()
        sys.exit(0)
