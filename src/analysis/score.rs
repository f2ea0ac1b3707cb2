//! Respondent-level scoring, in one pass over the stored answer codes: sub-pillar score = weighted
//! mean of the answered items (item weights); pillar score = weighted mean of the sub-pillar scores
//! (sub-pillar weights) or of the items (item weights), counted only when the respondent answered
//! at least `min_coverage` of the pillar's items that apply to them (an item not asked of them,
//! by the survey's conditions, is no answer expected). Also the robustness variants (arithmetic or
//! geometric means at each step; sub-pillar or item weighting) and the α sums of complete cases.

use super::accumulator::Accumulator;
use super::layout::CodeKind;
use super::options::PillarWeighting;
use super::reliability::AlphaSums;
use super::tally::{ItemTally, ScaleTally};

/// The robustness variants, in output order: (geometric?, item-weighted?).
pub(crate) const VARIANTS: [(bool, bool); 4] = [(false, false), (false, true), (true, false), (true, true)];

/// Everything counted in the pass.
pub(crate) struct Pass {
    pub items: Vec<ItemTally>,
    pub subs: Vec<ScaleTally>,
    pub pillars: Vec<ScaleTally>,
    /// α sums of complete cases, per sub-pillar (or pillar) and per group: the published groups'
    /// sums are merged, so a suppressed group's answers never reach a reliability figure.
    pub sub_alpha: Vec<Option<Vec<AlphaSums>>>,
    pub pillar_alpha: Vec<Option<Vec<AlphaSums>>>,
    /// Per pillar, per variant, per group: (sum, count) of respondent scores.
    pub variants: Vec<[Vec<(f64, u64)>; 4]>,
}

#[derive(Default, Clone, Copy)]
struct Sums {
    w: f64,
    wx: f64,
    wlog: f64,
    answered: u64,
    /// Item answers expected (items that apply), don't know, not applicable, missing, not asked.
    slots: [u64; 5],
}

impl Sums {
    fn add(&mut self, kind: CodeKind, ln: f64, weight: f64) {
        if kind == CodeKind::NotAsked {
            self.slots[4] += 1;
            return;
        }
        self.slots[0] += 1;
        match kind {
            CodeKind::Scale(v) => {
                self.w += weight;
                self.wx += weight * v;
                self.wlog += weight * ln;
                self.answered += 1;
            }
            CodeKind::DontKnow => self.slots[1] += 1,
            CodeKind::NotApplicable => self.slots[2] += 1,
            CodeKind::NoAnswer => self.slots[3] += 1,
            CodeKind::NotAsked => {}
        }
    }
    fn arith(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.wx / self.w)
    }
    fn geo(&self) -> Option<f64> {
        self.ln_geo().map(f64::exp)
    }
    /// ln of the weighted geometric mean.
    fn ln_geo(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.wlog / self.w)
    }
    fn merge(&mut self, o: &Sums) {
        self.w += o.w;
        self.wx += o.wx;
        self.wlog += o.wlog;
        self.answered += o.answered;
        for (a, b) in self.slots.iter_mut().zip(o.slots) {
            *a += b;
        }
    }
}

/// Runs the pass. `cells_of(r)` gives respondent `r`'s cells: its group, and its group × value.
/// The pass over every respondent; on large campaigns the two halves run on two threads and
/// their tallies are merged (all of them are sums and histograms).
pub(crate) fn run(acc: &Accumulator, ncells: usize, by_width: usize) -> Pass {
    let rows = acc.group_of.len();
    if rows < PARALLEL_FROM {
        return run_rows(acc, ncells, by_width, 0..rows);
    }
    let mid = rows / 2;
    let (mut first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| run_rows(acc, ncells, by_width, mid..rows));
        let first = run_rows(acc, ncells, by_width, 0..mid);
        (first, other.join())
    });
    match second {
        Ok(second) => {
            first.merge(&second);
            first
        }
        // A thread that panicked: do the second half here.
        Err(_) => {
            let second = run_rows(acc, ncells, by_width, mid..rows);
            first.merge(&second);
            first
        }
    }
}

/// Cronbach's α of the published groups' complete cases; none when they are fewer than
/// `min_cell` (a figure from fewer people than a published cell could single someone out).
pub(crate) fn published_alpha(
    per_group: &[AlphaSums],
    published: &[bool],
    min_cell: u64,
) -> Option<super::reliability::Reliability> {
    let mut merged: Option<AlphaSums> = None;
    for (a, _) in per_group.iter().zip(published).filter(|(_, p)| **p) {
        match merged.as_mut() {
            Some(m) => m.merge(a),
            None => merged = Some(a.clone()),
        }
    }
    merged.filter(|m| m.n() >= min_cell).and_then(|m| m.reliability())
}

