//! Small server-rendered pages (askama, auto-escaped) and the language of their fixed texts.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

#[derive(Template)]
#[template(path = "notice.html")]
pub struct Notice<'a> {
    pub lang: &'a str,
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Renders a template with a status; a rendering failure becomes a plain 500.
pub fn render<T: Template>(status: StatusCode, page: &T) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponse::build(status).content_type("text/html; charset=utf-8").body(html),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// A page with a heading and paragraphs.
pub fn notice(status: StatusCode, lang: &str, title: impl Into<String>, paragraphs: Vec<String>) -> HttpResponse {
    render(status, &Notice { lang, title: title.into(), paragraphs })
}

/// A fixed text in `lang`, from the message catalogs (see [`crate::i18n`]).
pub fn t(lang: &str, id: &str) -> &'static str {
    crate::i18n::t(lang, id)
}

/// The unknown-link page (also for malformed tokens: nothing tells them apart).
pub fn not_found(lang: &str) -> HttpResponse {
    notice(
        StatusCode::NOT_FOUND,
        lang,
        t(lang, "pages-link-not-found"),
        vec![t(lang, "pages-this-link-does-not-belong-to").to_string()],
    )
}

/// The Content-Security-Policy of a generated document shown in the browser (a report, a
/// scorecard, a consultation's record): it carries its styles inline so that it stays whole once
/// saved, so its inline styles may apply; nothing else loads and nothing runs. The application's
/// own pages keep the stricter policy of `app::security_headers` (which leaves a header a handler
/// set alone).
pub(crate) const DOCUMENT_CSP: (&str, &str) = (
    "Content-Security-Policy",
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'none'",
);

/// A generated file as a response: an HTML document shown in place under `DOCUMENT_CSP`, any
/// other format downloaded under its file name.
pub(crate) fn document(
    body: impl actix_web::body::MessageBody + 'static,
    media_type: &str,
    file_name: &str,
) -> HttpResponse {
    let html = media_type.starts_with("text/html");
    let disposition = if html { "inline" } else { "attachment" };
    let mut response = HttpResponse::Ok();
    response
        .content_type(media_type)
        .insert_header(("Content-Disposition", format!("{disposition}; filename=\"{file_name}\"")));
    if html {
        response.insert_header(DOCUMENT_CSP);
    }
    response.body(body)
}
