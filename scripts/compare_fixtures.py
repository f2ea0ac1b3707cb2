#!/usr/bin/env python3
"""Independent expected figures for comparing editions (numpy, scipy).

Writes into tests/fixtures/compare/: two survey versions of a small questionnaire (v2 renames an
item, widens one item's options, changes another's options, drops one item and adds one), the
item map from v1 to v2, two generated campaigns as CSV (edition A on v1, where the international
group has 3 respondents and is suppressed; edition B on v2), and expected.json: per group and
overall, each edition's mean and the difference B − A with its Welch 95 % interval, computed here
from the raw answers (respondent scores → group cells; scipy's Welch t-test for group cells; the
Welch–Satterthwaite interval of the weighted difference of group means for the overall). A cell
is shown when its group has at least 5 respondents and at least 5 of them have a score; the
overall of each edition is the mean of its shown group means.
Usage: pip install numpy scipy && python3 scripts/compare_fixtures.py"""
import csv, json, math, os
import numpy as np
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "compare")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20)
GROUPS = ["public", "private", "civil_society", "academia", "international"]
STAGES = ["Basic", "Opportunistic", "Systematic", "Differentiating", "Transformational"]
MIN_CELL, COVERAGE = 5, 0.5

def opt(v, missing=None):
    x = {"label": {"en": str(v), "es": str(v)}}
    if missing: x["missing"] = missing
    return {"const": v, "x-dra": x}
DK = opt("dk", "dont_know")
def five(): return [opt(i) for i in range(1, 6)] + [DK]
def four(): return [opt(i) for i in range(1, 5)] + [DK]
def three(): return [opt(i) for i in range(1, 4)] + [DK]

V1 = {"a1": ("alpha.a", five()), "a2": ("alpha.a", five()), "a3": ("alpha.a", five()),
      "b1": ("alpha.b", five()), "b2": ("alpha.b", four()),
      "c1": ("beta.c", five()), "c2": ("beta.c", five()), "c3": ("beta.c", five())}
V2 = {"a1": ("alpha.a", five()), "a2n": ("alpha.a", five()), "a3": ("alpha.a", three()),
      "b1": ("alpha.b", five()), "b2": ("alpha.b", five()),
      "c1": ("beta.c", five()), "c2": ("beta.c", five()), "c4": ("beta.c", five())}
PILLARS = {"alpha": ["alpha.a", "alpha.b"], "beta": ["beta.c"]}
MAP = {"a2": "a2n", "b2": {"to": "b2", "recode": {"1": "1", "2": "2", "3": "4", "4": "5", "dk": "dk"}}, "c3": None}

def survey(version, items):
    props = {"group": {"x-dra": {"type": "single", "profile": "group", "text": {"en": "Group", "es": "Grupo"}},
                       "oneOf": [opt(g) for g in GROUPS]}}
    for q, (sub, options) in items.items():
        props[q] = {"x-dra": {"type": "scored", "subpillar": sub, "text": {"en": q, "es": q}}, "oneOf": options}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:dra:survey:cmpfix:{version}", "title": "Comparison fixture", "type": "object",
            "x-dra": {"id": "cmpfix", "version": version, "languages": ["en", "es"], "default_language": "en",
                      "title": {"en": "Comparison fixture", "es": "Comparación"},
                      "stages": [{"en": s, "es": s} for s in STAGES],
                      "pillars": [{"id": p, "label": {"en": p, "es": p},
                                   "subpillars": [{"id": s, "label": {"en": s, "es": s}} for s in subs]}
                                  for p, subs in PILLARS.items()]},
            "properties": props, "required": ["group"], "additionalProperties": False}

def scale(items, q, v):
    """option value -> stage-scale value; None for "don't know"."""
    values = [o["const"] for o in items[q][1] if "missing" not in o["x-dra"]]
    if v not in values: return None
    k = len(values)
    return 1 + 4 * sorted(values).index(v) / (k - 1)

def generate(items, sizes, shift):
    rows = []
    for g, n in sizes.items():
        for _ in range(n):
            row = {"group": g}
            for q, (_, options) in items.items():
                r = rng.random()
                if r < 0.07: continue                     # not answered
                if r < 0.15: row[q] = "dk"; continue
                values = [o["const"] for o in options if "missing" not in o["x-dra"]]
                centre = 1.2 + shift + 0.35 * GROUPS.index(g)
                row[q] = values[min(max(int(rng.normal(centre, 1.1)), 0), len(values) - 1)]
            rows.append(row)
    return rows

A_SIZES = {"public": 12, "private": 9, "civil_society": 7, "academia": 6, "international": 3}
B_SIZES = {"public": 10, "private": 11, "civil_society": 8, "academia": 5, "international": 6}
A = generate(V1, A_SIZES, 0.0)
B = generate(V2, B_SIZES, 0.6)

def scores(items, row, recode_b2=False):
    """Respondent scores per item, sub-pillar and pillar (sub-pillar = mean of answered items;
    pillar = mean of sub-pillar scores, counted when ≥ half its items are answered)."""
    out = {}
    for q in items:
        v = row.get(q)
        out[q] = None if v is None else scale(items, q, v)
    subs = {s for s, _ in items.values()}
    for s in subs:
        vals = [out[q] for q in items if items[q][0] == s and out[q] is not None]
        out[s] = float(np.mean(vals)) if vals else None
    for p, ss in PILLARS.items():
        qs = [q for q in items if items[q][0] in ss]
        ok = [q for q in qs if out[q] is not None]
        have = [out[s] for s in ss if out.get(s) is not None]
        out[p] = float(np.mean(have)) if ok and len(ok) >= COVERAGE * len(qs) else None
    return out