/// Respondents from which the pass is split over two threads.
const PARALLEL_FROM: usize = 50_000;

impl Pass {
    fn merge(&mut self, o: &Pass) {
        for (a, b) in self.items.iter_mut().zip(&o.items) {
            a.merge(b);
        }
        for (a, b) in self.subs.iter_mut().zip(&o.subs).chain(self.pillars.iter_mut().zip(&o.pillars)) {
            a.merge(b);
        }
        for (a, b) in
            self.sub_alpha.iter_mut().zip(&o.sub_alpha).chain(self.pillar_alpha.iter_mut().zip(&o.pillar_alpha))
        {
            if let (Some(a), Some(b)) = (a.as_mut(), b.as_ref()) {
                for (x, y) in a.iter_mut().zip(b) {
                    x.merge(y);
                }
            }
        }
        for (a, b) in self.variants.iter_mut().zip(&o.variants) {
            for (va, vb) in a.iter_mut().zip(b) {
                for (x, y) in va.iter_mut().zip(vb) {
                    x.0 += y.0;
                    x.1 += y.1;
                }
            }
        }
    }
}

fn run_rows(acc: &Accumulator, ncells: usize, by_width: usize, range: std::ops::Range<usize>) -> Pass {
    let lay = &acc.layout;
    let n_items = lay.items.len();
    let n_groups = acc.groups.len();
    let mut pass = Pass {
        items: lay.items.iter().map(|i| ItemTally::new(ncells, i.codes.len())).collect(),
        subs: lay.subs.iter().map(|_| ScaleTally::new(ncells)).collect(),
        pillars: lay.pillars.iter().map(|_| ScaleTally::new(ncells)).collect(),
        sub_alpha: lay
            .subs
            .iter()
            .map(|s| (s.items.len() >= 3).then(|| vec![AlphaSums::new(s.items.len(), 3.0); n_groups]))
            .collect(),
        pillar_alpha: lay
            .pillars
            .iter()
            .map(|p| (p.items.len() >= 3).then(|| vec![AlphaSums::new(p.items.len(), 3.0); n_groups]))
            .collect(),
        variants: lay.pillars.iter().map(|_| std::array::from_fn(|_| vec![(0.0, 0); n_groups])).collect(),
    };
    let item_weighted = acc.options.pillar_weighting == PillarWeighting::Items;
    let mut sub_sums: Vec<Sums> = vec![Sums::default(); lay.subs.len()];
    let mut row_vals: Vec<f64> = Vec::new();
    let mut cells = [0usize; 2];
    let mut row = vec![0u8; n_items];
    for r in range.start..range.end.min(acc.codes.len()) {
        acc.codes.row_into(r, &mut row);
        let row = row.as_slice();
        let g = usize::from(acc.group_of[r]);
        cells[0] = g;
        let cells: &[usize] = if by_width > 0 {
            cells[1] = n_groups + g * by_width + usize::from(acc.by_of[r]);
            &cells
        } else {
            &cells[..1]
        };
        for (i, &code) in row.iter().enumerate() {
            pass.items[i].add(code, cells);
        }
        for (si, sub) in lay.subs.iter().enumerate() {
            let mut s = Sums::default();
            for &i in &sub.items {
                let it = &lay.items[i];
                let c = usize::from(row[i]);
                s.add(
                    it.codes.get(c).copied().unwrap_or(CodeKind::NoAnswer),
                    it.logs.get(c).copied().unwrap_or(0.0),
                    it.weight,
                );
            }
            sub_sums[si] = s;
            let t = &mut pass.subs[si];
            t.add_slots(cells, s.slots, false);
            if let Some(v) = s.arith() {
                t.add_value(v, cells);
            }
            if let Some(a) = pass.sub_alpha[si].as_mut().and_then(|a| a.get_mut(g))
                && complete_row(lay, &sub.items, row, &mut row_vals)
            {
                a.add(&row_vals);
            }
        }
        for (pi, p) in lay.pillars.iter().enumerate() {
            // Items partition into sub-pillars: the pillar's item sums are the sum of theirs.
            let mut items = Sums::default();
            for &si in &p.subs {
                items.merge(&sub_sums[si]);
            }
            // The pillar's items that apply to this respondent.
            let k = items.slots[0] as f64;
            let covered = items.answered > 0 && items.answered as f64 >= acc.min_coverage * k;
            let t = &mut pass.pillars[pi];
            t.add_slots(cells, items.slots, items.answered > 0 && !covered);
            if let Some(a) = pass.pillar_alpha[pi].as_mut().and_then(|a| a.get_mut(g))
                && complete_row(lay, &p.items, row, &mut row_vals)
            {
                a.add(&row_vals);
            }
            if !covered {
                continue;
            }
            let mut variant = [0.0; 4];
            for (vi, &(geo, by_item)) in VARIANTS.iter().enumerate() {
                variant[vi] = if by_item {
                    if geo { items.geo() } else { items.arith() }.unwrap_or(f64::NAN)
                } else {
                    over_subs(lay, &p.subs, &sub_sums, geo)
                };
            }
            let main = if item_weighted { variant[1] } else { variant[0] };
            if !main.is_nan() {
                t.add_value(main, cells);
            }
            for (vi, v) in variant.iter().enumerate() {
                if !v.is_nan() {
                    let slot = &mut pass.variants[pi][vi][g];
                    slot.0 += v;
                    slot.1 += 1;
                }
            }
        }
    }
    pass
}

