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

/// Spanish or English fixed text.
pub fn t<'a>(lang: &str, es: &'a str, en: &'a str) -> &'a str {
    if lang == "es" { es } else { en }
}

/// The unknown-link page (also for malformed tokens: nothing tells them apart).
pub fn not_found(lang: &str) -> HttpResponse {
    notice(
        StatusCode::NOT_FOUND,
        lang,
        t(lang, "Enlace no encontrado", "Link not found"),
        vec![
            t(
                lang,
                "Este enlace no corresponde a ninguna consulta. Revise que lo haya copiado completo desde su correo.",
                "This link does not belong to any consultation. Check that you copied all of it from your email.",
            )
            .to_string(),
        ],
    )
}
