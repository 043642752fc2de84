"""Shared helpers for benchmark suites: timing, percentiles, JSON output."""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start

    @property
    def ms(self) -> float:
        return self.seconds * 1000


def parser(suite: str, *, quick: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"python -m bench {suite}")
    if quick:
        p.add_argument("--quick", action="store_true", help="smaller data, same measurements")
    p.add_argument("--json", help="write results to this JSON file")
    return p


def report(suite: str, size: str | dict, metrics: dict, targets: dict, json_path: str | None,
           extra: dict | None = None) -> int:
    """Print a table (value, target, ok) and write JSON (with `extra` merged in); exit
    code 0 even when a target is missed."""
    label = size if isinstance(size, str) else ", ".join(f"{k} {v}" for k, v in size.items())
    print(f"\n{suite} benchmark ({label}) on {platform.node()} — {platform.processor() or platform.machine()}")
    for key, value in metrics.items():
        target = targets.get(key)
        mark = ""
        if target is not None:
            op, limit = target
            ok = value <= limit if op == "<=" else value >= limit
            mark = f"  target {op} {limit}  {'ok' if ok else 'MISSED'}"
        shown = (f"{value:,.3f}" if isinstance(value, float) else
                 f"{value:,}" if isinstance(value, int) else str(value))
        print(f"  {key:<28} {shown:>14}{mark}")
    out = {"suite": suite, "size": size, "metrics": metrics,
           "targets": {k: {"op": op, "value": v} for k, (op, v) in targets.items()}, **(extra or {})}
    name = f"{suite}-{size}" if isinstance(size, str) else suite
    path = Path(json_path) if json_path else Path("bench/results") / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2))
    print(f"  → {path}")
    return 0
