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
pub mod db;
pub mod demo;
pub mod error;
pub mod mail;
pub mod report;
pub mod survey;
pub mod token;
pub mod web;
