//! Black-box tests: the real binary and the real app on port 0, against a temporary SQLite
//! database, or PostgreSQL when `DRA_TEST_DATABASE_URL` is set (each test in its own database).

mod accounts;
mod analyze;
mod api;
mod backup;
mod browser;
mod browser_journey;
mod cli;
mod compare;
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
mod index_browser;
mod index_cli;
mod index_compare;
mod index_self;
mod index_store;
mod index_web;
mod instances;
mod integrity;
mod journey;
mod languages;
mod mail;
mod odk;
#[path = "../pages/mod.rs"]
mod pages;
mod participants;
mod privacy;
mod publish;
mod publish_index;
mod review;
mod server;
mod settings;
mod smtp;
mod storage;
mod support;
mod survey_check;
mod webdriver;
mod xlsform;
