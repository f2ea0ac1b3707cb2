//! The first check every request meets: an address whose path or query, once percent-decoded,
//! is not UTF-8 text or holds a control character (a NUL, a CR/LF that would end up in a
//! `Location` header, an escape sequence for a log) is refused with 400 before any handler,
//! any database query or any header is made from it.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;

use super::form_body::is_refused_control;
use super::pages;

/// Middleware: refuses a request whose address is not printable text.
pub async fn printable_address(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let uri = req.uri();
    if !printable(uri.path()) || !uri.query().is_none_or(printable) {
        let page = pages::notice(
            StatusCode::BAD_REQUEST,
            "es",
            "Dirección no válida · Invalid address",
            vec![
                "La dirección contiene caracteres que no son texto.".into(),
                "The address holds characters that are not text.".into(),
            ],
        );
        return Ok(req.into_response(page).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// Whether a percent-encoded path or query decodes to text without control characters.
fn printable(raw: &str) -> bool {
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    std::str::from_utf8(&bytes).is_ok_and(|s| !s.chars().any(is_refused_control) && !s.contains(['\t', '\n', '\r']))
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_must_be_printable_text() {
        assert!(super::printable("/p/gt-2026"));
        assert!(super::printable("/r/abc?page=2&lang=es"));
        assert!(super::printable("/p/consulta-%C3%B1"));
        assert!(!super::printable("/p/%00"));
        assert!(!super::printable("/p/x%0D%0ALocation:%20evil/again"));
        assert!(!super::printable("/p/%FF"));
        assert!(!super::printable("lang=%09"));
    }
}