def recoded_b2(row):
    """Edition A's b2 answer recoded to v2 and scored on v2's scale."""
    v = row.get("b2")
    if v is None or v == "dk": return None
    new = int(MAP["b2"]["recode"][str(v)])
    return scale(V2, "b2", new)

def cells(rows, items, sid, recode=False):
    out = {}
    for g in GROUPS:
        vals = []
        for r in rows:
            if r["group"] != g: continue
            x = recoded_b2(r) if recode else scores(items, r)[sid]
            if x is not None: vals.append(x)
        out[g] = np.asarray(vals, float)
    return out

def published(sizes):
    return [g for g in GROUPS if sizes[g] >= MIN_CELL]

def overall(cs, groups):
    live = [g for g in groups if len(cs[g]) > 0]
    pi = 1 / len(live)
    mean = sum(pi * cs[g].mean() for g in live)
    return live, pi, mean

def compare(sid_a, sid_b, recode=False):
    ca, cb = cells(A, V1, sid_a, recode), cells(B, V2, sid_b)
    # A cell is shown when its group is published and at least MIN_CELL respondents have a score.
    pa = [g for g in published(A_SIZES) if len(ca[g]) >= MIN_CELL]
    pb = [g for g in published(B_SIZES) if len(cb[g]) >= MIN_CELL]
    row = {"groups": {}}
    for g in GROUPS:
        a_ok, b_ok = g in pa, g in pb
        cell = {"from_mean": float(ca[g].mean()) if a_ok and len(ca[g]) else None,
                "to_mean": float(cb[g].mean()) if b_ok and len(cb[g]) else None,
                "from_n": len(ca[g]) if a_ok else None, "to_n": len(cb[g]) if b_ok else None}
        if a_ok and b_ok and len(ca[g]) > 1 and len(cb[g]) > 1:
            res = stats.ttest_ind(cb[g], ca[g], equal_var=False)
            ci = res.confidence_interval(0.95)
            va, vb = ca[g].var(ddof=1) / len(ca[g]), cb[g].var(ddof=1) / len(cb[g])
            df = (va + vb) ** 2 / (va ** 2 / (len(ca[g]) - 1) + vb ** 2 / (len(cb[g]) - 1))
            cell.update({"difference": float(cb[g].mean() - ca[g].mean()), "ci_low": float(ci.low),
                         "ci_high": float(ci.high), "df": float(df), "flagged": bool(ci.low > 0 or ci.high < 0)})
        else:
            cell["difference"] = None
        row["groups"][g] = cell
    la, pia, ma = overall(ca, pa)
    lb, pib, mb = overall(cb, pb)
    parts = [pia ** 2 * ca[g].var(ddof=1) / len(ca[g]) for g in la] + [pib ** 2 * cb[g].var(ddof=1) / len(cb[g]) for g in lb]
    dfs = [len(ca[g]) - 1 for g in la] + [len(cb[g]) - 1 for g in lb]
    v = sum(parts)
    df = v * v / sum(p * p / d for p, d in zip(parts, dfs))
    t = stats.t.ppf(0.975, df)
    d = mb - ma
    row["overall"] = {"from_mean": ma, "to_mean": mb, "difference": d, "df": df,
                      "ci_low": d - t * math.sqrt(v), "ci_high": d + t * math.sqrt(v),
                      "flagged": bool(d - t * math.sqrt(v) > 0 or d + t * math.sqrt(v) < 0),
                      "from_groups": la, "to_groups": lb}
    return row

expected = {"pillars": {p: compare(p, p) for p in PILLARS},
            "subpillars": {s: compare(s, s) for s in ["alpha.a", "alpha.b", "beta.c"]},
            "items": {"a1": compare("a1", "a1"), "a2n": compare("a2", "a2n"), "b1": compare("b1", "b1"),
                      "b2": compare("b2", "b2", recode=True), "c1": compare("c1", "c1"), "c2": compare("c2", "c2")},
            "not_compared": [["a3", "a3", "options_changed"], ["c3", None, "dropped_by_map"], [None, "c4", "only_later"]],
            "hidden": {"group": "international",
                       "from_means": {p: float(np.mean(cells(A, V1, p)["international"])) for p in PILLARS}}}

def write_csv(path, items, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["respondent", "group", "language"] + list(items))
        for i, r in enumerate(rows, 1):
            w.writerow([f"R{i}", r["group"], "en"] + [r.get(q, "") for q in items])

json.dump(survey("1.0.0", V1), open(os.path.join(OUT, "survey-v1.json"), "w"), indent=1)
json.dump(survey("2.0.0", V2), open(os.path.join(OUT, "survey-v2.json"), "w"), indent=1)
json.dump(MAP, open(os.path.join(OUT, "map.json"), "w"), indent=1)
write_csv(os.path.join(OUT, "edition-a.csv"), V1, A)
write_csv(os.path.join(OUT, "edition-b.csv"), V2, B)
json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1)
print("wrote", OUT)
