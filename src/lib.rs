//! `dra`: a Digital Readiness Assessment survey engine. Survey definitions (JSON Schema with an
//! `x-dra` vocabulary), campaigns, respondent forms, analysis and reports, over SQLite or
//! PostgreSQL. The pure core (`survey`) imports neither diesel nor actix.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod survey;
pub mod web;
