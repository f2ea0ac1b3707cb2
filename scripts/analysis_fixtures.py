#!/usr/bin/env python3
"""Independent expected figures for the analysis module (numpy, scipy, pandas).

Writes tests/fixtures/analysis/fixture-survey.json (a small survey with a reverse item, 3- and
4-option items, "don't know" and "not applicable" codes, item and sub-pillar weights) and
tests/fixtures/analysis/expected.json: responses, option sets, and every figure computed here
from scratch: per group and overall (equal or population weights), gap (Welch), Kruskal-Wallis
(scipy.stats.kruskal), Cronbach's alpha with the Feldt CI, robustness variants, the `by` table
with its suppression, and pure-function edge cases (n = 0, 1, 2, zero variance, ties).
Usage: pip install numpy scipy pandas && python3 scripts/analysis_fixtures.py"""
import json, math, os
import numpy as np
import pandas as pd
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "analysis")
rng = np.random.default_rng(7)
GROUPS = ["public", "private", "civil_society", "academia", "international"]
STAGES = ["Basic", "Opportunistic", "Systematic", "Differentiating", "Transformational"]

# ---------------------------------------------------------------- survey
def opt(v, missing=None, score=None):
    x = {"label": {"en": str(v)}}
    if missing: x["missing"] = missing
    if score is not None: x["score"] = score
    return {"const": v, "x-dra": x}
DK, NA = opt("dk", "dont_know"), opt("na", "not_applicable")
ITEMS = {  # id: (subpillar, options, weight, reverse)
    "a1": ("alpha.a", [opt(i) for i in range(1, 6)] + [DK, NA], 1.0, False),
    "a2": ("alpha.a", [opt(i) for i in range(1, 6)] + [DK], 1.0, True),
    "a3": ("alpha.a", [opt(x, score=s) for x, s in [("low", 1), ("mid", 2), ("high", 3)]] + [NA], 2.0, False),
    "b1": ("alpha.b", [opt(i) for i in range(1, 6)], 1.0, False),
    "b2": ("alpha.b", [opt(i) for i in range(1, 5)] + [DK], 0.5, False),
    "c1": ("beta.c", [opt(i) for i in range(1, 6)] + [DK], 1.0, False),
    "c2": ("beta.c", [opt(i) for i in range(1, 6)] + [DK], 1.0, False),
    "c3": ("beta.c", [opt(i) for i in range(1, 6)] + [DK], 1.0, False),
}
SUBS = {"alpha.a": ("alpha", 2.0), "alpha.b": ("alpha", 1.0), "beta.c": ("beta", 1.0)}
PILLARS = {"alpha": ["alpha.a", "alpha.b"], "beta": ["beta.c"]}
props = {"group": {"x-dra": {"type": "single", "profile": "group", "text": {"en": "Group"}},
                   "oneOf": [opt(g) for g in GROUPS]},
         "gender": {"x-dra": {"type": "single", "profile": "gender", "text": {"en": "Gender"}},
                    "oneOf": [opt(g) for g in ["f", "m", "x"]]}}
for q, (sub, options, w, rev) in ITEMS.items():
    xd = {"type": "scored", "subpillar": sub, "text": {"en": q}}
    if w != 1.0: xd["weight"] = w
    if rev: xd["reverse"] = True
    props[q] = {"x-dra": xd, "oneOf": options}
survey = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:dra:survey:fixture:1.0.0",
          "title": "Analysis fixture", "type": "object",
          "x-dra": {"id": "fixture", "version": "1.0.0", "languages": ["en"], "default_language": "en",
                    "title": {"en": "Analysis fixture"}, "stages": [{"en": s} for s in STAGES],
                    "pillars": [{"id": p, "label": {"en": p}, "subpillars": [
                        {"id": s, "label": {"en": s}, **({"weight": SUBS[s][1]} if SUBS[s][1] != 1.0 else {})}
                        for s in subs]} for p, subs in PILLARS.items()]},
          "properties": props, "required": ["group"], "additionalProperties": False}

def scale_map(q):
    """option value -> stage-scale value (None for missing codes), by rank; reverse flips."""
    _, options, _, rev = ITEMS[q]
    subst = [(o["x-dra"].get("score", o["const"]), o["const"]) for o in options if "missing" not in o["x-dra"]]
    ranked = sorted(subst)
    k = len(ranked)
    out = {}
    for r, (_, v) in enumerate(ranked):
        r = k - 1 - r if rev else r
        out[v] = 1 + 4 * r / (k - 1)
    return out
