//! The API's side of contributions, for moderators, coordinators and administrators: a
//! campaign's contributions (never an address), and the two decisions — screening and answering —
//! each stating the version it read (compare-and-set: 409 when another decision came first).
//! Audit-logged under the token's owner. The routes are listed in `openapi::ROUTES`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::api::{ApiError, authorize, with_conn};
use super::api_types::utc;
use super::state::AppState;
use crate::contribution::{Answer, Contribution, Decision, Screening};
use crate::service::contributions::{self, Answering};
use crate::service::{Actor, DomainError, accounts};

/// A contribution as moderators see it (the address its contributor may have left is not shown).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ContributionItem {
    pub id: i64,
    pub topic: String,
    /// `pending`, `published` or `rejected`.
    pub status: String,
    /// What the contributor wrote.
    pub text: String,
    /// What is published instead, where personal data was hidden.
    pub published_text: Option<String>,
    pub edit_note: Option<String>,
    pub author_name: Option<String>,
    pub author_organisation: Option<String>,
    /// Whether an address was left for the one answer message (still to be sent).
    pub wants_answer: bool,
    pub language: String,
    pub received_at: DateTime<Utc>,
    pub screened_by: Option<String>,
    pub reject_reason: Option<String>,
    /// `incorporated`, `partly_incorporated`, `not_incorporated` or `out_of_scope`.
    pub answer: Option<String>,
    pub answer_reason: Option<String>,
    pub answer_reference: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// What a decision on it states as the version it read.
    pub version: i64,
}

impl From<Contribution> for ContributionItem {
    fn from(c: Contribution) -> Self {
        Self {
            id: c.id,
            topic: c.topic,
            status: c.screening.as_str().into(),
            text: c.body,
            published_text: c.shown_body,
            edit_note: c.edit_note,
            author_name: c.author_name,
            author_organisation: c.author_org,
            wants_answer: c.wants_answer && c.notified_at.is_none(),
            language: c.language,
            received_at: utc(c.created_at),
            screened_by: c.screened_by,
            reject_reason: c.reject_reason,
            answer: c.answer.map(|a| a.as_str().into()),
            answer_reason: c.answer_reason,
            answer_reference: c.answer_ref,
            answered_at: c.answered_at.map(utc),
            version: c.version,
        }
    }
}

/// The body of a screening decision.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ScreenBody {
    pub version: i64,
    /// `publish`, `edit` (publish `text` instead, with a `note`) or `reject` (with a `reason`).
    pub decision: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub reason: String,
}

/// The body of an answer.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AnswerBody {
    pub version: i64,
    pub answer: String,
    pub reason: String,
    #[serde(default)]
    pub reference: String,
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
}

fn unprocessable(code: &str, message: String) -> HttpResponse {
    HttpResponse::UnprocessableEntity().json(serde_json::json!({"error": {"code": code, "message": message}}))
}

/// `GET /api/v1/campaigns/{slug}/contributions[?status=]`.
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => match Screening::parse(s) {
            Some(x) => Some(x),
            None => {
                return Ok(unprocessable(
                    "invalid",
                    format!("status: use pending, published or rejected, not \"{s}\""),
                ));
            }
        },
    };
    let slug = path.into_inner();
    let (_, _, items) = with_conn(&state, move |conn| contributions::list(conn, &slug, status)).await?;
    let items: Vec<ContributionItem> = items.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(items))
}

async fn actor(state: &web::Data<AppState>, req: &HttpRequest, user_id: i64) -> Result<Actor, ApiError> {
    let ip = super::console::ip_of(req);
    let name = with_conn(state, move |conn| accounts::name_of(conn, user_id)).await?;
    Ok(Actor { name: format!("{name} (API)"), ip })
}

/// `POST /api/v1/campaigns/{slug}/contributions/{id}/screen` with a [`ScreenBody`].
pub async fn screen(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let user_id = authorize(&state, &req).await?;
    let b: ScreenBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return Ok(unprocessable("invalid_body", e.to_string())),
    };
    let decision = match b.decision.as_str() {
        "publish" => Decision::Publish,
        "edit" => Decision::PublishEdited { text: b.text, note: b.note },
        "reject" => Decision::Reject { reason: b.reason },
        other => {
            return Ok(unprocessable("invalid", format!("decision: use publish, edit or reject, not \"{other}\"")));
        }
    };
    let actor = actor(&state, &req, user_id).await?;
    let (slug, id) = path.into_inner();
    let now = state.clock.now();
    let c = with_conn(&state, move |conn| contributions::screen(conn, &slug, id, b.version, &decision, &actor, now))
        .await?;
    Ok(HttpResponse::Ok().json(ContributionItem::from(c)))
}

/// `POST /api/v1/campaigns/{slug}/contributions/{id}/answer` with an [`AnswerBody`].
pub async fn answer(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let user_id = authorize(&state, &req).await?;
    let b: AnswerBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return Ok(unprocessable("invalid_body", e.to_string())),
    };
    let Some(answer) = Answer::parse(&b.answer) else {
        return Ok(unprocessable(
            "invalid",
            format!(
                "answer: use incorporated, partly_incorporated, not_incorporated or out_of_scope, not \"{}\"",
                b.answer
            ),
        ));
    };
    let actor = actor(&state, &req, user_id).await?;
    let (slug, id) = path.into_inner();
    let now = state.clock.now();
    let st = state.clone();
    let a = Answering { answer, reason: b.reason, reference: b.reference };
    let c = with_conn(&state, move |conn| -> Result<_, DomainError> {
        contributions::respond(conn, &slug, id, b.version, &a, &actor, &st.settings.base_url, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ContributionItem::from(c)))
}
