//! The JSON API's routes, in one table that both registers them and generates the OpenAPI 3.1
//! document at `/api/v1/openapi.json`: the document cannot list a route that does not exist or
//! miss one that does.

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value, json};

use super::api;

/// What a route does (each maps to one handler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Surveys,
    Campaigns,
    Status,
    Aggregates,
    Report,
    Responses,
    Participants,
    Audit,
    OpenApi,
}

/// One API route.
pub struct Route {
    pub op: Op,
    pub path: &'static str,
    pub summary: &'static str,
    /// Roles whose tokens may call it; empty = public.
    pub roles: &'static [&'static str],
    /// Media type of a successful answer.
    pub produces: &'static str,
    pub query: &'static [(&'static str, &'static str)],
}

pub const ROUTES: &[Route] = &[
    Route {
        op: Op::Surveys,
        path: "/api/v1/surveys",
        summary: "Stored survey versions, newest first",
        roles: &["admin", "coordinator", "analyst"],
        produces: "application/json",
        query: &[("page", "integer"), ("per_page", "integer")],
    },
    Route {
        op: Op::Campaigns,
        path: "/api/v1/campaigns",
        summary: "Campaigns, newest first",
        roles: &["admin", "coordinator", "analyst"],
        produces: "application/json",
        query: &[("page", "integer"), ("per_page", "integer")],
    },
    Route {
        op: Op::Status,
        path: "/api/v1/campaigns/{slug}/status",
        summary: "Per-group progress: invited, bounced, opted out, opened, started, submitted, response rate",
        roles: &["admin", "coordinator", "analyst"],
        produces: "application/json",
        query: &[],
    },
    Route {
        op: Op::Aggregates,
        path: "/api/v1/campaigns/{slug}/aggregates",
        summary: "Scores, statistics and suppressed cells of the campaign",
        roles: &["admin", "analyst"],
        produces: "application/json",
        query: &[("by", "string")],
    },
    Route {
        op: Op::Report,
        path: "/api/v1/campaigns/{slug}/report.{format}",
        summary: "The report: pdf, html, csv, xlsx or json",
        roles: &["admin", "analyst"],
        produces: "application/octet-stream",
        query: &[("lang", "string")],
    },
    Route {
        op: Op::Responses,
        path: "/api/v1/campaigns/{slug}/responses.csv",
        summary: "The anonymised responses",
        roles: &["admin", "analyst"],
        produces: "text/csv",
        query: &[],
    },
    Route {
        op: Op::OpenApi,
        path: "/api/v1/openapi.json",
        summary: "This document",
        roles: &[],
        produces: "application/json",
        query: &[],
    },
];

/// Registers every route of the table.
pub fn register(cfg: &mut web::ServiceConfig) {
    for r in ROUTES {
        let route = match r.op {
            Op::Surveys => web::get().to(api::surveys),
            Op::Campaigns => web::get().to(api::campaigns),
            Op::Status => web::get().to(api::status),
            Op::Aggregates => web::get().to(api::aggregates),
            Op::Report => web::get().to(api::report),
            Op::Responses => web::get().to(api::responses),
            Op::Participants => web::get().to(api::participants),
            Op::Audit => web::get().to(api::audit_csv),
            Op::OpenApi => web::get().to(openapi),
        };
        cfg.route(r.path, route);
    }
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The OpenAPI 3.1 document of [`ROUTES`].
pub fn document() -> Value {
    let mut paths = Map::new();
    for r in ROUTES {
        let mut params: Vec<Value> = r
            .path
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        params.extend(
            r.query
                .iter()
                .map(|(name, ty)| json!({"name": name, "in": "query", "required": false, "schema": {"type": ty}})),
        );
        let mut responses = Map::new();
        responses.insert("200".into(), json!({"description": "OK", "content": {r.produces: {}}}));
        if !r.roles.is_empty() {
            responses.insert("401".into(), error_response("No valid API token"));
            responses.insert("403".into(), error_response("The token's role may not do this"));
        }
        if r.path.contains("{slug}") {
            responses.insert("404".into(), error_response("No such campaign"));
        }
        let mut op = json!({
            "summary": r.summary,
            "operationId": format!("{:?}", r.op),
            "parameters": params,
            "responses": responses,
        });
        if !r.roles.is_empty()
            && let Some(o) = op.as_object_mut()
        {
            o.insert("security".into(), json!([{"bearer": []}]));
            o.insert("description".into(), json!(format!("Roles: {}.", r.roles.join(", "))));
        }
        paths.insert(r.path.to_string(), json!({"get": op}));
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "dra API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Digital Readiness Assessment: surveys, campaigns, progress, aggregates and reports. Tokens: dra token create."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
                "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}
        }
    })
}
