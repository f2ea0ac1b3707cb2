//! The console's forms that can carry a file (a survey definition, a participants CSV): the
//! posted fields, from a `multipart/form-data` body (what a browser sends for a form with a file
//! input) or from an urlencoded one (a pasted text, a script). The body is bounded; a larger one
//! is refused as it arrives, not after it was buffered whole.

use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use crate::error::AppError;

/// The largest form body the console reads: a participants CSV of 100,000 rows fits.
pub const LIMIT: usize = 16 * 1024 * 1024;

/// One posted field.
pub struct Part {
    pub name: String,
    /// The file's name on the coordinator's machine, for a file input.
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The fields of a posted form, in the order they came.
pub struct Posted {
    parts: Vec<Part>,
}

impl Posted {
    /// Reads the request's body, multipart or urlencoded, up to `limit` bytes in all.
    pub async fn read(req: &HttpRequest, payload: web::Payload, limit: usize) -> Result<Self, AppError> {
        let multipart = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
        let too_large = || AppError::BadRequest(format!("the form is larger than {} MB", limit / (1024 * 1024)));
        let mut parts = Vec::new();
        let mut total = 0usize;
        if multipart {
            let mut form = actix_multipart::Multipart::new(req.headers(), payload);
            while let Some(field) = form.next().await {
                let mut field = field.map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))?;
                let name = field.name().unwrap_or_default().to_string();
                let filename = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .filter(|f| !f.is_empty())
                    .map(str::to_string);
                let mut data = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))?;
                    total += chunk.len();
                    if total > limit {
                        return Err(too_large());
                    }
                    data.extend_from_slice(&chunk);
                }
                parts.push(Part { name, filename, data });
            }
        } else {
            let mut body = Vec::new();
            let mut payload = payload;
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            parts = url::form_urlencoded::parse(&body)
                .map(|(k, v)| Part { name: k.into_owned(), filename: None, data: v.into_owned().into_bytes() })
                .collect();
        }
        Ok(Self { parts })
    }

    /// The first field named `name`, as text (invalid UTF-8 replaced).
    pub fn text(&self, name: &str) -> String {
        self.parts
            .iter()
            .find(|p| p.name == name)
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
            .unwrap_or_default()
    }

    /// What the form sent as its content: the file chosen in the input named `file`, or else the
    /// text pasted in the field named `pasted`; with the name to give it in messages (the file's
    /// own name, or `pasted`). `None` when both are empty.
    pub fn file_or_text(&self, file: &str, pasted: &str) -> Option<(String, &[u8])> {
        let chosen = self.parts.iter().find(|p| p.name == file && !p.data.is_empty());
        let typed = self.parts.iter().find(|p| p.name == pasted && !p.data.iter().all(u8::is_ascii_whitespace));
        chosen
            .map(|p| (p.filename.clone().unwrap_or_else(|| file.to_string()), p.data.as_slice()))
            .or_else(|| typed.map(|p| (pasted.to_string(), p.data.as_slice())))
    }
}
