//! The one-click opt-out `/o/{token}`: a page asking to confirm, and the opt-out itself (also the
//! target of RFC 8058 one-click unsubscribe from mail clients). What a token leads to is
//! `service::respondent`'s.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::service::{DomainError, respondent};

#[derive(Template)]
#[template(path = "optout.html")]
struct OptOutPage<'a> {
    lang: &'a str,
    title: &'a str,
    token: &'a str,
    question: &'a str,
    button: &'a str,
    done: bool,
    done_text: &'a str,
}

fn optout_page(lang: &str, token: &str, done: bool) -> HttpResponse {
    pages::render(
        StatusCode::OK,
        &OptOutPage {
            lang,
            title: t(lang, "respond-stop-receiving-messages"),
            token,
            question: t(lang, "respond-do-you-want-to-stop-receiving"),
            button: t(lang, "respond-yes-send-me-no-more-messages"),
            done,
            done_text: t(lang, "respond-done-we-will-send-you-no"),
        },
    )
}

#[get("/o/{token}")]
pub async fn optout_form(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let r = raw.clone();
    let found = web::block(move || -> Result<Option<String>, DomainError> {
        let mut conn = state.pool.get()?;
        respondent::optout_language(&mut conn, &state.key, &r)
    })
    .await??;
    Ok(match found {
        Some(lang) => optout_page(&lang, &raw, false),
        None => pages::not_found("es"),
    })
}

/// Records the opt-out (also the target of RFC 8058 one-click unsubscribe from mail clients).
#[post("/o/{token}")]
pub async fn optout(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let r = raw.clone();
    let found = web::block(move || -> Result<Option<String>, DomainError> {
        let mut conn = state.pool.get()?;
        respondent::opt_out(&mut conn, &state.key, &r, state.clock.now())
    })
    .await??;
    Ok(match found {
        Some(lang) => optout_page(&lang, &raw, true),
        None => pages::not_found("es"),
    })
}
