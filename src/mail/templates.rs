//! Mail texts: invitation, reminder and thank-you in every language with a catalog (the
//! `mail-*` messages of `locales/*.ftl`), or a campaign's own subject and body. The HTML part is made from the
//! plain text, every value HTML-escaped. The personal links stay as `{{link}}` and
//! `{{optout_link}}` until the worker sends the message: the stored mail holds no token.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Invitation,
    Reminder,
    ThankYou,
}

impl MailKind {
    pub const ALL: [MailKind; 3] = [MailKind::Invitation, MailKind::Reminder, MailKind::ThankYou];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::Reminder => "reminder",
            Self::ThankYou => "thank_you",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invitation" => Some(Self::Invitation),
            "reminder" => Some(Self::Reminder),
            "thank_you" => Some(Self::ThankYou),
            _ => None,
        }
    }
}

/// Placeholders resolved only when the message is sent.
pub const LINK: &str = "{{link}}";
pub const OPTOUT_LINK: &str = "{{optout_link}}";

/// Every placeholder a mail text may hold.
pub const PLACEHOLDERS: [&str; 9] = [
    "{{greeting}}",
    "{{name}}",
    "{{organisation}}",
    "{{campaign}}",
    "{{group}}",
    "{{close_date}}",
    "{{close_line}}",
    LINK,
    OPTOUT_LINK,
];

/// The first `{{…}}` in `text` that is not a placeholder (its name), if any.
pub fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { return Some(after.chars().take(20).collect()) };
        let name = &after[..end];
        if !PLACEHOLDERS.iter().any(|p| p[2..p.len() - 2] == *name) {
            return Some(name.to_string());
        }
        rest = &after[end + 2..];
    }
    None
}

/// The built-in subject and text of a message in `lang` (Spanish, else English), as a
/// coordinator starts from when writing their own.
pub fn builtin_text(kind: MailKind, lang: &str) -> Override {
    // The catalog's variables come out as the placeholders a coordinator edits.
    let marks: Vec<(&str, crate::i18n::Arg)> =
        PLACEHOLDERS.iter().map(|p| (&p[2..p.len() - 2], crate::i18n::Arg::from(*p))).collect();
    let id = |part: &str| format!("mail-{}-{part}", kind.as_str().replace('_', "-"));
    Override {
        subject: crate::i18n::format(lang, &id("subject"), &marks).trim().to_string(),
        body: crate::i18n::format(lang, &id("body"), &marks).trim().to_string(),
    }
}

/// A campaign's own wording: kind → language → subject and body (same placeholders).
pub type Overrides = BTreeMap<MailKind, BTreeMap<String, Override>>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub subject: String,
    pub body: String,
}

/// What a message says about its recipient and campaign.
#[derive(Debug, Clone, Default)]
pub struct MailVars {
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub campaign: String,
    pub group: String,
    /// The close date, already formatted for the reader.
    pub close_date: Option<String>,
}

/// A composed message, links still as placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s, true);
    out
}

