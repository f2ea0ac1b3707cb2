//! Line numbers of CSV records as an editor shows the file, while the file is read as a stream.
//! The CSV reader's own line count skips blank lines and counts a record's quoted line breaks
//! differently from an editor; a record's byte offset does not. `Lines` wraps the input and keeps
//! the offsets of the line ends not yet passed (a reader's buffer's worth), so memory stays flat
//! whatever the size of the file.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

/// The input, counting its line ends as they are read.
pub struct Counted<R> {
    inner: R,
    offset: u64,
    ends: Rc<RefCell<Ends>>,
}

#[derive(Default)]
struct Ends {
    /// Offsets of `\n` and `\r` bytes after `passed_at`, with the byte.
    pending: VecDeque<(u64, u8)>,
    /// Line feeds before `passed_at`.
    passed_lines: u64,
    passed_at: u64,
}

/// Asks for the line of a record's byte offset; offsets must come in increasing order.
#[derive(Clone)]
pub struct Lines {
    ends: Rc<RefCell<Ends>>,
}

/// Wraps `input`: read the CSV from the first, ask lines of the second.
pub fn counted<R: Read>(input: R) -> (Counted<R>, Lines) {
    let ends = Rc::new(RefCell::new(Ends::default()));
    (Counted { inner: input, offset: 0, ends: ends.clone() }, Lines { ends })
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut ends = self.ends.borrow_mut();
        for (i, b) in buf.iter().take(n).enumerate() {
            if matches!(b, b'\n' | b'\r') {
                ends.pending.push_back((self.offset + i as u64, *b));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl Lines {
    /// The 1-based line of the first character of a record starting at byte `at` (blank lines
    /// the offset falls on are stepped over: the record starts after them).
    pub fn line_of(&self, at: u64) -> u64 {
        let mut ends = self.ends.borrow_mut();
        let mut at = at.max(ends.passed_at);
        while let Some(&(offset, byte)) = ends.pending.front() {
            if offset < at {
                ends.pending.pop_front();
                ends.passed_lines += u64::from(byte == b'\n');
            } else if offset == at {
                // A line end where the record "starts": a blank line before it.
                ends.pending.pop_front();
                ends.passed_lines += u64::from(byte == b'\n');
                at += 1;
            } else {
                break;
            }
        }
        ends.passed_at = at;
        ends.passed_lines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(data: &[u8]) -> Vec<(String, u64)> {
        let (input, lines) = counted(data);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let mut out = Vec::new();
        for r in reader.records() {
            let Ok(r) = r else { continue };
            let at = r.position().map_or(0, csv::Position::byte);
            out.push((r.get(0).unwrap_or_default().to_string(), lines.line_of(at)));
        }
        out
    }

    #[test]
    fn records_get_the_line_an_editor_shows() {
        let got = lines_of(b"h1,h2\na,1\n\n\nb,2\r\nc,\"two\nlines\"\r\n\r\nd,4\n");
        let want: Vec<(String, u64)> =
            [("a", 2), ("b", 5), ("c", 6), ("d", 9)].iter().map(|(s, l)| (s.to_string(), *l)).collect();
        assert_eq!(got, want);
        // Many lines through a small buffer: the count holds across reads.
        let mut big = b"h\n".to_vec();
        for i in 0..20_000 {
            big.extend_from_slice(format!("r{i}\n").as_bytes());
        }
        let got = lines_of(&big);
        assert_eq!(got.last().map(|x| x.1), Some(20_001));
    }
}
