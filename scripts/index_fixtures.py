#!/usr/bin/env python3
"""Independent expected figures for the composite index (src/index), with numpy and pandas.

Reads the example framework surveys/examples/open-data-index.json and writes, under
tests/fixtures/index/:
  units.csv      14 institutions (id, name, sector, contact)
  scores.csv     the scores of three evaluators (ana scores everything, ben everything again, carla
                 five institutions): unit, indicator, evaluator, value, evidence_url, evidence_note,
                 evidence_file
  expected.json  for every normalisation x aggregation pair (and imputation, weights and ties
                 variants) the normalised table, pillar scores, index and ranks of ana's scores;
                 the Monte Carlo rank intervals and the sensitivity table (the SplitMix64 generator
                 written again here, draw for draw); weighted Cohen's kappa (linear, quadratic) of
                 ana and ben and Krippendorff's alpha (ordinal) of all three, with the disputes.
Written from the definitions (the Handbook's formulas, Krippendorff 2011 "Computing Krippendorff's
alpha-reliability"), not from the Rust code. Usage: python3 scripts/index_fixtures.py"""
import csv, json, math, os
import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "index")
FW = json.load(open(os.path.join(ROOT, "surveys", "examples", "open-data-index.json"), encoding="utf-8"))

IND = [(p["id"], i) for p in FW["pillars"] for i in p["indicators"]]
IDS = [i["id"] for _, i in IND]
PILLARS = [p["id"] for p in FW["pillars"]]
PILLAR_OF = [PILLARS.index(p) for p, _ in IND]
ORDINAL = {i["id"]: [l["value"] for l in i["levels"]] for _, i in IND if "levels" in i}
GOAL = {}
for _, i in IND:
    if "goalposts" in i: GOAL[i["id"]] = tuple(i["goalposts"])
    elif "levels" in i: GOAL[i["id"]] = (i["levels"][0]["value"], i["levels"][-1]["value"])
    else: GOAL[i["id"]] = (i["range"]["min"], i["range"]["max"])
NEG = {i["id"] for _, i in IND if i.get("direction") == "negative"}

# ------------------------------------------------------------------ data
rng = np.random.default_rng(17)
NAMES = [("mingob", "Ministerio de Gobernación", "Ministry of the Interior", "public"),
         ("minfin", "Ministerio de Finanzas Públicas", "", "public"),
         ("mineduc", "Ministerio de Educación", "", "public"),
         ("mspas", "Ministerio de Salud Pública", "", "public"),
         ("ine", "Instituto Nacional de Estadística", "", "statistics"),
         ("sat", "Superintendencia de Administración Tributaria", "", "public"),
         ("banguat", "Banco de Guatemala", "", "central_bank"),
         ("tse", "Tribunal Supremo Electoral", "", "electoral"),
         ("oj", "Organismo Judicial", "", "judiciary"),
         ("congreso", "Congreso de la República", "", "legislature"),
         ("segeplan", "Secretaría de Planificación", "", "public"),
         ("conred", "Coordinadora Nacional para la Reducción de Desastres", "", "public"),
         ("renap", "Registro Nacional de las Personas", "", "public"),
         ("mem", "Ministerio de Energía y Minas", "", "public")]
units = [n[0] for n in NAMES]
ana = pd.DataFrame(index=units, columns=IDS, dtype=float)
for k, u in enumerate(units):
    cap = rng.uniform(0.1, 0.95)
    for ind in IDS:
        if ind in ORDINAL:
            ana.loc[u, ind] = float(np.clip(round(cap * 3 + rng.normal(0, 0.7)), 0, 3))
        elif ind == "datasets":
            ana.loc[u, ind] = float(round(cap * 180 + rng.uniform(0, 60)))
        else:  # delay, days: lower is better
            ana.loc[u, ind] = float(round((1 - cap) * 600 + rng.uniform(0, 120)))
# Missing scores: oj has 7 of 11 (coverage 0.636 < 0.7: not ranked); two others miss one or three.
ana.loc["oj", ["api", "licence", "delay", "portal"]] = np.nan
ana.loc["tse", "metadata"] = np.nan
ana.loc["congreso", ["support", "datasets", "update"]] = np.nan
# A tie: mem scores exactly as renap.
ana.loc["mem"] = ana.loc["renap"]

