//! CSRF protection for the respondent forms (double submit, keyed): a random cookie
//! `dra_csrf` (HttpOnly, SameSite=Lax) and a hidden field holding its HMAC under the server
//! key. A POST whose field does not match its cookie is refused.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};

use crate::token::TokenKey;

pub const COOKIE: &str = "dra_csrf";
pub const FIELD: &str = "csrf";

/// The cookie value of this browser, and a new cookie to set when it had none.
pub fn cookie_value(req: &HttpRequest, secure: bool) -> (String, Option<Cookie<'static>>) {
    if let Some(c) = req.cookie(COOKIE).filter(|c| crate::token::looks_like_token(c.value())) {
        return (c.value().to_string(), None);
    }
    let value = crate::token::random_token();
    let cookie =
        Cookie::build(COOKIE, value.clone()).path("/").http_only(true).secure(secure).same_site(SameSite::Lax).finish();
    (value, Some(cookie))
}

/// The hidden field for a cookie value.
pub fn field_for(key: &TokenKey, cookie: &str) -> String {
    key.mac("csrf", cookie)
}

/// Whether a POST carries a field that matches its cookie.
pub fn verify(key: &TokenKey, req: &HttpRequest, field: Option<&str>) -> bool {
    match (req.cookie(COOKIE), field) {
        (Some(c), Some(f)) if !f.is_empty() => {
            let expected = field_for(key, c.value());
            // Constant-time comparison: the lengths are fixed (64 hex characters).
            expected.len() == f.len() && expected.bytes().zip(f.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
        }
        _ => false,
    }
}
