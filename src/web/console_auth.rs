//! Signing in and out of the console: argon2id passwords, sessions in an HttpOnly SameSite=Strict
//! cookie, a limit on attempts per address, the first-login password change. Every step is
//! audit-logged.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{SESSION, ip_of, lang_of, see_other, signed_in};
use super::csrf;
use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::service::DomainError;
use crate::service::accounts::{self, SignedIn};

fn csrf_pair(state: &AppState, req: &HttpRequest) -> (String, Option<Cookie<'static>>) {
    let (value, cookie) = csrf::cookie_value(req, state.settings.https());
    (csrf::field_for(&state.key, &value), cookie)
}

fn with_cookie(mut resp: HttpResponse, cookie: Option<Cookie<'static>>) -> HttpResponse {
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    resp
}

#[derive(Template)]
#[template(path = "console_login.html")]
struct LoginPage<'a> {
    lang: &'a str,
    title: &'a str,
    error: Option<&'a str>,
    /// What the previous step did (a password changed).
    notice: Option<&'a str>,
    csrf: String,
    username: String,
    user_label: &'a str,
    password_label: &'a str,
    button: &'a str,
}

fn login_page(
    state: &AppState,
    req: &HttpRequest,
    error: Option<&str>,
    username: &str,
    status: StatusCode,
) -> HttpResponse {
    let lang = lang_of(req);
    let (field, cookie) = csrf_pair(state, req);
    let page = LoginPage {
        lang,
        title: t(lang, "console-auth-sign-in-to-the-console"),
        error,
        notice: (error.is_none() && changed(req))
            .then(|| t(lang, "console-auth-your-password-changed-and-your-sessions")),
        csrf: field,
        username: username.to_string(),
        user_label: t(lang, "console-auth-user-name"),
        password_label: t(lang, "console-auth-password"),
        button: t(lang, "console-auth-sign-in"),
    };
    with_cookie(pages::render(status, &page), cookie)
}

/// `?changed=1`: the sign-in page follows a password change.
fn changed(req: &HttpRequest) -> bool {
    req.query_string().split('&').any(|p| p == "changed=1")
}

#[get("/console/login")]
pub async fn login_form(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    login_page(&state, &req, None, "", StatusCode::OK)
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    csrf: String,
    username: String,
    password: String,
}

#[post("/console/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: super::form_body::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(&req);
    let form = form.into_inner();
    if !csrf::verify(&state.key, &req, Some(&form.csrf)) {
        return Ok(login_page(
            &state,
            &req,
            Some(t(lang, "console-auth-the-session-expired-try-again")),
            &form.username,
            StatusCode::FORBIDDEN,
        ));
    }
    let now = state.clock.now();
    // A name no account can have is refused before anything is looked up or stored.
    let name = form.username.trim().to_string();
    let shown = if name.chars().count() > accounts::MAX_NAME_CHARS { String::new() } else { name.clone() };
    let addr = super::client::addr_of(&req);
    let device = device_of(&state, &req);
    let account = (name.to_lowercase(), device.clone().unwrap_or_else(|| format!("address {addr:?}")));
    // A device that signed in before is not held back by what others try from its address.
    if (device.is_none() && state.login_limit.exhausted(&addr, now)) || state.account_limit.exhausted(&account, now) {
        return Ok(login_page(
            &state,
            &req,
            Some(t(lang, "console-auth-too-many-attempts-wait-a-minute")),
            &shown,
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let st = state.clone();
    let ip = ip_of(&req);
    let outcome = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        accounts::sign_in(&mut conn, &name, &form.password, ip.as_deref(), now)
    })
    .await??;
    let Some(SignedIn { token, must_change_password: must_change }) = outcome else {
        state.login_limit.allow(addr, now);
        state.account_limit.allow(account, now);
        return Ok(login_page(
            &state,
            &req,
            Some(t(lang, "console-auth-wrong-user-name-or-password")),
            &shown,
            StatusCode::UNAUTHORIZED,
        ));
    };
    let cookie = Cookie::build(SESSION, token)
        .path("/")
        .http_only(true)
        .secure(state.settings.https())
        .same_site(SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::hours(accounts::SESSION_HOURS))
        .finish();
    let mut resp = see_other(if must_change { "/console/password" } else { "/console" });
    let _ = resp.add_cookie(&cookie);
    if device.is_none() {
        let _ = resp.add_cookie(&new_device(&state));
    }
    Ok(resp)
}

/// The cookie that marks a browser that signed in before (a random id and its MAC): its
/// sign-in attempts are counted apart from those of everyone else at its address.
const DEVICE: &str = "dra_device";