ben = ana.copy()
for u in units:
    for ind in IDS:
        if pd.isna(ben.loc[u, ind]): continue
        if ind in ORDINAL and rng.uniform() < 0.22:
            ben.loc[u, ind] = float(np.clip(ben.loc[u, ind] + rng.choice([-1, 1]), 0, 3))
        elif ind not in ORDINAL and rng.uniform() < 0.15:
            ben.loc[u, ind] = float(ben.loc[u, ind] + rng.choice([-5, 5]))
ben.loc["oj", "api"] = 1.0  # ben scored what ana left out
carla = ana.loc[units[:5]].copy()
for u in carla.index:
    for ind in IDS:
        if ind in ORDINAL and rng.uniform() < 0.3:
            carla.loc[u, ind] = float(np.clip(carla.loc[u, ind] + rng.choice([-1, 1, 2]), 0, 3))
carla.loc["mingob", "online"] = np.nan

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "units.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", "sector", "contact"])
    for uid, es, en, sector in NAMES:
        w.writerow([uid, es, sector, f"datos@{uid}.gob.gt"])
rows = []
for rater, df in [("ana", ana), ("ben", ben), ("carla", carla)]:
    for u in df.index:
        for ind in IDS:
            v = df.loc[u, ind]
            if pd.isna(v): continue
            rows.append([u, ind, rater, f"{v:g}", f"https://{u}.gob.gt/datos/{ind}", "", ""])
