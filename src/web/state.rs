//! What every handler can reach: the store, the settings, the key, the clock, the caches and
//! limits. Built by the composition root (`app::Application`), read by the handlers.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Settings;
use crate::service::store::{Pool, Writer};
use crate::token::TokenKey;

/// What every handler can reach.
pub struct AppState {
    pub pool: Pool,
    pub backend: &'static str,
    pub settings: Settings,
    pub key: TokenKey,
    pub clock: Arc<dyn Clock>,
    pub surveys: crate::service::respondent::SurveyCache,
    /// Submissions per client address and minute on public links.
    pub public_limit: super::limit::RateLimit<std::net::IpAddr>,
    /// Failed sign-ins per client address and minute (trying many accounts).
    pub login_limit: super::limit::RateLimit<Option<std::net::IpAddr>>,
    /// Failed sign-ins per account and minute, counted apart for each device that signed in to
    /// it before and for each address otherwise: guessing from one place does not lock the
    /// account's owner out elsewhere.
    pub account_limit: super::limit::RateLimit<(String, String)>,
    /// The reverse proxies whose forwarding headers are believed.
    pub proxies: super::client::TrustedProxies,
    /// Group commit of the respondents' writes.
    pub writer: Writer,
}
