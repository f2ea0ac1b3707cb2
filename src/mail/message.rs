//! Turns a stored outbox row into a MIME message: personal links put in, a stable Message-ID,
//! List-Unsubscribe headers for one-click opt-out (RFC 8058), text and HTML alternatives.

use lettre::Message;
use lettre::message::MultiPart;
use lettre::message::header::{HeaderName, HeaderValue};

use super::templates::resolve_links;
use crate::db::outbox::OutboxMail;

/// Builds the message for `mail` with its personal links (`link`, `optout`).
pub fn build(mail: &OutboxMail, from: &str, link: &str, optout: &str) -> Result<Message, String> {
    let from = from.parse().map_err(|e| format!("DRA_MAIL_FROM \"{from}\": {e}"))?;
    let to = mail.recipient.parse().map_err(|e| format!("recipient \"{}\": {e}", mail.recipient))?;
    let text = resolve_links(&mail.body_text, link, optout, false);
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}>", mail.message_id)));
    if !optout.is_empty() {
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{optout}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    let result = match &mail.body_html {
        Some(html) => {
            builder.multipart(MultiPart::alternative_plain_html(text, resolve_links(html, link, optout, true)))
        }
        None => builder.body(text),
    };
    result.map_err(|e| e.to_string())
}