SCALE = {q: scale_map(q) for q in ITEMS}
MISSING = {q: {o["const"]: o["x-dra"]["missing"] for o in ITEMS[q][1] if "missing" in o["x-dra"]} for q in ITEMS}
VALUES = {q: [o["const"] for o in ITEMS[q][1]] for q in ITEMS}

# ---------------------------------------------------------------- responses
SIZES = {"public": 14, "private": 11, "civil_society": 8, "academia": 6, "international": 2}
responses = []
for g, n in SIZES.items():
    for i in range(n):
        ans = {"group": g}
        u = rng.random()
        if u < 0.45: ans["gender"] = "f"
        elif u < 0.85: ans["gender"] = "m"
        elif u < 0.93: ans["gender"] = "x"
        for q in ITEMS:
            r = rng.random()
            if r < 0.08: continue  # not answered
            vals = VALUES[q]
            ans[q] = vals[rng.integers(len(vals))] if r < 0.3 else [v for v in vals if v not in MISSING[q]][
                min(int(abs(rng.normal(1.5 + GROUPS.index(g) * 0.3, 1.2))), len(vals) - 1 - len(MISSING[q]))]
        if g == "civil_society": ans["a1"] = 3          # zero variance in a cell
        if g == "academia": ans["c3"] = "dk"            # a cell with n = 0 (all "don't know")
        if g == "public" and i == 0:                    # a respondent below pillar coverage
            for q in ["a1", "a2", "a3", "b1", "b2"]: ans.pop(q, None)
            ans["b1"] = 4
        responses.append({"group": g, "origin": ["link", "paper", "public"][i % 3], "answers": ans})

# ---------------------------------------------------------------- respondent scores
def item_value(ans, q):
    v = ans.get(q)
    if v is None: return None, "missing"
    if v in MISSING[q]: return None, MISSING[q][v]
    return SCALE[q][v], "ok"

def scores(ans, cov, item_weighted):
    out, slots = {}, {}
    sub_arith, sub_geo = {}, {}
    for s in SUBS:
        qs = [q for q in ITEMS if ITEMS[q][0] == s]
        vals = [(item_value(ans, q), ITEMS[q][2]) for q in qs]
        ok = [(v, w) for (v, st), w in vals if st == "ok"]
        slots[s] = [len(qs)] + [sum(1 for (v, st), _ in vals if st == k) for k in ("dont_know", "not_applicable", "missing")]
        if ok:
            W = sum(w for _, w in ok)
            sub_arith[s] = sum(w * v for v, w in ok) / W
            sub_geo[s] = math.exp(sum(w * math.log(v) for v, w in ok) / W)
            out[s] = sub_arith[s]
    variants = {}
    for p, subs in PILLARS.items():
        qs = [q for q in ITEMS if ITEMS[q][0] in subs]
        vals = [(item_value(ans, q), ITEMS[q][2]) for q in qs]
        ok = [(v, w) for (v, st), w in vals if st == "ok"]
        slots[p] = [len(qs)] + [sum(1 for (v, st), _ in vals if st == k) for k in ("dont_know", "not_applicable", "missing")]
        covered = len(ok) > 0 and len(ok) >= cov * len(qs)
        slots[p].append(1 if (ok and not covered) else 0)
        if not covered: continue
        def over_subs(d, geo):
            have = [(d[s], SUBS[s][1]) for s in subs if s in d]
            W = sum(w for _, w in have)
            return math.exp(sum(w * math.log(x) for x, w in have) / W) if geo else sum(w * x for x, w in have) / W
        W = sum(w for _, w in ok)
        v = [over_subs(sub_arith, False), sum(w * x for x, w in ok) / W,
             over_subs(sub_geo, True), math.exp(sum(w * math.log(x) for x, w in ok) / W)]
        variants[p] = v
        out[p] = v[1] if item_weighted else v[0]
    return out, slots, variants

# ---------------------------------------------------------------- statistics
def describe(x):
    x = np.asarray(x, dtype=float)
    n = len(x)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "median": None, "q1": None, "q3": None, "ci_half_width": None}
    sd = float(np.std(x, ddof=1)) if n > 1 else None
    h = float(stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)) if n > 1 else None
    q1, med, q3 = (float(np.quantile(x, p, method="linear")) for p in (0.25, 0.5, 0.75))
    return {"n": n, "mean": float(np.mean(x)), "sd": sd, "median": med, "q1": q1, "q3": q3, "ci_half_width": h}

