#!/usr/bin/env python3
"""N synthetic paper forms for any survey definition, in the CSV `dra responses import` reads
(`respondent,group,language,<question ids>`), so the same file feeds dra and the pandas reference.

Usage: gen_definition.py DEFINITION.json N OUT.csv [SEED]

Per respondent (deterministic for a seed): a stakeholder group with unequal sizes (the first
group twice as large as the last); every other single-choice profile field (gender, area,
department, ...) answered with one of its options, or left empty one time in twenty; every scored
item answered on its scale (the first group rates a little higher, so gaps are real), "don't know"
or "not applicable" where the item offers them (about 4% and 2%), or left empty (about 3%). Free
text, numbers, multiple choices and questions asked only under a condition are left empty (an
answer to a question that does not apply would be refused), so any definition gets valid forms."""
import csv
import json
import random
import sys


def options(prop):
    """(value, missing) per option of a property, in definition order."""
    out = []
    for o in prop.get("oneOf", []):
        out.append((o.get("const"), (o.get("x-dra") or {}).get("missing")))
    return out


def main():
    path, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2027)
    d = json.load(open(path, encoding="utf-8"))
    x = d["x-dra"]
    lang = x.get("default_language", "es")
    props = d["properties"]
    group_id, groups, profile, scored = None, [], [], []
    for qid, p in props.items():
        meta = p.get("x-dra", {})
        if meta.get("relevant") is not None:
            continue
        kind = meta.get("type")
        if meta.get("profile") == "group":
            group_id, groups = qid, [v for v, _ in options(p)]
        elif kind == "single" and options(p):
            profile.append((qid, [v for v, _ in options(p)]))
        elif kind == "scored" and meta.get("subpillar"):
            opts = options(p)
            scale = [v for v, m in opts if m is None]
            dk = [v for v, m in opts if m == "dont_know"]
            na = [v for v, m in opts if m == "not_applicable"]
            scored.append((qid, scale, dk, na))
    if not groups:
        sys.exit(f"{path}: no question has the profile role 'group'")
    # Unequal group sizes: weights from 2 down to 1.
    gw = [2 - i / max(1, len(groups) - 1) for i in range(len(groups))]
    header = ["respondent", "group", "language"] + [q for q, _ in profile] + [q for q, *_ in scored]
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in range(n):
            g = rng.choices(range(len(groups)), gw)[0]
            row = [f"R{r + 1:07d}", groups[g], lang]
            for _, vals in profile:
                row.append("" if rng.random() < 0.05 else vals[rng.randrange(len(vals))])
            lift = 1 if g == 0 else 0
            for _, scale, dk, na in scored:
                u = rng.random()
                if u < 0.03:
                    row.append("")
                elif u < 0.07 and dk:
                    row.append(dk[0])
                elif u < 0.09 and na:
                    row.append(na[0])
                else:
                    k = min(len(scale) - 1, max(0, int(rng.triangular(0, len(scale), len(scale) / 2 + lift))))
                    row.append(scale[k])
            w.writerow(row)


if __name__ == "__main__":
    main()
