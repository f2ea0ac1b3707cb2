//! The one message a contributor who left an address gets when their contribution is answered:
//! in their language, what was done with it, why and where it went, and the public page where it
//! stands with every other. Queued by `contributions::respond` in the transaction of the answer.

use chrono::NaiveDateTime;

use crate::contribution::{self, Answer, Topic};
use crate::db;
use crate::db::campaigns::Campaign;
use crate::db::contributions::Row;
use crate::token;

/// The one message to a contributor whose contribution was answered, in their language.
pub(super) fn answer_mail(
    c: &Campaign,
    topics: &[Topic],
    row: &Row,
    email: &str,
    base_url: &str,
    now: NaiveDateTime,
) -> db::outbox::NewMail {
    let lang = if crate::i18n::has(&row.language) { row.language.as_str() } else { "en" };
    let answer = row.answer.as_deref().and_then(Answer::parse);
    let page = format!("{}/p/{}/contributions?lang={lang}#c{}", base_url.trim_end_matches('/'), c.slug, row.id);
    let mut body = vec![
        crate::i18n::t(lang, "contribution-mail-thank-you-for-your-contribution-to")
            .to_string()
            .replace("{campaign}", &c.name)
            .replace("{topic}", contribution::topic_label(topics, &row.topic, lang)),
        String::new(),
        crate::i18n::t(lang, "contribution-mail-answer-answer")
            .to_string()
            .replace("{answer}", answer.map_or("", |a| a.label(lang))),
        crate::i18n::t(lang, "contribution-mail-reason-reason")
            .to_string()
            .replace("{reason}", row.answer_reason.as_deref().unwrap_or_default()),
    ];
    if let Some(r) = &row.answer_ref {
        body.push(crate::i18n::t(lang, "contribution-mail-where-it-went-ref").to_string().replace("{ref}", r));
    }
    body.push(String::new());
    body.push(
        crate::i18n::t(lang, "contribution-mail-every-published-contribution-and-its-answer")
            .to_string()
            .replace("{page}", &page),
    );
    body.push(String::new());
    body.push(crate::i18n::t(lang, "contribution-mail-this-is-the-only-message-you").to_string());
    let host =
        url::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or("dra.local".into());
    db::outbox::NewMail {
        campaign_id: Some(c.id),
        participant_id: None,
        kind: "contribution_answer",
        recipient: email.to_string(),
        subject: crate::i18n::t(lang, "contribution-mail-an-answer-to-your-contribution-campaign")
            .to_string()
            .replace("{campaign}", &c.name),
        body_text: body.join("\n"),
        body_html: None,
        message_id: format!(
            "{:011x}.{}.contribution_answer@{host}",
            now.and_utc().timestamp_millis().max(0),
            token::new_nonce()
        ),
    }
}
