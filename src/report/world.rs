//! A minimal typst `World` held in memory: one main source, a few virtual files (the report data
//! as JSON, the charts as SVG) and the embedded DejaVu fonts. No file system, no packages, no
//! clock (`today` is the report's generation date).

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::charts::font;

/// The in-memory world of one report.
pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

/// The file id of a path at the project root (e.g. `/data.json`).
pub fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("{path}: {e:?}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl ReportWorld {
    /// A world whose main file is `source`, with `files` (path → bytes) readable by it.
    pub fn new(source: &str, files: Vec<(String, Vec<u8>)>, today: Option<Datetime>) -> Result<Self, String> {
        let fonts: Vec<Font> = [font::regular(), font::bold(), font::oblique(), dejavu::sans::bold_oblique()]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        if fonts.is_empty() {
            return Err("the embedded fonts could not be read".into());
        }
        let mut map = HashMap::new();
        for (path, bytes) in files {
            map.insert(file_id(&path)?, Bytes::new(bytes));
        }
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id("/main.typ")?, source.to_string()),
            files: map,
            today,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
