//! Respondent-level scoring, in one pass over the stored answer codes: sub-pillar score = weighted
//! mean of the answered items (item weights); pillar score = weighted mean of the sub-pillar scores
//! (sub-pillar weights) or of the items (item weights), counted only when the respondent answered
//! at least `min_coverage` of the pillar's items. Also the robustness variants (arithmetic or
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
    pub sub_alpha: Vec<Option<AlphaSums>>,
    pub pillar_alpha: Vec<Option<AlphaSums>>,
    /// Per pillar, per variant, per group: (sum, count) of respondent scores.
    pub variants: Vec<[Vec<(f64, u64)>; 4]>,
}

#[derive(Default, Clone, Copy)]
struct Sums {
    w: f64,
    wx: f64,
    wlog: f64,
    answered: u64,
    slots: [u64; 4],
}

impl Sums {
    fn add(&mut self, kind: CodeKind, ln: f64, weight: f64) {
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
pub(crate) fn run(acc: &Accumulator, ncells: usize, by_width: usize) -> Pass {
    let lay = &acc.layout;
    let n_items = lay.items.len();
    let n_groups = acc.groups.len();
    let mut pass = Pass {
        items: lay.items.iter().map(|i| ItemTally::new(ncells, i.codes.len())).collect(),
        subs: lay.subs.iter().map(|_| ScaleTally::new(ncells)).collect(),
        pillars: lay.pillars.iter().map(|_| ScaleTally::new(ncells)).collect(),
        sub_alpha: lay.subs.iter().map(|s| (s.items.len() >= 3).then(|| AlphaSums::new(s.items.len(), 3.0))).collect(),
        pillar_alpha: lay
            .pillars
            .iter()
            .map(|p| (p.items.len() >= 3).then(|| AlphaSums::new(p.items.len(), 3.0)))
            .collect(),
        variants: lay.pillars.iter().map(|_| std::array::from_fn(|_| vec![(0.0, 0); n_groups])).collect(),
    };
    let item_weighted = acc.options.pillar_weighting == PillarWeighting::Items;
    let mut sub_sums: Vec<Sums> = vec![Sums::default(); lay.subs.len()];
    let mut row_vals: Vec<f64> = Vec::new();
    let mut cells = [0usize; 2];
    for (r, row) in acc.codes.chunks_exact(n_items.max(1)).enumerate().take(acc.group_of.len()) {
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
            if let Some(a) = pass.sub_alpha[si].as_mut()
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
            let k = p.items.len() as f64;
            let covered = items.answered > 0 && items.answered as f64 >= acc.min_coverage * k;
            let t = &mut pass.pillars[pi];
            t.add_slots(cells, items.slots, items.answered > 0 && !covered);
            if let Some(a) = pass.pillar_alpha[pi].as_mut()
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
