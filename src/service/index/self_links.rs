//! Institutions' personal self-assessment links: `dra index invite` queues, through the mail
//! outbox, one message per institution with a contact, carrying a link `/i/{token}` (a random
//! 128-bit token of which only the SHA-256 is stored, with an expiry). The link row and its
//! message are written in one transaction, so a failed mail server loses nothing (the worker
//! retries) and no link exists whose message was not queued.

use chrono::{Duration, NaiveDateTime};

use super::load;
use crate::db::{self, AnyConnection};
use crate::i18n::Arg;
use crate::service::{Actor, DomainError};
use crate::token;

/// How long a self-assessment link opens the form.
pub const LINK_DAYS: i64 = 60;

/// Who was invited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    /// The institutions' codes, in list order.
    pub units: Vec<String>,
    /// The institutions skipped for want of a contact.
    pub without_contact: Vec<String>,
}

/// Queues a self-assessment invitation for every institution of `slug` with a contact (or only
/// institution `unit`, by its code). Each gets a new link valid for [`LINK_DAYS`] days.
/// Audit-logged.
pub fn invite(
    conn: &mut AnyConnection,
    slug: &str,
    unit: Option<&str>,
    base_url: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Invited, DomainError> {
    db::write_tx_as(conn, |conn| {
        let loaded = load(conn, slug)?;
        if let Some(code) = unit
            && loaded.unit_by_code(code).is_none()
        {
            return Err(DomainError::invalid("unit", format!("\"{code}\" is not an institution of {slug}")));
        }
        let lang = loaded.framework.default_language.clone();
        let lang = if crate::i18n::has(&lang) { lang } else { "en".to_string() };
        let host =
            url::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or("dra.local".into());
        let expires = now + Duration::days(LINK_DAYS);
        let mut out = Invited { units: Vec::new(), without_contact: Vec::new() };
        for u in loaded.units.iter().filter(|u| unit.is_none_or(|c| c == u.code)) {
            let contact = u.contact.trim();
            if contact.is_empty() || !contact.contains('@') {
                out.without_contact.push(u.code.clone());
                continue;
            }
            let tok = token::random_token();
            db::index_self_links::insert(conn, u.id, &token::hash(&tok), expires, now)?;
            let link = format!("{}/i/{tok}", base_url.trim_end_matches('/'));
            let args = [
                ("institution", Arg::from(&u.name)),
                ("index", Arg::from(&loaded.campaign.name)),
                ("link", Arg::from(link)),
                ("expires", Arg::from(expires.format("%Y-%m-%d").to_string())),
            ];
            let mail = db::outbox::NewMail {
                campaign_id: None,
                participant_id: None,
                kind: "index_self_assessment",
                recipient: contact.to_string(),
                subject: crate::i18n::format(&lang, "index-self-mail-subject", &args),
                body_text: crate::i18n::format(&lang, "index-self-mail-body", &args),
                body_html: None,
                message_id: format!(
                    "{:011x}.{}.index_self_assessment@{host}",
                    now.and_utc().timestamp_millis().max(0),
                    token::new_nonce()
                ),
            };
            db::outbox::enqueue(conn, &mail, now)?;
            out.units.push(u.code.clone());
        }
        if let Some(code) = unit
            && out.units.is_empty()
        {
            return Err(DomainError::invalid("unit", format!("institution \"{code}\" has no contact email")));
        }
        let detail = format!("{} invited, {} without contact", out.units.len(), out.without_contact.len());
        db::users::audit_detailed(
            conn,
            &actor.name,
            "index self-assessment invited",
            Some(slug),
            actor.ip.as_deref(),
            Some(&detail),
            now,
        )?;
        Ok(out)
    })
}

/// The index campaign and institution a self-assessment token opens; not found for a token
/// that is unknown, malformed or expired (the same answer, so a guess learns nothing).
pub fn open(conn: &mut AnyConnection, tok: &str, now: NaiveDateTime) -> Result<(String, i64), DomainError> {
    let gone = || DomainError::NotFound("this self-assessment link is unknown or has expired".into());
    if !token::looks_like_token(tok) {
        return Err(gone());
    }
    let (unit_id, expires) = db::index_self_links::find(conn, &token::hash(tok))?.ok_or_else(gone)?;
    if expires <= now {
        return Err(gone());
    }
    let slug = db::index_self_links::campaign_slug(conn, unit_id)?.ok_or_else(gone)?;
    Ok((slug, unit_id))
}
