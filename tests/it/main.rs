//! Black-box tests: the real binary and the real app on port 0, against a temporary SQLite
//! database, or PostgreSQL when `DRA_TEST_DATABASE_URL` is set (each test in its own database).

mod accounts;
mod analyze;
mod api;
mod backup;
mod browser;
mod browser_journey;
mod cli;
mod conditional_browser;
mod conditional_data;
mod conditional_form;
mod console;
mod contributions;
mod contributions_browser;
mod crash;
mod deliverable;
mod disclosure;
mod form;
mod instances;
mod integrity;
mod journey;
mod mail;
mod odk;
#[path = "../pages/mod.rs"]
mod pages;
mod participants;
mod privacy;
mod review;
mod server;
mod settings;
mod smtp;
mod storage;
mod support;
mod survey_check;
mod webdriver;
mod xlsform;