/// Weighted mean (arithmetic or geometric) of the sub-pillar scores that exist.
fn over_subs(lay: &super::layout::Layout, subs: &[usize], sums: &[Sums], geo: bool) -> f64 {
    let (mut w, mut acc) = (0.0, 0.0);
    for &s in subs {
        let score = if geo { sums[s].ln_geo() } else { sums[s].arith() };
        if let Some(x) = score {
            let sw = lay.subs[s].weight;
            w += sw;
            acc += sw * x;
        }
    }
    if w == 0.0 {
        f64::NAN
    } else if geo {
        (acc / w).exp()
    } else {
        acc / w
    }
}

/// Fills `out` with the items' scale values if every one is substantive.
fn complete_row(lay: &super::layout::Layout, items: &[usize], row: &[u8], out: &mut Vec<f64>) -> bool {
    out.clear();
    for &i in items {
        match lay.items[i].codes.get(usize::from(row[i])) {
            Some(CodeKind::Scale(v)) => out.push(*v),
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pass split in two and merged equals the pass in one piece.
    #[test]
    fn split_pass_equals_whole_pass() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let survey = crate::survey::load_file(std::path::Path::new(&format!("{dir}/surveys/bench/bench-40.json")))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut acc =
            Accumulator::new(&survey, crate::analysis::AnalysisOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let csv = std::fs::File::open(format!("{dir}/tests/fixtures/analysis/bench-10k.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
        crate::analysis::read_csv(&mut acc, csv, None).unwrap_or_else(|e| panic!("{e}"));
        let n = acc.group_of.len();
        let ncells = acc.groups.len();
        let whole = run_rows(&acc, ncells, 0, 0..n);
        let mut split = run_rows(&acc, ncells, 0, 0..n / 3);
        split.merge(&run_rows(&acc, ncells, 0, n / 3..n));
        for (a, b) in whole.items.iter().zip(&split.items) {
            assert_eq!(a.counts, b.counts);
        }
        for (a, b) in whole.subs.iter().zip(&split.subs).chain(whole.pillars.iter().zip(&split.pillars)) {
            assert_eq!(a.sorted(), b.sorted());
            assert_eq!(
                (&a.respondents, &a.base, &a.missing, &a.below_coverage),
                (&b.respondents, &b.base, &b.missing, &b.below_coverage)
            );
        }
        let all = vec![true; acc.groups.len()];
        for (a, b) in whole.pillar_alpha.iter().zip(&split.pillar_alpha) {
            let merged = |x: &Option<Vec<AlphaSums>>| x.as_ref().and_then(|x| published_alpha(x, &all, 0));
            let (a, b) = (merged(a), merged(b));
            assert_eq!(a.is_some(), b.is_some());
            if let (Some(a), Some(b)) = (a, b) {
                assert!((a.alpha - b.alpha).abs() < 1e-12, "{} vs {}", a.alpha, b.alpha);
            }
        }
        for (a, b) in whole.variants.iter().zip(&split.variants) {
            for (va, vb) in a.iter().zip(b) {
                for (x, y) in va.iter().zip(vb) {
                    assert_eq!(x.1, y.1);
                    assert!((x.0 - y.0).abs() < 1e-9 * x.0.abs().max(1.0));
                }
            }
        }
    }
}
