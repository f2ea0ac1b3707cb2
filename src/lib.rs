//! `dra`: a Digital Readiness Assessment survey engine. Survey definitions (JSON Schema with an
//! `x-dra` vocabulary), campaigns, respondent forms, analysis and reports, over SQLite or
//! PostgreSQL. The pure core (`survey`) imports neither diesel nor actix.

pub mod analysis;
pub mod app;
pub mod campaign;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod csv_lines;
pub mod db;
pub mod error;
pub mod i18n;
pub mod index;
pub mod mail;
pub mod publish;
pub mod redact;
pub mod report;
pub mod role;
pub mod service;
pub mod survey;
pub mod token;
pub mod web;

/// Every program built on `dra` (the server, the CLI, its tests and benchmarks) allocates with
/// mimalloc: a request allocates and frees many small strings and maps, which glibc's allocator
/// spent a third of the questionnaire's request time on. It is built not to ask the kernel for
/// transparent huge pages (`no_thp`): with them, every heap page a thread touched again after
/// mimalloc returned it was a 2 MiB page to zero, a fifth of the server's time under load and its
/// slowest requests. On a host whose THP setting is `always` (not `madvise`) the kernel gives them
/// anyway; there `MIMALLOC_ALLOW_THP=0` in the environment turns them off for the process.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub mod contribution;
