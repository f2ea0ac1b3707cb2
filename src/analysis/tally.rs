//! Counting tables filled in one pass over the respondents: for each item, respondents per answer
//! code and cell; for each sub-pillar and pillar, respondents per distinct score and cell, plus
//! the item answers that were "don't know", not applicable, missing or not asked (by the survey's
//! conditions). A cell is a group, or a
//! group × `by` value.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hasher for f64 bit patterns (the keys are few and not adversarial).
#[derive(Default)]
pub(crate) struct BitsHasher(u64);

impl Hasher for BitsHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type BitsMap = HashMap<u64, u32, BuildHasherDefault<BitsHasher>>;

/// Respondents per distinct value and cell, plus per-cell answer counts.
#[derive(Debug, Clone)]
pub(crate) struct ScaleTally {
    pub cells: usize,
    /// Distinct values in order of first sight.
    pub keys: Vec<f64>,
    index: BitsMap,
    /// `counts[key * cells + cell]`.
    pub counts: Vec<u64>,
    /// Per cell: respondents, item answers expected (items that apply), don't know, not
    /// applicable, missing, not asked, respondents below the coverage rule.
    pub respondents: Vec<u64>,
    pub base: Vec<u64>,
    pub dont_know: Vec<u64>,
    pub not_applicable: Vec<u64>,
    pub missing: Vec<u64>,
    pub not_asked: Vec<u64>,
    pub below_coverage: Vec<u64>,
}

impl ScaleTally {
    pub fn new(cells: usize) -> Self {
        Self {
            cells,
            keys: Vec::new(),
            index: BitsMap::default(),
            counts: Vec::new(),
            respondents: vec![0; cells],
            base: vec![0; cells],
            dont_know: vec![0; cells],
            not_applicable: vec![0; cells],
            missing: vec![0; cells],
            not_asked: vec![0; cells],
            below_coverage: vec![0; cells],
        }
    }

    /// Counts `value` in each of `cells`.
    pub fn add_value(&mut self, value: f64, cells: &[usize]) {
        // -0.0 and 0.0 are one value; scores are never NaN here.
        let bits = if value == 0.0 { 0 } else { value.to_bits() };
        let width = self.cells;
        let k = match self.index.get(&bits) {
            Some(&k) => k as usize,
            None => {
                let k = self.keys.len();
                self.keys.push(value);
                self.counts.resize(self.counts.len() + width, 0);
                self.index.insert(bits, k as u32);
                k
            }
        };
        for &c in cells {
            if let Some(x) = self.counts.get_mut(k * width + c) {
                *x += 1;
            }
        }
    }

    /// Adds another tally of the same cells (the pass split over threads).
    pub fn merge(&mut self, o: &ScaleTally) {
        let width = self.cells;
        for (k, &value) in o.keys.iter().enumerate() {
            let bits = if value == 0.0 { 0 } else { value.to_bits() };
            let mine = match self.index.get(&bits) {
                Some(&m) => m as usize,
                None => {
                    let m = self.keys.len();
                    self.keys.push(value);
                    self.counts.resize(self.counts.len() + width, 0);
                    self.index.insert(bits, m as u32);
                    m
                }
            };
            for c in 0..width {
                if let (Some(x), Some(y)) = (self.counts.get(mine * width + c).copied(), o.counts.get(k * width + c)) {
                    self.counts[mine * width + c] = x + y;
                }
            }
        }
        for (a, b) in [
            (&mut self.respondents, &o.respondents),
            (&mut self.base, &o.base),
            (&mut self.dont_know, &o.dont_know),
            (&mut self.not_applicable, &o.not_applicable),
            (&mut self.missing, &o.missing),
            (&mut self.not_asked, &o.not_asked),
            (&mut self.below_coverage, &o.below_coverage),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }

    /// Counts one respondent's answer slots in each of `cells`.
    pub fn add_slots(&mut self, cells: &[usize], slots: [u64; 5], below_coverage: bool) {
        for &c in cells {
            self.respondents[c] += 1;
            self.base[c] += slots[0];
            self.dont_know[c] += slots[1];
            self.not_applicable[c] += slots[2];
            self.missing[c] += slots[3];
            self.not_asked[c] += slots[4];
            self.below_coverage[c] += u64::from(below_coverage);
        }
    }

    /// Distinct values ascending, and each cell's counts aligned to them.
    pub fn sorted(&self) -> (Vec<f64>, Vec<Vec<u64>>) {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by(|&a, &b| self.keys[a].total_cmp(&self.keys[b]));
        let keys = order.iter().map(|&k| self.keys[k]).collect();
        let per_cell =
            (0..self.cells).map(|c| order.iter().map(|&k| self.counts[k * self.cells + c]).collect()).collect();
        (keys, per_cell)
    }
}

/// Respondents per answer code and cell for one item.
#[derive(Debug, Clone)]
pub(crate) struct ItemTally {
    /// Answer codes (options + 1 for "no answer").
    pub width: usize,
    /// `counts[cell * width + code]`.
    pub counts: Vec<u64>,
}

impl ItemTally {
    pub fn new(cells: usize, width: usize) -> Self {
        Self { width, counts: vec![0; cells * width] }
    }

    pub fn add(&mut self, code: u8, cells: &[usize]) {
        for &c in cells {
            if let Some(x) = self.counts.get_mut(c * self.width + usize::from(code)) {
                *x += 1;
            }
        }
    }

    /// Adds another tally of the same item and cells.
    pub fn merge(&mut self, o: &ItemTally) {
        for (x, y) in self.counts.iter_mut().zip(&o.counts) {
            *x += y;
        }
    }

    /// Counts of one cell by code.
    pub fn cell(&self, c: usize) -> &[u64] {
        self.counts.get(c * self.width..(c + 1) * self.width).unwrap_or(&[])
    }
}
