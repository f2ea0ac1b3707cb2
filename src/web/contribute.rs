//! The contribution form: `GET`/`POST /p/{slug}/contribute` (the campaign's public link) and
//! `/r/{token}/contribute` (a personal link; nothing ties the contribution to the participant).
//! Works without JavaScript, in the campaign's languages. The request is checked here (CSRF, the
//! public link's honeypot and rate limit); what is stored is `service::contributions`'. A refused
//! submission comes back with every problem on its field and what was typed; the same form sent
//! twice stores one contribution (the form carries a random nonce).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::csrf;
use super::form_body::Form;
use super::form_page::language_name;
use super::pages::{self, t};
use super::state::AppState;
use crate::contribution::MAX_BODY_CHARS;
use crate::contribution::submit::{Problems, Typed};
use crate::error::AppError;
use crate::service::DomainError;
use crate::service::contributions::{self, Opened, Via};

/// One field of the form, as shown.
struct Field {
    id: &'static str,
    kind: &'static str,
    label: String,
    hint: String,
    value: String,
    error: Option<String>,
    required: bool,
    max: usize,
    autocomplete: &'static str,
}

#[derive(Template)]
#[template(path = "contribute.html")]
struct Page<'a> {
    lang: &'a str,
    campaign: &'a str,
    title: &'a str,
    intro: Vec<&'a str>,
    langs: Vec<(String, String)>,
    action: String,
    public_page: String,
    csrf: String,
    nonce: String,
    errors: Vec<(&'static str, String)>,
    fields: Vec<Field>,
    topics: Vec<(String, String)>,
    max_body: usize,
    t_language: &'a str,
    t_see_all: &'a str,
    t_fix: &'a str,
    t_required: &'a str,
    t_choose: &'a str,
    t_send: &'a str,
}

