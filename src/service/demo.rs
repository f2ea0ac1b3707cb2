//! `dra serve --demo`: on an empty database, the default questionnaire and a demo campaign with
//! about 300 simulated participants over the five groups (most submitted, some halfway, some not
//! started), with gaps between the groups, so a newcomer sees progress and figures at once.
//! The simulation is deterministic (a fixed seed) and marked as a demo everywhere.

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use crate::campaign::response::ResponseStatus;
use crate::campaign::{self, CampaignState};
use crate::db::{self, AnyConnection, DbError};
use crate::survey::{QuestionKind, Survey};
use crate::token::TokenKey;

/// The default questionnaire, embedded so the demo needs no file.
pub const DRA_CORE: &str = include_str!("../../surveys/dra-core.json");
pub const SLUG: &str = "demo";

/// A small deterministic generator (SplitMix64): the demo is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal (sum of uniforms).
    fn normal(&mut self) -> f64 {
        (0..4).map(|_| self.unit()).sum::<f64>() - 2.0
    }
}

/// What the demo made, for the start-up message.
pub struct Demo {
    pub personal_link: String,
    pub public_link: String,
    pub respondents: usize,
}

/// Seeds the demo when the database holds no campaign; `None` when there was something already.
pub fn seed(
    conn: &mut AnyConnection,
    key: &TokenKey,
    base_url: &str,
    now: NaiveDateTime,
) -> Result<Option<Demo>, DbError> {
    if !db::campaigns::list(conn)?.is_empty() {
        return Ok(None);
    }
    let survey = crate::survey::check_bytes(DRA_CORE.as_bytes())
        .map_err(|_| DbError::Internal("the embedded dra-core questionnaire does not check".into()))?;
    let version = match db::surveys::import(conn, &survey, "dra-core.json")? {
        db::surveys::Imported::New(id) | db::surveys::Imported::AlreadyStored(id) => id,
    };
    let groups = campaign::default_groups();
    db::campaigns::create(
        conn,
        &db::campaigns::NewCampaign {
            country: Some("GT".into()),
            closes_at: Some(now + chrono::Duration::days(60)),
            time_zone: "-06:00".into(),
            reminder_every_days: Some(7),
            reminder_max: 2,
            allow_edit: true,
            public_link: true,
            groups: groups.clone(),
            names: Some(r#"{"en": "Demo · Digital Readiness Assessment"}"#.into()),
            ..db::campaigns::NewCampaign::with_defaults(
                SLUG,
                "Demostración · Evaluación de Preparación Digital",
                version,
                vec!["es".into(), "en".into()],
                "es",
            )
        },
        now,
    )?;
    let c = db::campaigns::require(conn, SLUG)?;
    // Group sizes and how each group sees each pillar (public officials see government better).
    let sizes = [95usize, 75, 60, 40, 30];
    let bias = [
        [0.3, 0.9, 0.4, 0.1, 0.2],
        [0.2, -0.3, -0.2, 0.5, 0.0],
        [-0.3, -0.5, -0.4, -0.2, -0.3],
        [0.0, -0.2, 0.1, 0.0, 0.4],
        [0.1, -0.1, 0.2, 0.2, 0.1],
    ];
    let base = [2.6, 2.7, 2.3, 2.6, 2.2];
    let mut rng = Rng(20_261_127);
    let mut rows = Vec::new();
    for (g, size) in sizes.iter().enumerate() {
        for i in 0..*size {
            rows.push(campaign::participants_csv::ParticipantRow {
                line: rows.len() as u64 + 2,
                email: format!("{}.{i}@demo.example", groups[g].code),
                name: Some(format!("Participante {} {}", groups[g].code, i + 1)),
                organisation: None,
                group: groups[g].code.clone(),
                language: if rng.unit() < 0.2 { "en".into() } else { "es".into() },
                attributes: Default::default(),
            });
        }
    }
    db::participants::import(conn, c.id, &rows, now)?;
    db::campaigns::set_state(conn, SLUG, CampaignState::Open, now)?;
    let mut first_link = String::new();
    let mut submitted = 0;
    db::write_tx(conn, |conn| {
        let mut saved = Vec::new();
        for (n, r) in rows.iter().enumerate() {
            let p = n as i64 + 1;
            let nonce = crate::token::new_nonce();
            let token = key.derive(&nonce);
            db::invitations::insert(conn, p, &crate::token::hash(&token), &nonce, c.closes_at, now)?;
            db::invitations::mark_sent(conn, p, now)?;
            let g = groups.iter().position(|x| x.code == r.group).unwrap_or(0);
            let roll = rng.unit();
            if roll < 0.08 {
                if first_link.is_empty() {
                    first_link = format!("{}/r/{token}", base_url.trim_end_matches('/'));
                }
                continue; // not started: its link is the one to try
            }
            let complete = roll >= 0.2;
            let answers =
                simulate(&survey, &r.group, bias.get(g).copied().unwrap_or_default(), &base, complete, &mut rng);
            let codes =
                answers.as_object().and_then(|a| crate::analysis::codes::encode(&survey, a)).filter(|_| complete);
            let inv = db::invitations::of_participant(conn, p)?.map(|i| i.id).unwrap_or_default();
            db::invitations::mark_opened(conn, inv, now)?;
            saved.push(db::submissions::Submission {
                campaign_id: c.id,
                participant_id: Some(p),
                respondent_key: key.mac("response", &token),
                group_code: r.group.clone(),
                origin: crate::analysis::Origin::Link,
                language: r.language.clone(),
                status: if complete { ResponseStatus::Submitted } else { ResponseStatus::Draft },
                answers: answers.to_string(),
                codes,
                pending: None,
                page: 0,
                now,
                stamped: now,
                submitted_at: complete.then_some(now),
                new_id: None,
                anonymous: false,
                read_version: 0,
                first_submission: complete,
                invitation: Some((inv, false)),
                thank: false,
            });
            submitted += usize::from(complete);
        }
        db::submissions::write_all(conn, &saved.iter().collect::<Vec<_>>())?;
        Ok::<_, DbError>(())
    })?;
    Ok(Some(Demo {
        personal_link: first_link,
        public_link: format!("{}/p/{SLUG}", base_url.trim_end_matches('/')),
        respondents: submitted,
    }))
}

/// One respondent's answers: pillar level + group bias + noise, some "don't know".
fn simulate(survey: &Survey, group: &str, bias: [f64; 5], base: &[f64; 5], complete: bool, rng: &mut Rng) -> Value {
    let mut a = Map::new();
    let pillar_index =
        |sub: &str| survey.pillars.iter().position(|p| p.subpillars.iter().any(|s| s.id == sub)).unwrap_or(0);
    let own = rng.normal() * 0.4;
    for q in &survey.questions {
        match (q.kind, q.profile.as_deref()) {
            (_, Some("group")) => {
                a.insert(q.id.clone(), Value::String(group.to_string()));
            }
            (QuestionKind::Single, Some(_)) => {
                let k = q.options.len().max(1);
                let pick = (rng.next() as usize) % k;
                if let Some(o) = q.options.get(pick) {
                    a.insert(q.id.clone(), o.value.clone());
                }
            }
            (QuestionKind::Scored, _) => {
                if !complete && rng.unit() < 0.5 {
                    continue;
                }
                let u = rng.unit();
                let dk = q.options.iter().find(|o| o.missing.is_some()).map(|o| o.value.clone());
                if u < 0.06
                    && let Some(v) = dk
                {
                    a.insert(q.id.clone(), v);
                    continue;
                }
                let p = pillar_index(q.subpillar.as_deref().unwrap_or_default()).min(4);
                let level = (base[p] + bias[p] + own + rng.normal() * 0.9).round().clamp(1.0, 5.0);
                // Reverse items are answered on their own scale: high means the worse situation.
                let level = if q.reverse { 6.0 - level } else { level };
                if let Some(o) = q.options.iter().find(|o| o.score == Some(level)) {
                    a.insert(q.id.clone(), o.value.clone());
                }
            }
            _ => {}
        }
    }
    Value::Object(a)
}
