"""Cold-start cost of Salur's pieces: each measured in fresh interpreters.

    python -m bench.cold_start [--runs 9]

For every snippet: median wall time of ``python -c <snippet>`` over ``--runs`` fresh
processes minus the median of ``python -c pass`` (the interpreter itself), and the
cumulative import time Python reports with ``-X importtime`` for the snippet's modules
(one more run).  Numbers are from this machine, not Lambda (Lambda's init CPU share at
1024 MB is lower; the ratios are what matter).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SNIPPETS: list[tuple[str, str]] = [
    ("import json, logging (stdlib)", "import json, logging"),
    ("import chalice", "import chalice"),
    ("import boto3", "import boto3"),
    ("boto3 + dynamodb client", "import boto3; boto3.client('dynamodb', region_name='ap-southeast-3')"),
    ("import pydantic", "import pydantic"),
    ("Powertools Logger()", "from aws_lambda_powertools import Logger; Logger(service='salur')"),
    ("Powertools Metrics()", "from aws_lambda_powertools import Metrics; Metrics(namespace='Salur', service='salur')"),
    ("Powertools Tracer() (X-Ray SDK)",
     "from aws_lambda_powertools import Tracer; Tracer(service='salur', disabled=False)"),
    ("import aws_xray_sdk.core", "import aws_xray_sdk.core"),
    ("import app (Salur, tracing off)", "import app"),
    ("import jinja2 (pages only)", "import jinja2"),
    ("import app + render the home page (first page: Jinja2, templates, wording)",
     "import app; from types import SimpleNamespace as N; from chalicelib.api.page_kit import render_page; "
     "from chalicelib.api.citizen_pages import NAV; "
     "render_page(N(query_params={}, headers={}, context={'path': '/'}), 'citizen/home.html', "
     "bundles=('common', 'citizen'), title_key='home.title', nav='home', nav_items=NAV, kinds=(), tracking_id=None)"),
    ("import app + first metric flush",
     "import app; from chalicelib.adapters import observability as o; o.metric('X', 1); o.flush_metrics()"),
]


def _env() -> dict:
    env = dict(os.environ)
    env.update(AWS_DEFAULT_REGION="ap-southeast-3", AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
               POWERTOOLS_TRACE_DISABLED="true", POWERTOOLS_METRICS_NAMESPACE="Salur", PYTHONDONTWRITEBYTECODE="0")
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return env


def wall(code: str, runs: int) -> float:
    times = []
    env = _env()
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def importtime(code: str) -> float:
    """Sum of the cumulative import time (ms) of top-level imports the snippet triggers."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=_env(),
                          capture_output=True, text=True)
    total = 0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        head, cumulative, name_raw = line.split("|", 2)
        if not name_raw.startswith("  "):  # depth 0: a top-level import
            total += int(cumulative.strip())
    return total / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold_start")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    # warm the OS file cache and .pyc files so the first snippet is not penalised
    for _, code in SNIPPETS:
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    base = wall("pass", args.runs)
    print(f"Cold-start cost, {args.runs} fresh processes each (median); python {sys.version.split()[0]}; "
          f"interpreter start = {base:.0f} ms (subtracted)\n")
    print(f"{'piece':<36} {'wall ms':>8} {'-X importtime ms':>17}")
    print("-" * 63)
    for label, code in SNIPPETS:
        w = wall(code, args.runs) - base
        it = importtime(code)
        print(f"{label:<36} {w:>8.0f} {it:>17.0f}")
    print("\nwall ms: median process time minus `python -c pass`; importtime: sum of top-level cumulative "
          "import times.\nPowertools pieces are loaded by chalicelib.adapters.observability only when used: Logger at "
          "import of app, Metrics on the first metric (workers), Tracer only when POWERTOOLS_TRACE_DISABLED "
          "is not true.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