#[derive(serde::Deserialize, Default)]
pub struct Query {
    lang: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct Posted {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    nonce: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    notify: String,
}

fn via_path(via: &Via) -> String {
    match via {
        Via::Public(slug) => format!("/p/{slug}/contribute"),
        Via::Link(token) => format!("/r/{token}/contribute"),
    }
}

#[expect(clippy::too_many_arguments, reason = "the page's parts")]
fn page(
    form: &contributions::Form,
    via: &Via,
    lang: &str,
    csrf: String,
    nonce: String,
    typed: &Typed,
    problems: &Problems,
    status: StatusCode,
) -> HttpResponse {
    let err = |f: &str| problems.get(f).map(|id| t(lang, id).to_string());
    let fields = vec![
        Field {
            id: "topic",
            kind: "select",
            label: t(lang, "contributions-console-topic").into(),
            hint: t(lang, "contribute-what-topic-is-your-proposal-about").into(),
            value: typed.topic.clone(),
            error: err("topic"),
            required: true,
            max: 0,
            autocomplete: "off",
        },
        Field {
            id: "body",
            kind: "textarea",
            label: t(lang, "contribute-your-proposal").into(),
            hint: t(lang, "contribute-up-to-5000-characters-it-will").into(),
            value: typed.body.clone(),
            error: err("body"),
            required: true,
            max: MAX_BODY_CHARS,
            autocomplete: "off",
        },
        Field {
            id: "name",
            kind: "text",
            label: t(lang, "contribute-your-name-optional-published").into(),
            hint: t(lang, "contribute-if-you-write-it-it-appears").into(),
            value: typed.name.clone(),
            error: err("name"),
            required: false,
            max: crate::contribution::MAX_NAME_CHARS,
            autocomplete: "name",
        },
        Field {
            id: "organisation",
            kind: "text",
            label: t(lang, "contribute-your-organisation-optional-published").into(),
            hint: t(lang, "contribute-if-you-write-it-it-appears-2").into(),
            value: typed.organisation.clone(),
            error: err("organisation"),
            required: false,
            max: crate::contribution::MAX_NAME_CHARS,
            autocomplete: "organization",
        },
        Field {
            id: "email",
            kind: "email",
            label: t(lang, "contribute-your-email-address-optional-never-published").into(),
            hint: t(lang, "contribute-only-to-send-you-one-message").into(),
            value: typed.email.clone(),
            error: err("email"),
            required: false,
            max: 254,
            autocomplete: "email",
        },
        Field {
            id: "notify",
            kind: "checkbox",
            label: t(lang, "contribute-i-agree-that-my-email-address").into(),
            hint: t(lang, "contribute-without-this-box-ticked-we-do").into(),
            value: if typed.notify { "yes".into() } else { String::new() },
            error: err("notify"),
            required: false,
            max: 0,
            autocomplete: "off",
        },
    ];
    // The summary names each field by its label (the consent box by its problem alone).
    let errors = fields
        .iter()
        .filter_map(|f| {
            let e = f.error.clone()?;
            Some((f.id, if f.kind == "checkbox" { e } else { format!("{}: {e}", f.label) }))
        })
        .collect();
    pages::render(
        status,
        &Page {
            lang,
            campaign: &form.name,
            title: t(lang, "contribute-send-your-proposal"),
            intro: vec![t(lang, "contribute-every-proposal-gets-a-public-answer")],
            langs: form.languages.iter().map(|l| (l.clone(), language_name(l))).collect(),
            action: via_path(via),
            public_page: format!("/p/{}/contributions?lang={lang}", form.slug),
            csrf,
            nonce,
            errors,
            fields,
            topics: form.topics.iter().map(|tp| (tp.code.clone(), tp.label(lang).to_string())).collect(),
            max_body: MAX_BODY_CHARS,
            t_language: t(lang, "form-review-language"),
            t_see_all: t(lang, "contribute-see-the-published-proposals-and-their"),
            t_fix: t(lang, "contribute-check-the-following-what-you-wrote"),
            t_required: t(lang, "contribute-required"),
            t_choose: t(lang, "contribute-choose-a-topic"),
            t_send: t(lang, "contribute-send-proposal"),
        },
    )
}

fn no_store(mut resp: HttpResponse) -> HttpResponse {
    resp.headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-store"));
    resp
}

async fn opened(state: &web::Data<AppState>, via: &Via) -> Result<Opened, AppError> {
    let (st, v) = (state.clone(), via.clone());
    Ok(web::block(move || -> Result<Opened, DomainError> {
        let mut conn = st.pool.get()?;
        contributions::open(&mut conn, &v, st.clock.now())
    })
    .await??)
}

fn closed(name: &str, lang: &str) -> HttpResponse {
    pages::notice(
        StatusCode::GONE,
        lang,
        t(lang, "form-page-the-consultation-is-closed"),
        vec![name.to_string(), t(lang, "contribute-it-no-longer-takes-proposals").to_string()],
    )
}

async fn show(state: web::Data<AppState>, req: HttpRequest, via: Via, q: Query) -> Result<HttpResponse, AppError> {
    let form = match opened(&state, &via).await? {
        Opened::Nowhere => return Ok(pages::not_found("es")),
        Opened::Closed { name, lang } => return Ok(closed(&name, &lang)),
        Opened::Open(f) => f,
    };
    let lang = form.pick_lang(q.lang.as_deref());
    let (cookie_value, new_cookie) = csrf::cookie_value(&req, state.settings.https());
    let field = csrf::field_for(&state.key, &cookie_value);
    let mut resp = page(
        &form,
        &via,
        &lang,
        field,
        crate::token::random_token(),
        &Typed::default(),
        &Problems::new(),
        StatusCode::OK,
    );
    if let Some(c) = new_cookie {
        let _ = resp.add_cookie(&c);
    }
    Ok(no_store(resp))
}

fn thanks(lang: &str, slug: &str, id: i64) -> HttpResponse {
    let mut resp = pages::notice(
        StatusCode::OK,
        lang,
        t(lang, "contribute-thank-you-we-received-your-proposal"),
        [
            // (A robot caught by the honeypot is told no number.)
            (id > 0).then(|| t(lang, "contribute-your-proposal-is-number-id").replace("{id}", &id.to_string())),
            Some(t(lang, "contribute-it-will-be-published-once-screened").replace("{slug}", slug)),
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    resp.headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-store"));
    resp
}

async fn save(state: web::Data<AppState>, req: HttpRequest, via: Via, p: Posted) -> Result<HttpResponse, AppError> {
    if !csrf::verify(&state.key, &req, Some(&p.csrf)) {
        return Ok(pages::notice(
            StatusCode::FORBIDDEN,
            "es",
            "Sesión vencida · Session expired",
            vec![
                "Vuelva a abrir la página y envíe su propuesta de nuevo: no se guardó.".into(),
                "Open the page again and send your proposal again: it was not stored.".into(),
            ],
        ));
    }
    let form = match opened(&state, &via).await? {
        Opened::Nowhere => return Ok(pages::not_found("es")),
        Opened::Closed { name, lang } => return Ok(closed(&name, &lang)),
        Opened::Open(f) => f,
    };
    let lang = form.pick_lang(Some(&p.lang));
    let now = state.clock.now();
    if matches!(via, Via::Public(_)) {
        if !p.website.is_empty() {
            // The honeypot was filled in: a robot. Look done, store nothing.
            return Ok(thanks(&lang, &form.slug, 0));
        }
        if let Some(addr) = super::client::addr_of(&req)
            && !state.public_limit.allow(addr, now)
        {
            return Ok(pages::notice(
                StatusCode::TOO_MANY_REQUESTS,
                &lang,
                t(&lang, "form-save-too-many-submissions"),
                vec![t(&lang, "form-save-wait-a-minute-and-try-again").to_string()],
            ));
        }
    }
    let typed = Typed {
        topic: p.topic,
        body: p.body,
        name: p.name,
        organisation: p.organisation,
        email: p.email,
        notify: p.notify == "yes",
    };
    let (st, f, ty, l, nonce) = (state.clone(), form.clone(), typed.clone(), lang.clone(), p.nonce.clone());
    let stored = web::block(move || {
        let mut conn = st.pool.get()?;
        contributions::submit(&mut conn, &st.key, &f, &nonce, &ty, &l, now)
    })
    .await?;
    match stored {
        Ok(Ok(s)) => Ok(thanks(&lang, &form.slug, s.id)),
        Ok(Err(problems)) => {
            Ok(no_store(page(&form, &via, &lang, p.csrf, p.nonce, &typed, &problems, StatusCode::UNPROCESSABLE_ENTITY)))
        }
        Err(DomainError::Invalid { .. }) => Ok(no_store(page(
            &form,
            &via,
            &lang,
            p.csrf,
            crate::token::random_token(),
            &typed,
            &Problems::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ))),
        Err(e) => Err(e.into()),
    }
}

pub async fn show_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    if crate::campaign::check_slug(&slug).is_err() {
        return Ok(pages::not_found("es"));
    }
    show(state, req, Via::Public(slug), q.into_inner()).await
}

pub async fn save_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<Posted>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    if crate::campaign::check_slug(&slug).is_err() {
        return Ok(pages::not_found("es"));
    }
    save(state, req, Via::Public(slug), form.into_inner()).await
}

pub async fn show_personal(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    show(state, req, Via::Link(path.into_inner()), q.into_inner()).await
}

pub async fn save_personal(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<Posted>,
) -> Result<HttpResponse, AppError> {
    save(state, req, Via::Link(path.into_inner()), form.into_inner()).await
}
