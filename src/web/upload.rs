//! The console's forms that can carry a file (a survey definition, a participants CSV): the
//! posted fields, from a `multipart/form-data` body (what a browser sends for a form with a file
//! input) or from an urlencoded one (a pasted text, a script). The whole body is bounded, part
//! headers and boundaries included, and so is the number of fields; a larger body is refused as
//! it arrives, not after it was buffered whole.

use std::cell::Cell;
use std::rc::Rc;

use actix_web::error::PayloadError;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

/// The largest form body the console reads: a participants CSV of 100,000 rows fits.
pub const LIMIT: usize = 16 * 1024 * 1024;

/// The most fields a console form may post (its forms have three).
const MAX_PARTS: usize = 32;

/// Why a posted form was not read.
#[derive(Debug)]
pub enum Refused {
    /// Over `LIMIT` bytes, or over `MAX_PARTS` fields.
    TooLarge,
    /// Not a well-formed multipart or urlencoded body.
    Malformed(String),
}

impl Refused {
    /// What to tell the person who posted it, in Spanish or English.
    pub fn message(&self, lang: &str) -> String {
        let mb = LIMIT / (1024 * 1024);
        match self {
            Refused::TooLarge => crate::i18n::format(lang, "upload-too-large", &[("mb", mb.into())]),
            Refused::Malformed(e) => crate::i18n::format(lang, "upload-malformed", &[("error", e.to_string().into())]),
        }
    }
}

/// One posted field.
struct Part {
    name: String,
    /// The file's name on the coordinator's machine, for a file input.
    filename: Option<String>,
    data: Vec<u8>,
}

/// The fields of a posted form, in the order they came.
pub struct Posted {
    parts: Vec<Part>,
}

/// A whole request body of at most `limit` bytes (a CSV posted to the API, say).
pub async fn body(payload: web::Payload, limit: usize) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::new();
    let mut payload = payload;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Refused::Malformed(e.to_string()))?;
        if bytes.len() + chunk.len() > limit {
            return Err(Refused::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

impl Posted {
    /// Reads the request's body, multipart or urlencoded, up to `limit` bytes in all.
    pub async fn read(req: &HttpRequest, payload: web::Payload, limit: usize) -> Result<Self, Refused> {
        let multipart = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
        if !multipart {
            let mut parts = Vec::new();
            let fields = super::form_body::decode(&body(payload, limit).await?)
                .map_err(|e| Refused::Malformed(e.to_string()))?;
            for (k, v) in fields {
                if parts.len() == MAX_PARTS {
                    return Err(Refused::TooLarge);
                }
                parts.push(Part { name: k, filename: None, data: v.into_bytes() });
            }
            return Ok(Self { parts });
        }
        // Every byte of the body counts, part headers and boundaries too.
        let read = Rc::new(Cell::new(0usize));
        let counter = read.clone();
        let counted = payload.map(move |chunk| {
            let chunk = chunk?;
            counter.set(counter.get() + chunk.len());
            if counter.get() > limit { Err(PayloadError::Overflow) } else { Ok(chunk) }
        });
        let refused = |e: &dyn std::fmt::Display| {
            if read.get() > limit { Refused::TooLarge } else { Refused::Malformed(e.to_string()) }
        };
        let mut parts = Vec::new();
        let mut form = actix_multipart::Multipart::new(req.headers(), counted);
        while let Some(field) = form.next().await {
            let mut field = field.map_err(|e| refused(&e))?;
            if parts.len() == MAX_PARTS {
                return Err(Refused::TooLarge);
            }
            let name = field.name().unwrap_or_default().to_string();
            let filename = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .filter(|f| !f.is_empty())
                .map(str::to_string);
            let mut data = Vec::new();
            while let Some(chunk) = field.next().await {
                data.extend_from_slice(&chunk.map_err(|e| refused(&e))?);
            }
            // A field typed in (not a file) is text, checked as an urlencoded one is; a file's
            // content is checked by what reads it (the definition parser, the CSV importer).
            if filename.is_none()
                && std::str::from_utf8(&data).map_or(true, |s| s.chars().any(super::form_body::is_refused_control))
            {
                return Err(Refused::Malformed(format!("the field {name:?} is not text")));
            }
            parts.push(Part { name, filename, data });
        }
        Ok(Self { parts })
    }

    /// The first field named `name`, as text (checked to be text when read).
    pub fn text(&self, name: &str) -> String {
        self.parts
            .iter()
            .find(|p| p.name == name)
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
            .unwrap_or_default()
    }

    /// What the form sent as its content: the file chosen in the input named `file`, or else the
    /// text pasted in the field named `pasted`; with the name to give it in messages (the file's
    /// own name, or `pasted`). `None` when both are empty (a paste of only spaces is empty).
    pub fn into_file_or_text(self, file: &str, pasted: &str) -> Option<(String, Vec<u8>)> {
        let mut chosen = None;
        let mut typed = None;
        for p in self.parts {
            if chosen.is_none() && p.name == file && !p.data.is_empty() {
                chosen = Some((p.filename.unwrap_or_else(|| file.to_string()), p.data));
            } else if typed.is_none() && p.name == pasted && !p.data.iter().all(u8::is_ascii_whitespace) {
                typed = Some((pasted.to_string(), p.data));
            }
        }
        chosen.or(typed)
    }
}
