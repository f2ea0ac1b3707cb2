//! `GET /api/v1/docs`: the API described for people, drawn from the same OpenAPI document as
//! `/api/v1/openapi.json`, with no script and no outside asset.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde_json::Value;

use super::openapi::{ROUTES, document};
use super::pages;
use crate::role::Area;

struct RouteView {
    method: String,
    path: String,
    summary: String,
    roles: String,
    params: Vec<String>,
    produces: Vec<String>,
    schema: Option<String>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    lang: &'static str,
    version: &'static str,
    routes: Vec<RouteView>,
    components: String,
}

pub async fn docs() -> HttpResponse {
    let doc = document();
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let routes = ROUTES
        .iter()
        .map(|r| {
            let op = &doc["paths"][r.path][r.method.name()];
            let schema = op["responses"]["200"]["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
                .map(pretty);
            RouteView {
                method: r.method.name().to_uppercase(),
                path: r.path.to_string(),
                summary: r.summary.to_string(),
                roles: if r.roles == Area::Public {
                    "Public.".into()
                } else {
                    let names: Vec<&str> = r.roles.roles().iter().map(|r| r.as_str()).collect();
                    format!("Roles: {}.", names.join(", "))
                },
                params: op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                format!(
                                    "{} ({}, {})",
                                    p["name"].as_str().unwrap_or(""),
                                    p["in"].as_str().unwrap_or(""),
                                    p["schema"]["type"].as_str().unwrap_or("")
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                produces: r.produces.iter().map(|m| m.to_string()).collect(),
                schema,
            }
        })
        .collect();
    let components = pretty(&doc["components"]["schemas"]);
    pages::render(StatusCode::OK, &DocsPage { lang: "en", version: env!("CARGO_PKG_VERSION"), routes, components })
}
