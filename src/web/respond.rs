//! Opening a personal link (token → invitation, participant, campaign) and the one-click
//! opt-out `/o/{token}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::pages::{self, t};
use crate::app::AppState;
use crate::db::{self, AnyConnection, DbError};
use crate::error::AppError;
use crate::token;

/// What a personal link leads to.
pub struct Opened {
    pub invitation: db::invitations::Invitation,
    pub participant: db::participants::Participant,
    pub campaign: db::campaigns::Campaign,
}

/// Finds the invitation of an opt-out token (`{id}-{mac}`, checked against the invitation's
/// nonce). A questionnaire token is taken too: the mails sent before opt-out tokens had their
/// own key carry it.
pub fn open_optout(conn: &mut AnyConnection, key: &token::TokenKey, raw: &str) -> Result<Option<Opened>, DbError> {
    let Some(id) = token::optout_invitation(raw) else { return open(conn, raw) };
    let Some((invitation, participant)) = db::invitations::by_id(conn, id)? else { return Ok(None) };
    if !key.verify_optout(raw, invitation.id, &invitation.token_nonce) {
        return Ok(None);
    }
    let Some(campaign) = db::campaigns::by_id(conn, participant.campaign_id)? else { return Ok(None) };
    Ok(Some(Opened { invitation, participant, campaign }))
}

/// Finds the invitation of a token (constant work for junk: it is hashed and looked up alike).
pub fn open(conn: &mut AnyConnection, raw: &str) -> Result<Option<Opened>, DbError> {
    if !token::looks_like_token(raw) {
        return Ok(None);
    }
    let Some((invitation, participant)) = db::invitations::by_token_hash(conn, &token::hash(raw))? else {
        return Ok(None);
    };
    let Some(campaign) = db::campaigns::by_id(conn, participant.campaign_id)? else { return Ok(None) };
    Ok(Some(Opened { invitation, participant, campaign }))
}

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
            title: t(lang, "Dejar de recibir mensajes", "Stop receiving messages"),
            token,
            question: t(
                lang,
                "¿Desea dejar de recibir invitaciones y recordatorios de estas consultas?",
                "Do you want to stop receiving invitations and reminders for these consultations?",
            ),
            button: t(lang, "Sí, no enviarme más mensajes", "Yes, send me no more messages"),
            done,
            done_text: t(
                lang,
                "Listo: no le enviaremos más mensajes sobre estas consultas.",
                "Done: we will send you no more messages about these consultations.",
            ),
        },
    )
}

#[get("/o/{token}")]
pub async fn optout_form(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let r = raw.clone();
    let found = web::block(move || -> Result<Option<String>, DbError> {
        let mut conn = state.pool.get()?;
        Ok(open_optout(&mut conn, &state.key, &r)?.map(|o| o.participant.language))
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
    let found = web::block(move || -> Result<Option<String>, DbError> {
        let mut conn = state.pool.get()?;
        let Some(o) = open_optout(&mut conn, &state.key, &r)? else { return Ok(None) };
        let now = state.clock.now();
        db::participants::opt_out(&mut conn, &o.participant.email, "link", now)?;
        db::outbox::cancel_for_participant(&mut conn, o.participant.id)?;
        Ok(Some(o.participant.language))
    })
    .await??;
    Ok(match found {
        Some(lang) => optout_page(&lang, &raw, true),
        None => pages::not_found("es"),
    })
}
