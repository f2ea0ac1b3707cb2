//! A campaign's settings after creation: in the console (a coordinator previews a mail text
//! before saving it, extends the close date, sets a sending window; refusals keep what was typed
//! and change nothing; a change made meanwhile is not overwritten), through `dra campaign
//! settings`, and the sending window holding invitations until it opens.

use chrono::{Datelike, NaiveDateTime, Timelike};

use diesel::prelude::*;
use dra::db;

use crate::console::{login, one_time_password};
use crate::form::{Browser, Page, csrf};
use crate::support::{TestApp, conn, dra, stdout};

fn signed_in(app: &TestApp, user: &str, role: &str) -> Browser {
    let base = app.url("");
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let once = one_time_password(&stdout(&dra(&["user", "add", user, "--role", role], &env)));
    let mut b = Browser::default();
    let first = login(&mut b, &base, user, &once);
    let phrase = "una frase larga para la consola";
    b.post(
        &format!("{base}/console/password"),
        &[
            ("csrf".into(), csrf(&first.html)),
            ("current".into(), once),
            ("new".into(), phrase.into()),
            ("repeat".into(), phrase.into()),
        ],
    );
    login(&mut b, &base, user, phrase);
    b
}

/// The form as the page holds it: every input and textarea with its value (HTML entities of the
/// template undone), ready to post back.
fn form_fields(html: &str) -> Vec<(String, String)> {
    let unescape = |s: &str| {
        s.replace("&#34;", "\"")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let mut out = Vec::new();
    for part in html.split("<input ").skip(1) {
        let tag = part.split('>').next().unwrap_or_default();
        let attr = |a: &str| tag.split(&format!(" {a}=\"")).nth(1).and_then(|r| r.split('"').next()).map(unescape);
        if let (Some(name), value) = (attr("name"), attr("value")) {
            out.push((name, value.unwrap_or_default()));
        }
    }
    for part in html.split("<textarea ").skip(1) {
        let name = part.split("name=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
        let body =
            part.split_once('>').map(|(_, r)| r.split("</textarea>").next().unwrap_or_default()).unwrap_or_default();
        out.push((name.to_string(), unescape(body)));
    }
    out
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let f = fields.iter_mut().find(|(k, _)| k == name).unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_string();
}

fn post(b: &mut Browser, url: &str, mut fields: Vec<(String, String)>, action: &str) -> Page {
    fields.push(("action".into(), action.into()));
    b.post(url, &fields)
}

fn campaign(app: &TestApp, slug: &str) -> db::campaigns::Campaign {
    db::campaigns::require(&mut conn(&app.db), slug).unwrap_or_else(|e| panic!("{e}"))
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut c = conn(&app.db);
    db::schema::audit_log::table
        .select(db::schema::audit_log::action)
        .order(db::schema::audit_log::id)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn coordinators_preview_and_change_a_campaigns_settings() {
    let app = crate::support::spawn_app();
    crate::form::tokens(&app.db, "gt-settings", 2, false);
    let url = app.url("/console/campaigns/gt-settings/settings");
    let mut analyst = signed_in(&app, "ana", "analyst");
    assert_eq!(analyst.get(&url).status, 403);
    let mut b = signed_in(&app, "carla", "coordinator");
    let page = b.get(&url);
    assert_eq!(page.status, 200);
    // Every message in every language of the campaign, previewed for a sample participant.
    assert!(page.html.contains("Invitación: Campaign gt-settings"), "{}", page.html);
    assert!(page.html.contains("Invitation: Campaign gt-settings"), "{}", page.html);
    assert_eq!(page.html.matches("<iframe class=\"mailhtml\" sandbox=\"\"").count(), 6, "3 messages × 2 languages");
    assert!(page.html.contains("Estimado/a Ana Pérez:"), "{}", page.html);
    let before = campaign(&app, "gt-settings");
    let audited = audit_actions(&app).len();
    let read = form_fields(&page.html);

    // A preview of a changed text stores nothing.
    let mut fields = read.clone();
    let body = fields.iter().find(|(k, _)| k == "body_invitation_es").map(|(_, v)| v.clone()).unwrap_or_default();
    assert!(body.contains("{{link}}"), "{body}");
    let own = format!("{body}\n\nTexto de prueba única: la Comisión agradece su tiempo.");
    set(&mut fields, "body_invitation_es", &own);
    let preview = post(&mut b, &url, fields.clone(), "preview");
    assert_eq!(preview.status, 200);
    assert!(preview.html.contains("aún no se guardó nada"), "{}", preview.html);
    assert!(preview.html.contains("Texto de prueba única"), "the preview shows what was typed");
    assert!(preview.html.contains("/r/ENLACE-PERSONAL"), "the link as the participant sees it");
    assert!(campaign(&app, "gt-settings").mail_overrides.is_none());
    assert_eq!(audit_actions(&app).len(), audited);

    // A text without the personal link is refused, what was typed comes back, nothing changes.
    let mut broken = fields.clone();
    set(&mut broken, "body_reminder_en", "Please answer. {{optout_link}}");
    let refused = post(&mut b, &url, broken, "save");
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("reminder (en): the text must hold {{link}}"), "{}", refused.html);
    assert!(refused.html.contains("Please answer. {{optout_link}}</textarea>"), "{}", refused.html);
    let mut unknown = fields.clone();
    set(&mut unknown, "subject_invitation_en", "Hello {{nombre}}");
    let refused = post(&mut b, &url, unknown, "save");
    assert!(refused.html.contains("{{nombre}} is not a placeholder"), "{}", refused.html);
    let mut window = fields.clone();
    set(&mut window, "send_window", "20:00-06:00");
    assert!(post(&mut b, &url, window, "save").html.contains("no mail across midnight"));
    let mut past = fields.clone();
    set(&mut past, "closes", "2020-01-01");
    assert!(post(&mut b, &url, past, "save").html.contains("already past"));
    assert_eq!(campaign(&app, "gt-settings").updated_at, before.updated_at);
    assert_eq!(audit_actions(&app).len(), audited, "refusals are not audited");

    // Saved: the close date extended, reminders, a sending window, the invitation's own text.
    let closes = before.closes_at.unwrap_or_default() + chrono::Duration::days(30);
    let local = closes - chrono::Duration::hours(6);
    let closes_typed = local.format("%Y-%m-%dT%H:%M").to_string();
    set(&mut fields, "closes", &closes_typed);
    set(&mut fields, "remind_every", "3");
    set(&mut fields, "remind_max", "4");
    set(&mut fields, "send_window", "08:00-17:00 MON-FRI");
    let saved = post(&mut b, &url, fields.clone(), "save");
    assert_eq!(saved.status, 200, "{}", saved.html);
    assert!(saved.html.contains("Ajustes guardados."), "{}", saved.html);
    let after = campaign(&app, "gt-settings");
    let to_the_minute = closes.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(closes);
    assert_eq!(after.closes_at, Some(to_the_minute));
    assert_eq!((after.reminder_every_days, after.reminder_max), (Some(3), 4));
    assert_eq!(after.send_window.as_deref(), Some("08:00-17:00 mon-fri"));
    let own_texts: serde_json::Value =
        serde_json::from_str(after.mail_overrides.as_deref().unwrap_or("null")).unwrap_or_default();
    assert_eq!(own_texts.as_object().map(|o| o.len()), Some(1), "only the text that differs: {own_texts}");
    assert!(own_texts["invitation"]["es"]["body"].as_str().is_some_and(|b| b.contains("Texto de prueba única")));
    assert!(own_texts["invitation"].get("en").is_none());
    let actions = audit_actions(&app);
    assert_eq!(actions.len(), audited + 1);
    assert_eq!(
        actions.last().map(String::as_str),
        Some("campaign settings changed: close date, reminders, sending window, mail texts")
    );
    // The invitation composed from now on says it.
    let mut c = conn(&app.db);
    let p = db::participants::by_email(&mut c, after.id, "p0@gt-settings.example")
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no participant"));
    let cm = dra::service::mailing::campaign_mail(&mut c, after.clone(), "http://x").unwrap_or_else(|e| panic!("{e}"));
    let mail = cm.compose(dra::mail::templates::MailKind::Invitation, &p, after.updated_at);
    assert!(mail.body_text.contains("Texto de prueba única"), "{}", mail.body_text);
    let said = dra::mail::queue::format_close(to_the_minute, "-06:00");
    assert!(mail.body_text.contains(&said), "the new close date {said}: {}", mail.body_text);

    // The personal links already sent expire with the campaign's new close date.
    let inv = db::invitations::of_participant(&mut c, p.id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no invitation"));
    assert_eq!(inv.expires_at, Some(to_the_minute), "the link follows the close date");

    // Saving the same again changes nothing and audits nothing.
    let again = post(&mut b, &url, form_fields(&saved.html), "save");
    assert!(again.html.contains("Nada cambió."), "{}", again.html);
    assert_eq!(audit_actions(&app).len(), audited + 1);

    // A form read before that save does not overwrite it.
    let mut stale = read;
    set(&mut stale, "remind_max", "1");
    let conflict = post(&mut b, &url, stale, "save");
    assert_eq!(conflict.status, 422);
    assert!(conflict.html.contains("changed by someone else"), "{}", conflict.html);
    assert_eq!(campaign(&app, "gt-settings").reminder_max, 4);
}

#[test]
fn the_command_line_changes_the_same_settings_by_the_same_rules() {
    let app = crate::support::spawn_app();
    crate::form::tokens(&app.db, "gt-cli-settings", 1, false);
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out =
        dra(&["campaign", "settings", "gt-cli-settings", "--send-window", "07:30-16:00", "--remind-every", "5"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", crate::support::stderr(&out));
    let shown = stdout(&out);
    assert!(shown.contains("sending window: 07:30-16:00 (-06:00)") && shown.contains("every 5 days"), "{shown}");
    let refused = dra(&["campaign", "settings", "gt-cli-settings", "--send-window", "7-16"], &env);
    assert_eq!(refused.status.code(), Some(1));
    assert!(crate::support::stderr(&refused).contains("--send-window"), "{}", crate::support::stderr(&refused));
    let texts = app.db.dir.path().join("texts.json");
    std::fs::write(&texts, r#"{"reminder": {"es": {"subject": "Recordatorio", "body": "Responda aquí: {{link}}"}}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let refused =
        dra(&["campaign", "settings", "gt-cli-settings", "--mail-texts", texts.to_str().unwrap_or_default()], &env);
    assert_eq!(refused.status.code(), Some(1));
    assert!(crate::support::stderr(&refused).contains("{{optout_link}}"), "{}", crate::support::stderr(&refused));
    let json = stdout(&dra(&["campaign", "settings", "gt-cli-settings", "--json"], &env));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(v["send_window"], "07:30-16:00");
    assert_eq!(v["reminder_every_days"], 5);
    assert_eq!(v["own_mail_texts"], serde_json::json!([]));
}

#[test]
fn the_sending_window_holds_invitations_until_it_opens() {
    let app = crate::support::spawn_app();
    crate::form::tokens(&app.db, "gt-window", 3, false);
    let mut c = conn(&app.db);
    diesel::update(db::schema::campaigns::table)
        .set(db::schema::campaigns::send_window.eq(Some("08:00-17:00 mon-fri")))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    // The next Saturday noon in Guatemala (18:00 UTC), then the Monday after at 09:00 (15:00 UTC).
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    let mut saturday = now.date();
    while saturday.weekday() != chrono::Weekday::Sat {
        saturday = saturday.succ_opt().unwrap_or(saturday);
    }
    let at = |d: chrono::NaiveDate, h: u32| -> NaiveDateTime { d.and_hms_opt(h, 0, 0).unwrap_or_default() };
    let clock = std::sync::Arc::new(dra::clock::ManualClock::new(at(saturday, 18)));
    let settings = crate::support::settings(&app.db);
    let mailer = dra::mail::Mailer::from_settings(&settings).unwrap_or_else(|e| panic!("{e}"));
    let worker = dra::mail::Worker::new(
        mailer,
        settings.token_key().unwrap_or_else(|e| panic!("{e}")),
        &settings,
        clock.clone(),
    );
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 0, "Saturday: held");
    let pending = db::outbox::counts(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert!(pending.iter().any(|(s, n)| s == "pending" && *n == 3), "{pending:?}");
    clock.set(at(saturday + chrono::Duration::days(2), 13) + chrono::Duration::minutes(59));
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 0, "07:59 local: held");
    clock.set(at(saturday + chrono::Duration::days(2), 15));
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 3, "Monday 09:00: sent");
}

#[test]
fn two_coordinators_saving_at_once_one_wins_and_the_other_is_told() {
    let app = crate::support::spawn_app();
    crate::form::tokens(&app.db, "gt-race", 1, false);
    let url = app.url("/console/campaigns/gt-race/settings");
    let carla = signed_in(&app, "carla", "coordinator");
    let diego = signed_in(&app, "diego", "coordinator");
    let audited = audit_actions(&app).len();
    for round in 0..4 {
        let mut both = Vec::new();
        for (i, b) in [&carla, &diego].into_iter().enumerate() {
            let mut b = b.clone();
            let mut fields = form_fields(&b.get(&url).html);
            set(&mut fields, "remind_max", &format!("{}", (round * 2 + i) % 10 + 1));
            both.push((b, fields));
        }
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = both
            .into_iter()
            .map(|(mut b, fields)| {
                let (barrier, url) = (barrier.clone(), url.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    post(&mut b, &url, fields, "save").html
                })
            })
            .collect();
        let pages: Vec<String> = handles.into_iter().map(|h| h.join().unwrap_or_default()).collect();
        let saved = pages.iter().filter(|p| p.contains("Ajustes guardados.")).count();
        let refused = pages.iter().filter(|p| p.contains("changed by someone else")).count();
        assert_eq!((saved, refused), (1, 1), "round {round}: one save wins, the other is told");
        let winner = pages.iter().position(|p| p.contains("Ajustes guardados.")).unwrap_or(0);
        let stored = campaign(&app, "gt-race").reminder_max;
        assert_eq!(stored as usize, (round * 2 + winner) % 10 + 1, "what was acknowledged is what is stored");
    }
    assert_eq!(audit_actions(&app).len(), audited + 4, "one audit row per change that was stored");
}

/// Reminders wait for the sending window before they are queued (so one sent when it opens finds
/// its participant still without an answer), and a reminder that waited while its participant
/// answered is not sent.
#[test]
fn reminders_wait_for_the_window_and_are_not_sent_to_who_answered_meanwhile() {
    let app = crate::support::spawn_app();
    let mut c = conn(&app.db);
    let t0 = crate::support::now();
    let emails: Vec<String> = (0..4).map(|i| format!("w{i}@window.example")).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    crate::support::seed_campaign(&mut c, "gt-remind-window", &refs, Some(1), 2, t0);
    let campaign = campaign(&app, "gt-remind-window");
    let settings = crate::support::settings(&app.db);
    let key = settings.token_key().unwrap_or_else(|e| panic!("{e}"));
    let cm =
        dra::service::mailing::campaign_mail(&mut c, campaign.clone(), "http://x").unwrap_or_else(|e| panic!("{e}"));
    dra::service::mailing::invitations(&mut c, &cm, &key, t0).unwrap_or_else(|e| panic!("{e}"));
    let clock = std::sync::Arc::new(dra::clock::ManualClock::new(t0));
    let mailer = dra::mail::Mailer::from_settings(&settings).unwrap_or_else(|e| panic!("{e}"));
    let worker = dra::mail::Worker::new(mailer, key, &settings, clock.clone());
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 4);
    diesel::update(db::schema::campaigns::table.find(campaign.id))
        .set(db::schema::campaigns::send_window.eq(Some("08:00-17:00 mon-fri")))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    // A Saturday two days or more after the invitations, noon in Guatemala (18:00 UTC): held.
    let mut saturday = (t0 + chrono::Duration::days(2)).date();
    while saturday.weekday() != chrono::Weekday::Sat {
        saturday = saturday.succ_opt().unwrap_or(saturday);
    }
    let at = |d: chrono::NaiveDate, h: u32| -> NaiveDateTime { d.and_hms_opt(h, 0, 0).unwrap_or_default() };
    clock.set(at(saturday, 18));
    assert_eq!(worker.schedule_reminders(&mut c).unwrap_or_else(|e| panic!("{e}")), 0, "outside the window");
    // Monday 09:00: queued and sent in one pass.
    clock.set(at(saturday + chrono::Duration::days(2), 15));
    let pass = worker.run_once(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((pass.reminders_queued, pass.sent), (4, 4), "{pass:?}");
    // A reminder queued, then its participant answers before it goes out: not sent.
    clock.set(at(saturday + chrono::Duration::days(4), 15));
    assert_eq!(worker.schedule_reminders(&mut c).unwrap_or_else(|e| panic!("{e}")), 4);
    let first = db::participants::by_email(&mut c, campaign.id, "w0@window.example")
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no participant"));
    diesel::update(db::schema::invitations::table.filter(db::schema::invitations::participant_id.eq(first.id)))
        .set(db::schema::invitations::submitted_at.eq(Some(at(saturday + chrono::Duration::days(4), 15))))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let pass = worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((pass.sent, pass.skipped), (3, 1), "{pass:?}");
}

/// A campaign whose own mail texts were stored before today's rules (no opt-out link) still has
/// its dates changed; its texts are held to the rules when they change.
#[test]
fn older_mail_texts_do_not_block_a_change_of_dates() {
    let app = crate::support::spawn_app();
    crate::form::tokens(&app.db, "gt-old-texts", 1, false);
    let old = r#"{"invitation":{"es":{"subject":"Invitación","body":"Responda: {{link}}"}}}"#;
    diesel::update(db::schema::campaigns::table)
        .set(db::schema::campaigns::mail_overrides.eq(Some(old)))
        .execute(&mut conn(&app.db))
        .unwrap_or_else(|e| panic!("{e}"));
    let url = app.url("/console/campaigns/gt-old-texts/settings");
    let mut b = signed_in(&app, "carla", "coordinator");
    let mut fields = form_fields(&b.get(&url).html);
    set(&mut fields, "remind_max", "3");
    let saved = post(&mut b, &url, fields.clone(), "save");
    assert!(saved.html.contains("Ajustes guardados."), "{}", saved.html);
    assert_eq!(campaign(&app, "gt-old-texts").reminder_max, 3);
    let mut fields = form_fields(&saved.html);
    set(&mut fields, "body_invitation_es", "Responda aquí: {{link}}");
    let refused = post(&mut b, &url, fields, "save");
    assert_eq!(refused.status, 422);
    assert!(
        refused.html.contains("invitation (es): the text must hold {{optout_link}}"),
        "a changed text follows the rules: {}",
        refused.html
    );
}

/// Closing a campaign cancels its invitations and reminders still queued (held by the sending
/// window, say): they would ask for answers it no longer takes.
#[test]
fn closing_a_campaign_cancels_the_invitations_still_queued() {
    let app = crate::support::spawn_app();
    crate::form::tokens(&app.db, "gt-close-queued", 3, false);
    let mut c = conn(&app.db);
    let counts = |c: &mut dra::db::AnyConnection| db::outbox::counts(c).unwrap_or_else(|e| panic!("{e}"));
    assert!(counts(&mut c).iter().any(|(s, n)| s == "pending" && *n == 3), "{:?}", counts(&mut c));
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out = dra(&["campaign", "close", "gt-close-queued"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", crate::support::stderr(&out));
    let after = counts(&mut c);
    assert!(!after.iter().any(|(s, _)| s == "pending"), "{after:?}");
    assert!(after.iter().any(|(s, n)| s == "failed" && *n == 3), "{after:?}");
    let settings = crate::support::settings(&app.db);
    let mailer = dra::mail::Mailer::from_settings(&settings).unwrap_or_else(|e| panic!("{e}"));
    let key = settings.token_key().unwrap_or_else(|e| panic!("{e}"));
    let worker = dra::mail::Worker::new(mailer, key, &settings, std::sync::Arc::new(dra::clock::SystemClock));
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 0);
}