/// Appends `s` to `out`, escaped for HTML when `escape`.
fn push_text(out: &mut String, s: &str, escape: bool) {
    if !escape {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

fn values(lang: &str, v: &MailVars) -> Vec<(&'static str, String)> {
    let greeting = match &v.name {
        Some(n) => crate::i18n::format(lang, "mail-greeting-named", &[("name", n.as_str().into())]),
        None => crate::i18n::t(lang, "mail-greeting").to_string(),
    };
    let close_line = match &v.close_date {
        Some(d) => crate::i18n::format(lang, "mail-close-line", &[("date", d.as_str().into())]),
        None => String::new(),
    };
    vec![
        ("greeting", greeting),
        ("name", v.name.clone().unwrap_or_default()),
        ("organisation", v.organisation.clone().unwrap_or_default()),
        ("campaign", v.campaign.clone()),
        ("group", v.group.clone()),
        ("close_date", v.close_date.clone().unwrap_or_default()),
        ("close_line", close_line),
    ]
}

/// Puts the values into a template's `{{name}}` placeholders in one pass (a value is never read
/// as a template); other placeholders (the links, put in at sending) stay as they are.
fn fill(template: &str, vals: &[(&str, String)], escape: bool) -> String {
    let mut out = String::with_capacity(template.len() + 128);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        push_text(&mut out, &rest[..start], escape);
        let after = &rest[start + 2..];
        let value =
            after.find("}}").and_then(|end| vals.iter().find(|(k, _)| *k == &after[..end]).map(|(_, v)| (v, end)));
        match value {
            Some((v, end)) => {
                push_text(&mut out, v, escape);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    push_text(&mut out, rest, escape);
    out
}

/// Composes a message in `lang` (from the catalogs; a campaign override wins).
pub fn compose(kind: MailKind, lang: &str, vars: &MailVars, overrides: Option<&Overrides>) -> Composed {
    let (subject_t, body_t) = match overrides.and_then(|o| o.get(&kind)).and_then(|m| m.get(lang)) {
        Some(o) => (o.subject.clone(), o.body.clone()),
        None => {
            let o = builtin_text(kind, lang);
            (o.subject, o.body)
        }
    };
    let vals = values(lang, vars);
    let subject = fill(&subject_t, &vals, false).replace(['\r', '\n'], " ");
    let text = collapse_blank_lines(&fill(&body_t, &vals, false));
    let html_body: String = collapse_blank_lines(&fill(&body_t, &vals, true))
        .split("\n\n")
        .map(|para| {
            let para = para
                .replace(LINK, &format!("<a href=\"{LINK}\">{LINK}</a>"))
                .replace(OPTOUT_LINK, &format!("<a href=\"{OPTOUT_LINK}\">{OPTOUT_LINK}</a>"))
                .replace('\n', "<br>\n");
            format!("<p>{para}</p>\n")
        })
        .collect();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">\n{html_body}</body></html>\n",
        escape_html(lang),
        escape_html(&subject)
    );
    Composed { subject, text, html }
}

fn collapse_blank_lines(s: &str) -> String {
    let mut out = s.to_string();
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.trim().to_string()
}

/// Puts the links into a stored message part (`html` escapes them for HTML).
pub fn resolve_links(part: &str, link: &str, optout: &str, html: bool) -> String {
    let (l, o) = if html { (escape_html(link), escape_html(optout)) } else { (link.to_string(), optout.to_string()) };
    part.replace(LINK, &l).replace(OPTOUT_LINK, &o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_html_only() {
        let vars = MailVars {
            name: Some("Ana <script>".into()),
            campaign: "DRA Guatemala & co".into(),
            group: "Sector público".into(),
            close_date: Some("2026-12-31".into()),
            ..MailVars::default()
        };
        let m = compose(MailKind::Invitation, "es", &vars, None);
        assert_eq!(m.subject, "Invitación: DRA Guatemala & co");
        assert!(m.text.starts_with("Estimado/a Ana <script>:"));
        assert!(m.text.contains("La consulta cierra el 2026-12-31."));
        assert!(m.html.contains("Estimado/a Ana &lt;script&gt;:") && !m.html.contains("<script>"));
        assert!(m.html.contains("<a href=\"{{link}}\">{{link}}</a>"));
        let sent = resolve_links(&m.html, "https://x.org/r/abc?a=1&b=2", "https://x.org/o/abc", true);
        assert!(sent.contains("href=\"https://x.org/r/abc?a=1&amp;b=2\""));
        let en = compose(MailKind::Reminder, "en", &MailVars { campaign: "C".into(), ..MailVars::default() }, None);
        assert!(en.text.starts_with("Dear participant,") && !en.text.contains("closes on"));
    }

    #[test]
    fn a_value_is_never_read_as_a_template() {
        let vars = MailVars { name: Some("{{campaign}} {{".into()), campaign: "DRA".into(), ..MailVars::default() };
        let m = compose(MailKind::ThankYou, "en", &vars, None);
        assert!(m.text.starts_with("Dear {{campaign}} {{,"), "{}", m.text);
        assert!(m.text.contains("\"DRA\"") && m.text.contains("{{link}}"), "{}", m.text);
    }

    #[test]
    fn overrides_win() {
        let mut o = Overrides::new();
        o.entry(MailKind::Invitation).or_default().insert(
            "en".into(),
            Override {
                subject: "{{campaign}} needs you".into(),
                body: "Hi {{name}} of {{organisation}}: {{link}}".into(),
            },
        );
        let vars = MailVars {
            name: Some("Bo".into()),
            organisation: Some("UN".into()),
            campaign: "DRA".into(),
            ..MailVars::default()
        };
        let m = compose(MailKind::Invitation, "en", &vars, Some(&o));
        assert_eq!(m.subject, "DRA needs you");
        assert_eq!(m.text, "Hi Bo of UN: {{link}}");
        assert_eq!(compose(MailKind::Invitation, "es", &vars, Some(&o)).subject, "Invitación: DRA");
    }
}
