//! HTTP handlers. Today: health. The respondent forms, the console and the JSON API join here.

pub mod health;

use actix_web::web;

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz);
}
