//! The answer codes every respondent gave, kept for the scoring pass: row after row, two codes to
//! a byte when every item's codes fit in four bits (the usual case: a question rarely has more
//! than 14 options), one byte each otherwise. A million respondents of a 52-item survey take
//! 26 MB packed instead of 52.

/// Respondents' code rows, in the order they were fed.
#[derive(Debug, Clone)]
pub(crate) struct CodeRows {
    width: usize,
    packed: bool,
    /// Bytes per row: `width` unpacked, `ceil(width / 2)` packed.
    stride: usize,
    bytes: Vec<u8>,
}

impl CodeRows {
    /// Rows of `width` codes, each below `codes_per_item` (the most codes any item has).
    pub(crate) fn new(width: usize, codes_per_item: usize) -> Self {
        let packed = codes_per_item <= 16;
        let stride = if packed { width.div_ceil(2) } else { width };
        Self { width, packed, stride, bytes: Vec::new() }
    }

    /// Keeps one row; `codes.len()` is the width and every code is below the items' count of codes
    /// (the accumulator checked both).
    pub(crate) fn push(&mut self, codes: &[u8]) {
        if !self.packed {
            self.bytes.extend_from_slice(codes);
            return;
        }
        let mut pairs = codes.chunks_exact(2);
        for p in &mut pairs {
            self.bytes.push((p[0] & 0x0f) | (p[1] << 4));
        }
        if let [last] = pairs.remainder() {
            self.bytes.push(last & 0x0f);
        }
    }

    /// Number of rows kept.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len().checked_div(self.stride).unwrap_or(0)
    }

    /// Copies row `r` into `out` (`width` codes).
    pub(crate) fn row_into(&self, r: usize, out: &mut [u8]) {
        let Some(row) = self.bytes.get(r * self.stride..(r + 1) * self.stride) else { return };
        if !self.packed {
            out.copy_from_slice(row);
            return;
        }
        for (i, slot) in out.iter_mut().enumerate().take(self.width) {
            let b = row[i / 2];
            *slot = if i % 2 == 0 { b & 0x0f } else { b >> 4 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CodeRows;

    #[test]
    fn rows_come_back_as_they_were_kept_packed_or_not() {
        for (width, most) in [(5, 16), (6, 16), (1, 3), (5, 17), (4, 200)] {
            let mut rows = CodeRows::new(width, most);
            let kept: Vec<Vec<u8>> = (0..50u8)
                .map(|r| (0..width).map(|i| ((usize::from(r) * 7 + i * 3) % most.min(256)) as u8).collect())
                .collect();
            for k in &kept {
                rows.push(k);
            }
            assert_eq!(rows.len(), 50);
            let mut out = vec![0u8; width];
            for (r, k) in kept.iter().enumerate() {
                rows.row_into(r, &mut out);
                assert_eq!(&out, k, "width {width}, codes {most}, row {r}");
            }
        }
        // Packed rows take half the bytes.
        let mut packed = CodeRows::new(52, 8);
        packed.push(&[7; 52]);
        assert_eq!(packed.bytes.len(), 26);
    }
}
