//! `GET /healthz`: is the process up and the database reachable (for load balancers and probes).

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde_json::json;

use super::state::AppState;

/// 200 when a pooled connection answers `SELECT 1`, 503 otherwise.
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let backend = state.backend;
    let probe = web::block(move || -> Result<(), String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        conn.batch_execute("SELECT 1").map_err(|e| e.to_string())
    })
    .await;
    match probe {
        Ok(Ok(())) => HttpResponse::Ok().json(json!({"status": "ok", "database": backend})),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            HttpResponse::ServiceUnavailable().json(json!({"status": "unavailable", "database": backend}))
        }
        Err(_) => HttpResponse::ServiceUnavailable().json(json!({"status": "unavailable", "database": backend})),
    }
}
