#!/usr/bin/env python3
"""Checks `dra analyze` output against ref_definition.py's figures on the same forms: every cell
dra publishes (group x pillar, sub-pillar and item; group x value x pillar and sub-pillar with --by)
must agree on n, mean, sd, 95% CI half-width and median to 1e-9, and items on their counts of
"don't know" and "not applicable". Prints the number of figures compared; exits 1 on a difference.
Usage: check_shape.py DRA.json REF.json"""
import json
import math
import sys

agg = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
groups = [g["code"] for g in agg["groups"]]
values = agg.get("by_values") or []
compared, wrong = 0, []


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check(key, stats):
    global compared
    want = ref.get(key)
    if stats is None or stats.get("mean") is None:
        return
    if want is None:
        wrong.append(f"{key}: dra publishes n={stats['n']}, pandas has no such cell")
        return
    got = [stats["n"], stats["mean"], stats["sd"], stats["ci_half_width"], stats["median"]]
    for name, g, w in zip(["n", "mean", "sd", "ci_half_width", "median"], got, want):
        compared += 1
        if not same(g, w):
            wrong.append(f"{key} {name}: dra {g}, pandas {w}")


for scale in agg["pillars"] + agg["subpillars"] + agg["items"]:
    key = scale["id"]
    for g, cell in zip(groups, scale["groups"]):
        check(f"{g}|{key}", cell.get("stats"))
        if scale["level"] == "item" and cell.get("stats"):
            for kind, field in [("dont_know", "dont_know"), ("not_applicable", "not_applicable")]:
                want = ref.get(f"{g}|{key}|{kind}")
                if want is not None:
                    compared += 1
                    if want != cell["stats"][field]:
                        wrong.append(f"{g}|{key} {field}: dra {cell['stats'][field]}, pandas {want}")
    for g, row in zip(groups, scale.get("by") or []):
        for v, cell in zip(values, row):
            if v is not None:
                check(f"by:{g}|{v}|{key}", cell.get("stats"))

print(f"check: {compared} figures compared with pandas, {len(wrong)} differ")
for w in wrong[:20]:
    print("  " + w)
sys.exit(1 if wrong or compared == 0 else 0)
