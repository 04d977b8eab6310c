#!/usr/bin/env python3
"""Median (min-max) of every figure over several `jobwire bench ... --json` outputs.

Usage: bench/summarize.py FILE... (one JSON object per file, or one per line). Runs are grouped by
scenario and layout; a figure is printed with its median, min and max over the runs holding it.
"""
import json
import statistics
import sys
from collections import defaultdict


def runs(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    yield path, json.loads(line)


def fmt(value):
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def main(paths):
    groups = defaultdict(list)
    for _, run in runs(paths):
        key = (run["scenario"], run.get("settings", {}).get("layout", "?"))
        groups[key].append(run)
    for (scenario, layout), group in sorted(groups.items()):
        print(f"## bench {scenario} ({layout} layout), {len(group)} run(s)")
        names = []
        for run in group:
            names += [n for n in run["figures"] if n not in names]
        for name in names:
            values = [r["figures"][name]["value"] for r in group if name in r["figures"]]
            unit = group[0]["figures"].get(name, {}).get("unit", "")
            print(
                f"| {name} | {fmt(statistics.median(values))} "
                f"({fmt(min(values))}–{fmt(max(values))}) {unit} |"
            )
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