def stage(m):
    if m is None: return None
    w = math.floor(m + 1e-9)  # within 1e-9 below an integer counts as it
    i = 0 if w < 1 else min(int(w), 5) - 1
    return {"index": i, "label": STAGES[i]}

def wquantile(points, p):
    cum = 0.0
    for k, (x, w) in enumerate(points):
        cum += w
        if abs(cum - p) <= 1e-12:
            return (x + points[k + 1][0]) / 2 if k + 1 < len(points) else x
        if cum > p: return x
    return points[-1][0]

def cell_stats(vals, cnt, dist=None):
    d = describe(vals)
    base = cnt["base"]
    d.update({"base": base, "dont_know": cnt["dont_know"], "not_applicable": cnt["not_applicable"],
              "missing": cnt["missing"], "below_coverage": cnt["below_coverage"],
              "share_dont_know": cnt["dont_know"] / base if base else 0.0,
              "share_not_applicable": cnt["not_applicable"] / base if base else 0.0,
              "share_missing": cnt["missing"] / base if base else 0.0,
              "iqr": None if d["q1"] is None else d["q3"] - d["q1"], "stage": stage(d["mean"])})
    if dist is not None:
        d["distribution"] = dist
        d["distribution_share"] = [c / base if base else 0.0 for c in dist]
    return d

def overall(cells, pis):
    """cells: list of (values, cnt, dist); pis: normalised weights."""
    ns = [len(v) for v, _, _ in cells]
    N = sum(ns)
    means = [float(np.mean(v)) for v, _, _ in cells]
    mean = sum(p * m for p, m in zip(pis, means))
    neff = 1 / sum(p * p / n for p, n in zip(pis, ns))
    w = np.concatenate([np.full(n, p * N / n) for p, n in zip(pis, ns)])
    x = np.concatenate([np.asarray(v, float) for v, _, _ in cells])
    V1, V2 = w.sum(), (w * w).sum()
    sd = math.sqrt(float((w * (x - mean) ** 2).sum()) / (V1 - V2 / V1)) if neff > 1 else None
    se = math.sqrt(sum(p * p * float(np.var(v, ddof=1)) / n for p, (v, _, _), n in zip(pis, cells, ns)))
    h = float(stats.t.ppf(0.975, neff - 1) * se) if neff > 1 else None
    pts = pd.DataFrame({"x": x, "w": w / N}).groupby("x")["w"].sum().sort_index()
    points = list(zip(pts.index.tolist(), pts.values.tolist()))
    q1, med, q3 = (wquantile(points, p) for p in (0.25, 0.5, 0.75))
    def ws(key): return sum(p * (c[key] / c["base"] if c["base"] else 0) for p, (_, c, _) in zip(pis, cells))
    out = {"n": N, "n_effective": neff, "mean": mean, "sd": sd, "ci_half_width": h, "median": med, "q1": q1, "q3": q3,
           "iqr": q3 - q1, "stage": stage(mean), "share_dont_know": ws("dont_know"),
           "share_not_applicable": ws("not_applicable"), "share_missing": ws("missing"),
           "base": sum(c["base"] for _, c, _ in cells), "dont_know": sum(c["dont_know"] for _, c, _ in cells)}
    if cells[0][2] is not None:
        out["distribution"] = [int(sum(d[o] for _, _, d in cells)) for o in range(len(cells[0][2]))]
        out["distribution_share"] = [sum(p * d[o] / c["base"] for p, (_, c, d) in zip(pis, cells)) for o in range(len(cells[0][2]))]
    return out

