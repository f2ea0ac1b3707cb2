//! Urlencoded form bodies, read strictly: a body over its bound, a value that is not UTF-8 once
//! percent-decoded, or a value holding a control character (other than tab and line ends) is
//! refused with a page that says so, before any handler runs, instead of being replaced with
//! U+FFFD or passed on to the database (PostgreSQL refuses NUL in text). `Form<T>` stands where
//! `actix_web::web::Form<T>` would.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::pages;

/// The largest form body read: a questionnaire page with long comments fits many times over.
pub const LIMIT: usize = 2 * 1024 * 1024;

/// A form's fields, decoded strictly, as `T`.
pub struct Form<T>(pub T);

impl<T> Form<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Form<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Why a form body was refused.
#[derive(Debug, thiserror::Error)]
pub enum BadForm {
    #[error("the form is over {} MB", LIMIT / (1024 * 1024))]
    TooLarge,
    #[error("the form is not urlencoded")]
    NotUrlencoded,
    #[error("the field {0:?} is not UTF-8 text")]
    NotText(String),
    #[error("the field {0:?} holds a control character")]
    Control(String),
    #[error("the form could not be read: {0}")]
    Malformed(String),
}

impl ResponseError for BadForm {
    fn status_code(&self) -> StatusCode {
        match self {
            BadForm::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            BadForm::NotUrlencoded => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // Who posted is not known here: the page speaks both languages.
        let (es, en) = match self {
            BadForm::TooLarge => (
                format!("El formulario supera {} MB.", LIMIT / (1024 * 1024)),
                format!("The form is over {} MB.", LIMIT / (1024 * 1024)),
            ),
            BadForm::NotUrlencoded => (
                "El formulario no llegó en un formato conocido.".into(),
                "The form did not come in a known format.".into(),
            ),
            BadForm::NotText(f) | BadForm::Control(f) => (
                format!(
                    "El campo «{f}» contiene caracteres que no son texto (bytes no UTF-8 o caracteres de control)."
                ),
                format!(
                    "The field \"{f}\" holds characters that are not text (bytes that are not UTF-8, or control characters)."
                ),
            ),
            BadForm::Malformed(e) => {
                (format!("No se pudo leer el formulario ({e})."), format!("The form could not be read ({e})."))
            }
        };
        pages::notice(
            self.status_code(),
            "es",
            "Formulario no válido · Invalid form",
            vec![
                format!("{es} No se guardó nada: vuelva atrás, corrija el texto y envíelo otra vez."),
                format!("{en} Nothing was stored: go back, correct the text and send it again."),
            ],
        )
    }
}

/// A form's fields as they came, decoded strictly (the questionnaire's forms, whose field names
/// are the survey's question ids).
pub struct Fields(pub Vec<(String, String)>);

impl FromRequest for Fields {
    type Error = BadForm;
    type Future = Pin<Box<dyn Future<Output = Result<Self, BadForm>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let urlencoded = is_urlencoded(req);
        let payload = payload.take();
        Box::pin(async move {
            if !urlencoded {
                return Err(BadForm::NotUrlencoded);
            }
            decode(&read(payload).await?).map(Fields)
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = BadForm;
    type Future = Pin<Box<dyn Future<Output = Result<Self, BadForm>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let urlencoded = is_urlencoded(req);
        let payload = payload.take();
        Box::pin(async move {
            if !urlencoded {
                return Err(BadForm::NotUrlencoded);
            }
            let pairs = decode(&read(payload).await?)?;
            // Every value was checked; the typed fields are read from the same pairs.
            let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
            serde_urlencoded::from_str::<T>(&encoded).map(Form).map_err(|e| BadForm::Malformed(e.to_string()))
        })
    }
}

/// Whether the request says its body is urlencoded (or says nothing).
fn is_urlencoded(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
}

/// The whole body, up to `LIMIT` bytes.
async fn read(mut payload: Payload) -> Result<Vec<u8>, BadForm> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| BadForm::Malformed(e.to_string()))?;
        if body.len() + chunk.len() > LIMIT {
            return Err(BadForm::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The fields of an urlencoded body, in order, each name and value checked to be text.
pub fn decode(body: &[u8]) -> Result<Vec<(String, String)>, BadForm> {
    let mut out = Vec::new();
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let name = text(name, None)?;
        let value = text(value, Some(&name))?;
        out.push((name, value));
    }
    Ok(out)
}

/// One percent-encoded component as text; `field` names it in the error (the name itself when
/// `None`).
fn text(raw: &[u8], field: Option<&str>) -> Result<String, BadForm> {
    // Plain text (most values) needs no copy to decode.
    let bytes: Vec<u8> = if raw.iter().any(|b| matches!(b, b'+' | b'%')) {
        let plus_as_space: Vec<u8> = raw.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
        percent_encoding::percent_decode(&plus_as_space).collect()
    } else {
        raw.to_vec()
    };
    let label = |b: &[u8]| field.map_or_else(|| String::from_utf8_lossy(b).chars().take(40).collect(), str::to_string);
    let s = String::from_utf8(bytes).map_err(|e| BadForm::NotText(label(e.as_bytes())))?;
    if s.chars().any(is_refused_control) {
        return Err(BadForm::Control(label(s.as_bytes())));
    }
    Ok(s)
}

pub use crate::survey::response::is_control as is_refused_control;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_decoded_strictly() {
        let ok = decode(b"a=1&b=x+y%C3%A1&c=&d&e=l%C3%ADnea%0D%0Aotra%09tab").unwrap_or_default();
        assert_eq!(
            ok,
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x yá".into()),
                ("c".into(), String::new()),
                ("d".into(), String::new()),
                ("e".into(), "línea\r\notra\ttab".into()),
            ]
        );
        assert!(matches!(decode(b"comment=caf%E9"), Err(BadForm::NotText(f)) if f == "comment"));
        assert!(matches!(decode(b"user=ad%00min"), Err(BadForm::Control(f)) if f == "user"));
        assert!(matches!(decode(b"x=%1B%5B31m"), Err(BadForm::Control(_))));
        assert!(matches!(decode(b"%FF=1"), Err(BadForm::NotText(_))));
        // A stray percent sign is kept as it is (what browsers and actix do).
        assert_eq!(decode(b"p=100%").unwrap_or_default(), vec![("p".into(), "100%".into())]);
    }
}