with open(os.path.join(OUT, "scores.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["unit", "indicator", "evaluator", "value", "evidence_url", "evidence_note", "evidence_file"])
    w.writerows(rows)

# ------------------------------------------------------------------ the index, from the formulas
def given_weights(kind):
    wi = np.array([i.get("weight", 1.0) if kind == "given" else 1.0 for _, i in IND])
    wp = np.array([p.get("weight", 1.0) if kind != "equal" else 1.0 for p in FW["pillars"]])
    return wi, wp

def prepare(X, min_share, imputation):
    cov = X.notna().sum(axis=1) / X.shape[1]
    ranked = X[cov + 1e-12 >= min_share].copy()
    imputed = ranked.isna() & (imputation != "none")
    if imputation == "mean": ranked = ranked.fillna(ranked.mean())
    if imputation == "median": ranked = ranked.fillna(ranked.median())
    return cov, ranked, imputed

def normalise(R, how):
    N = pd.DataFrame(index=R.index, columns=R.columns, dtype=float)
    for c in R.columns:
        x = R[c]
        if how == "min_max":
            lo, hi = x.min(), x.max()
            v = 100 * (x - lo) / (hi - lo) if hi > lo else x * 0 + 50
        elif how == "goalposts":
            lo, hi = GOAL[c]
            v = (100 * (x - lo) / (hi - lo)).clip(0, 100)
        else:
            sd = x.std(ddof=1)
            v = (x - x.mean()) / sd if sd > 0 else x * 0
        if c in NEG: v = -v if how == "z_score" else 100 - v
        N[c] = v
    shift = 1 - min(0.0, np.nanmin(N.values))
    return N, shift

def agg(vals, w, how, shift):
    m = ~np.isnan(vals)
    if not m.any(): return np.nan
    v, w = vals[m], w[m]
    if how == "arithmetic": return float(np.sum(w * v) / np.sum(w))
    return float(np.exp(np.sum(w * np.log(v + shift)) / np.sum(w)) - shift)

def index_of(N, shift, wi, wp, lev_ind, lev_pil, dropped=None):
    out_p, out_i = [], []
    for u in N.index:
        row = N.loc[u].values.astype(float).copy()
        if dropped is not None: row[dropped] = np.nan
        ps = np.array([agg(row[[k for k in range(len(IDS)) if PILLAR_OF[k] == p]],
                           wi[[k for k in range(len(IDS)) if PILLAR_OF[k] == p]], lev_ind, shift)
                       for p in range(len(PILLARS))])
        out_p.append(ps)
        out_i.append(agg(ps, wp, lev_pil, shift))
    return np.array(out_p), np.array(out_i)

def ranks(scores, ties):
    s = pd.Series(np.round(np.asarray(scores) * 1e9))
    return s.rank(ascending=False, method=ties).values

def headline(X, min_share=0.7, imputation="none", norm="min_max", weights="given",
             lev=("arithmetic", "arithmetic"), ties="min"):
    cov, R, imp = prepare(X, min_share, imputation)
    N, shift = normalise(R, norm)
    wi, wp = given_weights(weights)
    P, I = index_of(N, shift, wi, wp, *lev)
    r = ranks(I, ties)
    nn = lambda a: [None if (isinstance(x, float) and math.isnan(x)) else float(x) for x in a]
    return {"min_share": min_share, "imputation": imputation, "normalisation": norm, "weights": weights,
            "aggregation": {"indicators": lev[0], "pillars": lev[1]}, "ties": ties,
            "ranked": list(R.index), "shift": shift,
            "coverage": {u: float(cov[u]) for u in X.index},
            "normalised": {u: nn(N.loc[u].values) for u in N.index},
            "imputed": {u: [bool(b) for b in imp.loc[u].values] for u in imp.index},
            "pillars": {u: nn(P[k]) for k, u in enumerate(N.index)},
            "index": {u: float(I[k]) for k, u in enumerate(N.index)},
            "rank": {u: float(r[k]) for k, u in enumerate(N.index)}}

cases = []
for norm in ["min_max", "goalposts", "z_score"]:
    for lev in [("arithmetic", "arithmetic"), ("geometric", "geometric"), ("arithmetic", "geometric"), ("geometric", "arithmetic")]:
        cases.append(headline(ana, norm=norm, lev=lev))
for imputation in ["mean", "median"]:
    for norm in ["min_max", "z_score"]:
        cases.append(headline(ana, imputation=imputation, norm=norm, lev=("geometric", "geometric")))
for weights in ["equal", "per_pillar"]:
    cases.append(headline(ana, weights=weights))
cases.append(headline(ana, ties="average"))
cases.append(headline(ana, min_share=0.5, norm="goalposts"))

# ------------------------------------------------------------------ Monte Carlo, draw for draw
M64 = (1 << 64) - 1
class SplitMix:
    def __init__(self, seed): self.s = seed & M64
    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)
    def uniform(self): return (self.next() >> 11) * 2.0 ** -53
    def pick(self, n): return min(int(self.uniform() * n), max(n - 1, 0))

def monte_carlo(X, unc, norm0="min_max", lev0=("arithmetic", "arithmetic"), weights="given", ties="min"):
    cov, R, _ = prepare(X, 0.7, "none")
    tabs = {n: normalise(R, n) for n in ["min_max", "goalposts", "z_score"]}
    wi0, wp0 = given_weights(weights)
    def rk(norm, lev, wi, wp, dropped=None):
        N, shift = tabs[norm]
        return ranks(index_of(N, shift, wi, wp, *lev, dropped=dropped)[1], ties)
    head = rk(norm0, lev0, wi0, wp0)
    norms = unc["normalisations"] or [norm0]
    aggs = unc["aggregations"]
    g = SplitMix(unc["seed"])
    runs = []
    for _ in range(unc["runs"]):
        norm = norms[g.pick(len(norms))]
        a = g.pick(max(len(aggs), 1))
        lev = (aggs[a], aggs[a]) if aggs else lev0
        d = g.pick(len(IDS) + 1)
        dropped = d - 1 if unc["drop_one"] and d > 0 else None
        noise = unc["weight_noise"]
        wi = np.array([w * (1 + noise * (2 * g.uniform() - 1)) for w in wi0])
        wp = np.array([w * (1 + noise * (2 * g.uniform() - 1)) for w in wp0])
        runs.append(rk(norm, lev, wi, wp, dropped))
    runs = np.array(runs)
    intervals = [{"unit": u, "headline": float(head[k]), "median": float(np.median(runs[:, k])),
                  "p05": float(np.percentile(runs[:, k], 5)), "p95": float(np.percentile(runs[:, k], 95))}
                 for k, u in enumerate(R.index)]
    def shift_row(name, rank_sets):
        d = np.abs(np.array(rank_sets) - head)
        return {"factor": name, "mean_shift": float(d.mean()), "max_shift": float(d.max())}
    factors, drops = [], []
    if unc["weight_noise"] > 0:
        g2 = SplitMix(unc["seed"] + 1)
        sets = []
        for _ in range(unc["runs"]):
            wi = np.array([w * (1 + unc["weight_noise"] * (2 * g2.uniform() - 1)) for w in wi0])
            wp = np.array([w * (1 + unc["weight_noise"] * (2 * g2.uniform() - 1)) for w in wp0])
            sets.append(rk(norm0, lev0, wi, wp))
        factors.append(shift_row("weights", sets))
    if unc["normalisations"]:
        factors.append(shift_row("normalisation", [rk(n, lev0, wi0, wp0) for n in unc["normalisations"]]))
    if aggs:
        factors.append(shift_row("aggregation", [rk(norm0, (a, a), wi0, wp0) for a in aggs]))
    if unc["drop_one"]:
        sets = [rk(norm0, lev0, wi0, wp0, dropped=k) for k in range(len(IDS))]
        drops = [shift_row("drop:" + IDS[k], [s]) for k, s in enumerate(sets)]
        factors.append(shift_row("drop_one", sets))
    key = lambda r: -r["mean_shift"]
    return {"uncertainty": unc, "intervals": intervals,
            "factors": sorted(factors, key=key), "drops": sorted(drops, key=key)}

UNC = FW["method"]["uncertainty"]
mc = monte_carlo(ana, UNC)
mc_zero = monte_carlo(ana, {"runs": 50, "seed": 5, "weight_noise": 0.0, "normalisations": [],
                            "aggregations": [], "drop_one": False})

# ------------------------------------------------------------------ agreement
def level_pos(ind, v): return ORDINAL[ind].index(v)

def kappa(pairs, k, power):
    O = np.zeros((k, k))
    for a, b in pairs: O[a, b] += 1
    O /= O.sum()
    E = np.outer(O.sum(axis=1), O.sum(axis=0))
    i, j = np.indices((k, k))
    W = (np.abs(i - j) / (k - 1)) ** power
    return float(1 - (W * O).sum() / (W * E).sum())

def alpha_ordinal(units, k):
    # Krippendorff (2011): pairable values only; D_o and D_e from the value pairs.
    units = [u for u in units if len(u) >= 2]
    n_c = np.zeros(k)
    for u in units:
        for v in u: n_c[v] += 1
    n = n_c.sum()
    def delta(c, d):
        lo, hi = min(c, d), max(c, d)
        return (n_c[lo:hi + 1].sum() - (n_c[c] + n_c[d]) / 2) ** 2
    Do = sum(sum(delta(a, b) for x, a in enumerate(u) for y, b in enumerate(u) if x != y) / (len(u) - 1)
             for u in units) / n
    De = sum(n_c[c] * n_c[d] * delta(c, d) for c in range(k) for d in range(k)) / (n * (n - 1))
    return float(1 - Do / De)

raters = {"ana": ana, "ben": ben, "carla": carla}
pairs, units_alpha, disputed = [], [], []
for u in sorted(units):
    for ind in sorted(IDS):
        vals = {r: df.loc[u, ind] for r, df in raters.items() if u in df.index and not pd.isna(df.loc[u, ind])}
        if len(vals) >= 2 and len(set(vals.values())) > 1:
            disputed.append({"unit": u, "indicator": ind, "scores": [[r, float(v)] for r, v in sorted(vals.items())]})
        if ind not in ORDINAL: continue
        units_alpha.append([level_pos(ind, v) for v in vals.values()])
        if "ana" in vals and "ben" in vals:
            pairs.append((level_pos(ind, vals["ana"]), level_pos(ind, vals["ben"])))
agreement = {"kappa_linear": kappa(pairs, 4, 1), "kappa_quadratic": kappa(pairs, 4, 2), "kappa_n": len(pairs),
             "alpha_ordinal": alpha_ordinal(units_alpha, 4), "disputed": disputed,
             "pairable": sum(1 for u in units for ind in IDS
                             if sum(1 for df in raters.values() if u in df.index and not pd.isna(df.loc[u, ind])) >= 2)}
try:  # the PyPI package, when it is installed, as a second opinion
    import krippendorff
    mat = np.full((3, len(units_alpha)), np.nan)
    for j, u in enumerate(units_alpha):
        for r, v in enumerate(u): mat[r, j] = v
    agreement["alpha_ordinal_pypi"] = float(krippendorff.alpha(reliability_data=mat, level_of_measurement="ordinal",
                                                                  value_domain=[0, 1, 2, 3]))
except ImportError:
    pass

# Small kappa/alpha cases checked by hand in the Rust tests too.
json.dump({"indicators": IDS, "pillars": PILLARS, "cases": cases, "monte_carlo": mc, "monte_carlo_zero": mc_zero,
           "agreement": agreement}, open(os.path.join(OUT, "expected.json"), "w"), indent=1)
print("wrote", OUT, "cases:", len(cases), "alpha:", agreement["alpha_ordinal"], agreement.get("alpha_ordinal_pypi"))
