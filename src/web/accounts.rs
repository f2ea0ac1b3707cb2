//! The administrators' page of the console: users (add, change role, disable, enable) and API
//! tokens (listed without their secret, revoked). The rules are `service::accounts`, the same as
//! `dra user …` and `dra token …`; every change is audit-logged under the administrator's name,
//! from the client's address.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, posted_as, signed_in_as};
use super::form_body::Form;
use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::role::Area;
use crate::service::{Actor, DomainError, accounts};

struct UserRow {
    name: String,
    role: String,
    state: String,
    last: String,
    disabled: bool,
}

struct TokenRow {
    id: i64,
    cells: Vec<String>,
    live: bool,
}

#[derive(Template)]
#[template(path = "console_users.html")]
struct UsersPage<'a> {
    lang: &'a str,
    title: &'a str,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    roles: &'a [&'a str],
    users: Vec<UserRow>,
    tokens: Vec<TokenRow>,
    user_headers: Vec<&'a str>,
    token_headers: Vec<&'a str>,
    t_users: &'a str,
    t_tokens: &'a str,
    t_no_tokens: &'a str,
    t_role: &'a str,
    t_change_role: &'a str,
    t_enable: &'a str,
    t_disable: &'a str,
    t_name: &'a str,
    t_add: &'a str,
    t_revoke: &'a str,
}

/// The page, with `messages` from the action just taken.
async fn page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let st = state.clone();
    let now = state.clock.now();
    let (users, tokens) = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        Ok((accounts::users(&mut conn)?, accounts::tokens(&mut conn)?))
    })
    .await??;
    let when = |t: Option<chrono::NaiveDateTime>| t.map_or("—".into(), |t| t.format("%Y-%m-%d %H:%M").to_string());
    let users = users
        .into_iter()
        .map(|u| UserRow {
            state: if u.is_disabled() { t(lang, "accounts-disabled") } else { t(lang, "accounts-active") }.into(),
            last: when(u.last_login_at),
            disabled: u.is_disabled(),
            name: u.username,
            role: u.role,
        })
        .collect();
    let tokens = tokens
        .into_iter()
        .map(|tk| TokenRow {
            id: tk.id,
            live: tk.revoked_at.is_none() && tk.expires_at.is_none_or(|e| e > now),
            cells: vec![
                format!("#{}", tk.id),
                tk.owner,
                tk.name,
                tk.role,
                when(Some(tk.created_at)),
                when(tk.expires_at),
                when(tk.last_used_at),
                when(tk.revoked_at),
            ],
        })
        .collect();
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(pages::render(
        status,
        &UsersPage {
            lang,
            title: t(lang, "console-users-and-tokens"),
            csrf,
            messages,
            failed,
            roles: &crate::role::NAMES,
            users,
            tokens,
            user_headers: vec![
                t(lang, "accounts-user"),
                t(lang, "accounts-role-2"),
                t(lang, "accounts-state"),
                t(lang, "accounts-last-sign-in-utc"),
                t(lang, "participants-text"),
            ],
            token_headers: vec![
                t(lang, "accounts-id"),
                t(lang, "accounts-owner"),
                t(lang, "participants-name"),
                t(lang, "accounts-role-2"),
                t(lang, "accounts-created"),
                t(lang, "accounts-expires"),
                t(lang, "accounts-last-used"),
                t(lang, "accounts-revoked"),
                t(lang, "participants-text"),
            ],
            t_users: t(lang, "accounts-users"),
            t_tokens: t(lang, "accounts-api-tokens"),
            t_no_tokens: t(lang, "accounts-no-token-dra-token-create-makes"),
            t_role: t(lang, "accounts-role"),
            t_change_role: t(lang, "accounts-change-role"),
            t_enable: t(lang, "accounts-enable"),
            t_disable: t(lang, "accounts-disable"),
            t_name: t(lang, "accounts-new-user"),
            t_add: t(lang, "accounts-add-shows-a-one-time-password"),
            t_revoke: t(lang, "accounts-revoke"),
        },
    ))
}

#[get("/console/users")]
pub async fn users_page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Administration).await? {
        Ok((_, csrf)) => page(&state, &req, csrf, Vec::new(), false).await,
        Err(p) => Ok(p),
    }
}

/// An administrator's action: signed in as an administrator, the form's CSRF token checked,
/// `act` run under the administrator's name and address. What it says (or why it was refused:
/// an invalid field, a conflict, nothing of that name) is shown on the page; a fault is an error.
async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    form_csrf: &str,
    act: impl FnOnce(&mut crate::service::store::Conn, &Actor, chrono::NaiveDateTime) -> Result<String, DomainError>
    + Send
    + 'static,
) -> Result<HttpResponse, AppError> {
    let (admin, csrf) = match posted_as(&state, &req, Area::Administration, form_csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let st = state.clone();
    let actor = Actor { name: admin.username, ip: ip_of(&req) };
    let done = web::block(move || -> Result<Result<String, String>, DomainError> {
        let mut conn = st.pool.get()?;
        match act(&mut conn, &actor, st.clock.now()) {
            Ok(m) => Ok(Ok(m)),
            Err(e @ (DomainError::Invalid { .. } | DomainError::Conflict(_) | DomainError::NotFound(_))) => {
                Ok(Err(e.to_string()))
            }
            Err(e) => Err(e),
        }
    })
    .await??;
    match done {
        Ok(m) => page(&state, &req, csrf, vec![m], false).await,
        Err(m) => page(&state, &req, csrf, vec![m], true).await,
    }
}

#[derive(serde::Deserialize)]
pub struct UserAction {
    csrf: String,
    action: String,
    role: Option<String>,
}

/// Disables, enables or changes the role of a user.
#[post("/console/users/{name}")]
pub async fn user_action(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<UserAction>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let name = path.into_inner();
    act(state, req, &f.csrf, move |conn, actor, now| {
        let (user, what) = match f.action.as_str() {
            "disable" => (accounts::set_disabled(conn, &name, true, actor, now)?, "user disabled"),
            "enable" => (accounts::set_disabled(conn, &name, false, actor, now)?, "user enabled"),
            "role" => {
                let role = f.role.as_deref().unwrap_or_default();
                (accounts::set_role(conn, &name, role, actor, now)?, "user role changed")
            }
            other => {
                let shown: String = other.chars().take(32).collect();
                return Err(DomainError::invalid("action", format!("unknown action \"{shown}\"")));
            }
        };
        Ok(format!("{what}: {} ({})", user.username, user.role))
    })
    .await
}

#[derive(serde::Deserialize)]
pub struct NewUser {
    csrf: String,
    name: String,
    role: String,
}

/// Adds a user; the one-time password is shown on the page, this once.
#[post("/console/users")]
pub async fn add_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: Form<NewUser>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    act(state, req, &f.csrf, move |conn, actor, now| {
        let name = f.name.trim();
        let p = accounts::add_user(conn, name, &f.role, actor, now)?;
        Ok(format!("{name} ({}): one-time password {p} — shown only now", f.role))
    })
    .await
}

#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

/// Revokes an API token.
#[post("/console/tokens/{id}/revoke")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<i64>,
    form: Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    act(state, req, &form.into_inner().csrf, move |conn, actor, now| {
        let tk = accounts::revoke_token(conn, id, actor, now)?;
        Ok(format!("#{id} ({}: {}) revoked", tk.owner, tk.name))
    })
    .await
}
