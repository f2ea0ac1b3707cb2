#!/usr/bin/env python3
"""Reference aggregation for any survey definition, as an analyst writes it with pandas, on the CSV
of gen_definition.py (the same file `dra responses import` reads).

Usage: ref_definition.py DEFINITION.json IN.csv OUT.json [--by FIELD]

Scores as the definition states them: each scored option's score (its `x-dra.score`, else its
numeric value) placed on the stage scale 1..S by rank (reversed items reversed); "don't know" and
"not applicable" are not scores. Respondent scores: sub-pillar = mean of its answered items;
pillar = mean of its sub-pillar scores, counted where at least `min_coverage` of the pillar's items
are answered. Per group x pillar, group x sub-pillar and group x item: n, mean, sd, 95% t-CI
half-width, median; per group x item the counts of "don't know" and "not applicable". With --by,
the same per group x value x pillar and sub-pillar (the value of the profile field with that role).
Overall = mean of group means. Prints the wall time (CSV read included)."""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np
import pandas as pd
from scipy import stats


def main():
    args = sys.argv[1:]
    by = None
    if "--by" in args:
        i = args.index("--by")
        by = args[i + 1]
        del args[i:i + 2]
    path, csv, out = args
    d = json.load(open(path, encoding="utf-8"))
    x = d["x-dra"]
    top = float(len(x["stages"]))
    cov = float(x.get("min_coverage", 0.5))
    props = d["properties"]
    items, scales, missing = [], {}, {}
    by_col = None
    for qid, p in props.items():
        meta = p.get("x-dra", {})
        if by and meta.get("profile") == by:
            by_col = qid
        if meta.get("type") != "scored" or not meta.get("subpillar"):
            continue
        opts = p.get("oneOf", [])
        scored = [(str(o["const"]), (o.get("x-dra") or {}).get("score", o["const"]))
                  for o in opts if not (o.get("x-dra") or {}).get("missing")]
        ranks = sorted(float(s) for _, s in scored)
        k = len(ranks)
        sv = {}
        for v, s in scored:
            r = ranks.index(float(s))
            if meta.get("reverse"):
                r = k - 1 - r
            sv[v] = 1.0 + (top - 1.0) * r / (k - 1)
        scales[qid] = sv
        missing[qid] = {str(o["const"]): (o.get("x-dra") or {}).get("missing")
                        for o in opts if (o.get("x-dra") or {}).get("missing")}
        items.append((qid, meta["subpillar"]))
    if by and by_col is None:
        sys.exit(f"no profile question has the role {by}")
    raw = pd.read_csv(csv, dtype=str, keep_default_na=False)
    df = pd.DataFrame({"group": raw["group"]})
    if by_col:
        df["by"] = raw[by_col].replace("", np.nan)
    flags = {}
    for qid, _ in items:
        # Each distinct answer once: its scale value, or NaN (empty, don't know, not applicable).
        codes, seen = pd.factorize(raw[qid])
        lut = np.array([scales[qid].get(v, np.nan) for v in seen] + [np.nan])
        df[qid] = lut[codes]
        for code, kind in missing[qid].items():
            hit = list(seen).index(code) if code in list(seen) else -2
            flags[f"{qid}|{kind}"] = codes == hit
    pillars = {}
    for p in x["pillars"]:
        pillars[p["id"]] = [s["id"] for s in p["subpillars"]]
    sub_items = {}
    for qid, sub in items:
        sub_items.setdefault(sub, []).append(qid)
    scores = []
    for pid, subs in pillars.items():
        subs = [s for s in subs if s in sub_items]
        for s in subs:
            df["S_" + s] = df[sub_items[s]].mean(axis=1)
            scores.append(("S_" + s, s))
        cols = [q for s in subs for q in sub_items[s]]
        answered = df[cols].notna().sum(axis=1)
        score = df[["S_" + s for s in subs]].mean(axis=1)
        df["P_" + pid] = score.where((answered > 0) & (answered >= cov * len(cols)))
        scores.append(("P_" + pid, pid))
    res = {}

    def cells(keys, cols, prefix):
        a = df.groupby(keys)[[c for c, _ in cols]].agg(["count", "mean", "std", "median"])
        for col, key in cols:
            for idx, r in a[col].iterrows():
                n = int(r["count"])
                if n == 0:
                    continue
                sd = float(r["std"]) if n > 1 else None
                h = float(stats.t.ppf(0.975, n - 1) * r["std"] / np.sqrt(n)) if n > 1 else None
                name = "|".join(idx) if isinstance(idx, tuple) else idx
                res[f"{prefix}{name}|{key}"] = [n, float(r["mean"]), sd, h, float(r["median"])]

    cells("group", scores + [(q, q) for q, _ in items], "")
    counts = pd.DataFrame(flags).groupby(raw["group"]).sum()
    for col in counts.columns:
        for grp, v in counts[col].items():
            res[f"{grp}|{col}"] = int(v)
    if by_col:
        cells(["group", "by"], scores, "by:")
    for pid in pillars:
        ms = [v[1] for k, v in res.items() if not k.startswith("by:") and k.endswith("|" + pid) and k.count("|") == 1]
        res[f"ALL|{pid}"] = float(np.mean(ms))
    json.dump(res, open(out, "w"), indent=0)
    print(f"pandas: {len(res)} figures in {time.perf_counter() - t0:.3f}s")


main()