fn device_of(state: &AppState, req: &HttpRequest) -> Option<String> {
    let value = req.cookie(DEVICE)?.value().to_string();
    let (id, mac) = value.split_once('.')?;
    (crate::token::looks_like_token(id) && state.key.mac("device", id) == mac).then(|| format!("device {id}"))
}

fn new_device(state: &AppState) -> Cookie<'static> {
    let id = crate::token::random_token();
    Cookie::build(DEVICE, format!("{id}.{}", state.key.mac("device", &id)))
        .path("/console")
        .http_only(true)
        .secure(state.settings.https())
        .same_site(SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish()
}

#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

#[post("/console/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: super::form_body::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    let Some((user, token)) = signed_in(&state, &req).await? else { return Ok(see_other("/console/login")) };
    if form.csrf != token {
        let lang = lang_of(&req);
        return Ok(pages::notice(StatusCode::FORBIDDEN, lang, t(lang, "console-not-allowed"), vec![]));
    }
    if let Some(cookie) = req.cookie(SESSION) {
        let st = state.clone();
        let value = cookie.value().to_string();
        let ip = ip_of(&req);
        web::block(move || -> Result<(), DomainError> {
            let mut conn = st.pool.get()?;
            accounts::sign_out(&mut conn, &user, &value, ip.as_deref(), st.clock.now())
        })
        .await??;
    }
    let mut resp = see_other("/console/login");
    let mut gone = Cookie::build(SESSION, "").path("/").finish();
    gone.make_removal();
    let _ = resp.add_cookie(&gone);
    Ok(resp)
}

#[derive(Template)]
#[template(path = "console_password.html")]
struct PasswordPage<'a> {
    lang: &'a str,
    title: &'a str,
    intro: &'a str,
    error: Option<&'a str>,
    csrf: String,
    current_label: &'a str,
    new_label: &'a str,
    repeat_label: &'a str,
    button: &'a str,
}

fn password_page(lang: &str, csrf: String, error: Option<&str>, status: StatusCode) -> HttpResponse {
    pages::render(
        status,
        &PasswordPage {
            lang,
            title: t(lang, "console-auth-choose-your-password"),
            intro: t(lang, "console-auth-at-least-12-characters-other-open"),
            error,
            csrf,
            current_label: t(lang, "console-auth-current-password-or-the-one-time"),
            new_label: t(lang, "console-auth-new-password"),
            repeat_label: t(lang, "console-auth-repeat-it"),
            button: t(lang, "console-auth-save"),
        },
    )
}

#[get("/console/password")]
pub async fn password_form(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let Some((_, csrf)) = signed_in(&state, &req).await? else { return Ok(see_other("/console/login")) };
    Ok(password_page(lang_of(&req), csrf, None, StatusCode::OK))
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    repeat: String,
}

#[post("/console/password")]
pub async fn password(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: super::form_body::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(&req);
    let Some((user, csrf)) = signed_in(&state, &req).await? else { return Ok(see_other("/console/login")) };
    let f = form.into_inner();
    if f.csrf != csrf {
        return Ok(password_page(lang, csrf, Some(t(lang, "console-auth-the-session-expired")), StatusCode::FORBIDDEN));
    }
    if f.new.chars().count() < accounts::MIN_PASSWORD_CHARS || f.new != f.repeat {
        let msg = t(lang, "console-auth-use-at-least-12-characters-the");
        return Ok(password_page(lang, csrf, Some(msg), StatusCode::UNPROCESSABLE_ENTITY));
    }
    // Someone who finds a console left open does not take the account over: the current
    // password is asked (checked like a sign-in, and limited like one).
    let now = state.clock.now();
    let account = (user.username.to_lowercase(), format!("password change {}", user.id));
    if state.account_limit.exhausted(&account, now) {
        let msg = t(lang, "console-auth-too-many-attempts-wait-a-minute");
        return Ok(password_page(lang, csrf, Some(msg), StatusCode::TOO_MANY_REQUESTS));
    }
    let st = state.clone();
    let ip = ip_of(&req);
    let changed = web::block(move || -> Result<bool, DomainError> {
        let mut conn = st.pool.get()?;
        accounts::change_password(&mut conn, &user, &f.current, &f.new, ip.as_deref(), now)
    })
    .await??;
    if !changed {
        state.account_limit.allow(account, now);
        let msg = t(lang, "console-auth-the-current-password-is-not-right");
        return Ok(password_page(lang, csrf, Some(msg), StatusCode::UNPROCESSABLE_ENTITY));
    }
    // Every session of the user ended with the new password: sign in again, told why.
    Ok(see_other("/console/login?changed=1"))
}
