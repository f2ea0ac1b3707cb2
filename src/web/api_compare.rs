//! `GET /api/v1/campaigns/{slug}/compare`: editions compared (see [`crate::service::compare`]), as JSON or CSV
//! (index campaigns: [`crate::service::index::editions`]; a mix of kinds is a 422);
//! `GET /api/v1/campaigns/{slug}/open-data.zip`: the campaign's open-data package
//! ([`crate::service::publish`]).

use actix_web::{HttpRequest, HttpResponse, web};

use super::api::{ApiError, authorize, with_conn};
use super::state::AppState;
use crate::service::{DomainError, compare};

#[derive(serde::Deserialize)]
pub struct CompareQuery {
    /// Earlier campaigns, comma-separated, oldest first.
    from: Option<String>,
    /// The item map, as JSON text.
    map: Option<String>,
    format: Option<String>,
}

/// The slugs of a comma-separated list, without blanks.
pub(crate) fn slugs(list: &str) -> Vec<String> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// `GET /api/v1/campaigns/{slug}/compare[?from=A[,B…]][&map=JSON][&format=json|csv]`: `slug`
/// against the earlier editions named, or its latest earlier edition on the same survey.
pub async fn compare(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let q = query.into_inner();
    let csv = match q.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => return Err(DomainError::invalid("format", format!("{other}: use json or csv")).into()),
    };
    let from = slugs(q.from.as_deref().unwrap_or_default());
    let to = path.into_inner();
    let map = q.map.as_deref().map(compare::parse_map).transpose()?;
    // Index campaigns (a mix with survey campaigns is refused): the score and rank change of
    // each institution, or their series over three or more editions.
    let (f, t) = (from.clone(), to.clone());
    let indices = with_conn(&state, move |conn| {
        use crate::service::index::editions as ed;
        match ed::kind(conn, &f, &t, "en")? {
            ed::Kind::Index => ed::answer(conn, &f, &t, "en").map(Some),
            ed::Kind::Survey => Ok(None),
        }
    })
    .await?;
    if let Some(a) = indices {
        if csv {
            let bytes = a.csv()?;
            return Ok(HttpResponse::Ok().content_type("text/csv; charset=utf-8").body(bytes));
        }
        return Ok(HttpResponse::Ok().json(a));
    }
    let answer = with_conn(&state, move |conn| compare::answer(conn, &from, &to, map.as_ref())).await?;
    if csv {
        let Some(c) = &answer.comparison else {
            return Err(DomainError::NotFound(answer.note.unwrap_or_default()).into());
        };
        let bytes = crate::analysis::compare::table::csv(c).map_err(DomainError::Internal)?;
        return Ok(HttpResponse::Ok().content_type("text/csv; charset=utf-8").body(bytes));
    }
    Ok(HttpResponse::Ok().json(answer))
}

#[derive(serde::Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// `GET /api/v1/campaigns/{slug}/open-data.zip[?lang=es|en]`.
pub async fn open_data(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    super::api::download(&state, &path.into_inner(), "open-data.zip", query.lang.as_deref(), false).await
}