def welch(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    d = float(a.mean() - b.mean()); se = math.sqrt(va + vb)
    if se == 0: return {"difference": d, "se": 0.0, "df": None, "ci_low": d, "ci_high": d}
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    t = stats.t.ppf(0.975, df)
    return {"difference": d, "se": se, "df": float(df), "ci_low": d - t * se, "ci_high": d + t * se}

def alpha(rows):
    X = np.asarray(rows, float); n, k = X.shape
    def a(M):
        C = np.cov(M, rowvar=False, ddof=1); kk = M.shape[1]
        return float(kk / (kk - 1) * (1 - np.trace(C) / C.sum())) if C.sum() > 0 else None
    al = a(X)
    if al is None: return None
    d1, d2 = n - 1, (n - 1) * (k - 1)
    return {"n_complete": n, "items": k, "alpha": al,
            "ci_low": 1 - (1 - al) * float(stats.f.ppf(0.975, d1, d2)),
            "ci_high": 1 - (1 - al) * float(stats.f.ppf(0.025, d1, d2)),
            "if_deleted": [a(np.delete(X, j, axis=1)) for j in range(k)]}

# ---------------------------------------------------------------- one run
def run(opts):
    min_cell = max(opts["min_cell"], 3)
    cov = opts["min_coverage"] if opts["min_coverage"] is not None else 0.5
    item_weighted = opts["pillar_weighting"] == "items"
    by = opts["by"]
    by_values = ["f", "m", "x", None] if by else []
    shares = None
    if opts["overall"]["kind"] == "population":
        shares = {s["group"]: s["share"] for s in opts["overall"]["shares"]}
    rows = []
    for r in responses:
        sc, slots, var = scores(r["answers"], cov, item_weighted)
        rows.append((r["group"], r["answers"].get(by) if by else None, r["answers"], sc, slots, var))
    gsize = {g: sum(1 for x in rows if x[0] == g) for g in GROUPS}
    gshown = {g: gsize[g] >= min_cell for g in GROUPS}
    res = {"groups": [{"code": g, "suppressed": not gshown[g], "respondents": gsize[g] if gshown[g] else None} for g in GROUPS],
           "respondents_published": sum(gsize[g] for g in GROUPS if gshown[g]), "scales": {}}

    def cell_data(sel, sid, level):
        if level == "item":
            vals = [item_value(a, sid)[0] for (_, _, a, *_ ) in sel]
            sts = [item_value(a, sid)[1] for (_, _, a, *_ ) in sel]
            cnt = {"base": len(sel), "dont_know": sts.count("dont_know"), "not_applicable": sts.count("not_applicable"),
                   "missing": sts.count("missing"), "below_coverage": 0}
            dist = [sum(1 for (_, _, a, *_ ) in sel if a.get(sid) == v) for v in VALUES[sid]]
            return [v for v in vals if v is not None], cnt, dist, len(sel)
        vals = [sc[sid] for (_, _, _, sc, _, _) in sel if sid in sc]
        sl = [s[sid] for (_, _, _, _, s, _) in sel]
        cnt = {"base": sum(x[0] for x in sl), "dont_know": sum(x[1] for x in sl), "not_applicable": sum(x[2] for x in sl),
               "missing": sum(x[3] for x in sl), "below_coverage": sum(x[4] for x in sl) if level == "pillar" else 0}
        return vals, cnt, None, len(sel)

    scales = [(q, "item") for q in ITEMS] + [(s, "subpillar") for s in SUBS] + [(p, "pillar") for p in PILLARS]
    for sid, level in scales:
        cells = {g: cell_data([x for x in rows if x[0] == g], sid, level) for g in GROUPS}
        shown = {g: gshown[g] and len(cells[g][0]) >= min_cell for g in GROUPS}
        out = {"groups": {g: (cell_stats(cells[g][0], cells[g][1], cells[g][2]) if shown[g] else None) for g in GROUPS}}
        inc = [g for g in GROUPS if shown[g] and (shares is None or shares.get(g, 0) > 0)]
        raw = [1.0 if shares is None else shares[g] for g in inc]
        pis = [x / sum(raw) for x in raw]
        out["overall_groups"] = inc
        out["overall"] = overall([cells[g][:3] for g in inc], pis) if inc else None
        pub = [g for g in GROUPS if shown[g]]
        if "public" in pub and len(pub) > 1:
            others = [v for g in pub if g != "public" for v in cells[g][0]]
            w = welch(cells["public"][0], others)
            w["flagged"] = bool((w["ci_low"] > 0 or w["ci_high"] < 0) and abs(w["difference"]) >= 0.5)
            w.update({"n_public": len(cells["public"][0]), "n_others": len(others)})
            out["gap"] = w
        samples = [cells[g][0] for g in pub if len(cells[g][0]) > 0]
        if len(samples) >= 2 and len(set(v for s in samples for v in s)) > 1:
            h, p = stats.kruskal(*samples)
            out["kruskal_wallis"] = {"h": float(h), "p_value": float(p), "df": len(samples) - 1, "n": sum(map(len, samples))}
        else:
            out["kruskal_wallis"] = None
        if level != "item":
            qs = [q for q in ITEMS if ITEMS[q][0] == sid or SUBS[ITEMS[q][0]][0] == sid]
            if len(qs) >= 3:
                # Complete cases of the published groups only, and only from min_cell of them.
                comp = [[item_value(a, q)[0] for q in qs] for (g, _, a, *_ ) in rows if gshown[g]]
                complete = [c for c in comp if None not in c]
                out["reliability"] = alpha(complete) if len(complete) >= min_cell else None
        if level == "pillar":
            vs = []
            for vi in range(4):
                gm = {g: float(np.mean([v[sid][vi] for (gg, _, _, _, _, v) in rows if gg == g and sid in v])) for g in inc}
                vs.append(sum(p * gm[g] for p, g in zip(pis, inc)))
            out["robustness"] = {"overall": vs, "min": min(vs), "max": max(vs)}
        if by and level != "item":
            cells_by = {g: [cell_data([x for x in rows if x[0] == g and x[1] == v], sid, level) for v in by_values]
                        for g in GROUPS}
            n = {g: [len(c[0]) for c in cells_by[g]] for g in GROUPS}
            hide = {g: [("below_minimum" if n[g][i] < min_cell else (None if shown[g] else "complementary"))
                        for i in range(len(by_values))] for g in GROUPS}
            # Complementary suppression: in every row (group) and column (value), the hidden cells
            # hold nobody or at least min_cell people; the smallest published cell with people in
            # a line that falls short is hidden, rows first then columns, until nothing changes.
            lines = [[(g, i) for i in range(len(by_values))] for g in GROUPS] + \
                    [[(g, i) for g in GROUPS] for i in range(len(by_values))]
            changed = True
            while changed:
                changed = False
                for line in lines:
                    hidden = sum(n[g][i] for g, i in line if hide[g][i])
                    if 0 < hidden < min_cell:
                        cand = [(n[g][i], k) for k, (g, i) in enumerate(line) if not hide[g][i] and n[g][i] > 0]
                        if cand:
                            g, i = line[min(cand)[1]]
                            hide[g][i] = "complementary"
                            changed = True
            out["by"] = {g: [{"suppressed": True, "reason": h} if h else cell_stats(c[0], c[1])
                             for h, c in zip(hide[g], cells_by[g])] for g in GROUPS}
        res["scales"][sid] = out
    return res

OPTS_A = {"min_cell": 5, "min_coverage": None, "pillar_weighting": "sub_pillars", "overall": {"kind": "equal_groups"},
          "by": None, "public_group": "public", "gap_threshold": 0.5}
OPTS_B = {"min_cell": 2, "min_coverage": 0.75, "pillar_weighting": "items",
          "overall": {"kind": "population", "shares": [{"group": "public", "share": 10}, {"group": "private", "share": 30},
                                                       {"group": "civil_society", "share": 40}, {"group": "academia", "share": 20}]},
          "by": "gender", "public_group": "public", "gap_threshold": 0.5}

# ---------------------------------------------------------------- pure-function cases
cases = {
    "describe": [{"values": v, "expected": describe(v)} for v in
                 [[], [3.0], [2.0, 4.0], [3.0, 3.0, 3.0, 3.0], [1, 2, 2, 3, 5, 5, 5], [1.0, 2.5, 4.0, 4.0, 1.0, 3.25]]],
    "kruskal": [{"samples": s, "h": float(stats.kruskal(*s)[0]), "p_value": float(stats.kruskal(*s)[1])} for s in
                [[[1, 2, 2, 3], [2, 3, 3, 4, 5], [5, 5, 4]], [[1, 1, 1, 2], [1, 2, 2, 2]], [[1.5, 2.0, 3.0], [2.0, 2.0, 4.0, 5.0]]]],
    "welch": [{"a": a, "b": b, **welch(a, b)} for a, b in [([1, 2, 3, 4, 5], [2, 2, 3, 5, 5, 5]), ([3, 3, 4], [1, 2, 2, 2, 1, 5, 4])]],
    "alpha": [{"rows": r, **alpha(r)} for r in [[[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [5, 4, 5], [2, 2, 1]],
                                              [[1, 1, 2, 2], [2, 3, 2, 3], [3, 3, 3, 4], [5, 4, 4, 5], [4, 4, 5, 5]]]],
}

os.makedirs(OUT, exist_ok=True)
json.dump(survey, open(os.path.join(OUT, "fixture-survey.json"), "w"), indent=1)
json.dump({"responses": responses, "runs": [{"options": OPTS_A, "expected": run(OPTS_A)},
                                             {"options": OPTS_B, "expected": run(OPTS_B)}], "cases": cases},
          open(os.path.join(OUT, "expected.json"), "w"), indent=1)
print("wrote", OUT)
