//! The JSON API's routes, in one table that both registers them and generates the OpenAPI 3.1
//! document at `/api/v1/openapi.json`: the document cannot list a route that does not exist or
//! miss one that does.

use actix_web::{HttpResponse, guard, web};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::api;
use super::api_types::{CampaignItem, CampaignStatus, ImportReport, Paged, ParticipantItem, SurveyItem};
use crate::role::Area;

/// What a route does (each maps to one handler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Surveys,
    Campaigns,
    Status,
    Aggregates,
    Report,
    Responses,
    Comments,
    Participants,
    ImportParticipants,
    Audit,
    OpenApi,
    Compare,
    OpenData,
    Contributions,
    ScreenContribution,
    AnswerContribution,
    Indices,
    IndexFigures,
    IndexFile,
    IndexScore,
    IndexReview,
}

impl Op {
    /// Every operation; a new one fails to compile here until it is listed.
    pub fn all() -> Vec<Op> {
        let all = vec![
            Op::Surveys,
            Op::Campaigns,
            Op::Status,
            Op::Aggregates,
            Op::Report,
            Op::Responses,
            Op::Comments,
            Op::Participants,
            Op::ImportParticipants,
            Op::Audit,
            Op::OpenApi,
            Op::Compare,
            Op::OpenData,
            Op::Contributions,
            Op::ScreenContribution,
            Op::AnswerContribution,
            Op::Indices,
            Op::IndexFigures,
            Op::IndexFile,
            Op::IndexScore,
            Op::IndexReview,
        ];
        for op in &all {
            match op {
                Op::Surveys
                | Op::Campaigns
                | Op::Status
                | Op::Aggregates
                | Op::Report
                | Op::Responses
                | Op::Comments
                | Op::Participants
                | Op::ImportParticipants
                | Op::Audit
                | Op::OpenApi
                | Op::Compare
                | Op::OpenData => {}
                Op::Contributions | Op::ScreenContribution | Op::AnswerContribution => {}
                Op::Indices | Op::IndexFigures | Op::IndexFile | Op::IndexScore | Op::IndexReview => {}
            }
        }
        all
    }
}

/// The HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    /// Writes: the request body is of the route's `consumes` type.
    Post,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
        }
    }
}

/// One API route.
pub struct Route {
    pub op: Op,
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    /// Whose tokens may call it (the same table as the console's).
    pub roles: Area,
    /// Media types of a successful answer (a report comes in several).
    pub produces: &'static [&'static str],
    /// The JSON Schema of a successful JSON answer, derived from its type.
    pub schema: Option<fn(&mut SchemaGenerator) -> Schema>,
    /// Media type of the request body, for a write.
    pub consumes: Option<&'static str>,
    pub query: &'static [(&'static str, &'static str)],
}

fn schema_of<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// The media types of the report's formats.
const REPORT_TYPES: &[&str] = &[
    "application/pdf",
    "text/html; charset=utf-8",
    "text/csv; charset=utf-8",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/json",
];

pub const ROUTES: &[Route] = &[
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Surveys,
        path: "/api/v1/surveys",
        summary: "Stored survey versions, newest first",
        roles: Area::Reading,
        produces: &["application/json"],
        schema: Some(schema_of::<Paged<SurveyItem>>),
        query: &[("page", "integer"), ("per_page", "integer")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Campaigns,
        path: "/api/v1/campaigns",
        summary: "Campaigns, newest first",
        roles: Area::Reading,
        produces: &["application/json"],
        schema: Some(schema_of::<Paged<CampaignItem>>),
        query: &[("page", "integer"), ("per_page", "integer")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Status,
        path: "/api/v1/campaigns/{slug}/status",
        summary: "Per-group progress: invited, bounced, opted out, opened, started, submitted, response rate",
        roles: Area::Reading,
        produces: &["application/json"],
        schema: Some(schema_of::<CampaignStatus>),
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Aggregates,
        path: "/api/v1/campaigns/{slug}/aggregates",
        summary: "Scores, statistics and suppressed cells of the campaign",
        roles: Area::Analysis,
        produces: &["application/json"],
        schema: Some(schema_of::<crate::analysis::Aggregates>),
        query: &[("by", "string")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Report,
        path: "/api/v1/campaigns/{slug}/report.{format}",
        summary: "The report: pdf, html, csv, xlsx or json; a csv with excel=1 takes semicolons and decimal commas",
        roles: Area::Analysis,
        produces: REPORT_TYPES,
        schema: None,
        query: &[("lang", "string"), ("excel", "string")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Responses,
        path: "/api/v1/campaigns/{slug}/responses.csv",
        summary: "The anonymised responses; excel=1 for semicolons and decimal commas",
        roles: Area::Analysis,
        produces: &["text/csv; charset=utf-8"],
        schema: None,
        query: &[("excel", "string")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Comments,
        path: "/api/v1/campaigns/{slug}/comments.{format}",
        summary: "What respondents wrote (csv, json or xlsx): the published groups only, no profile field beside a \
                  comment, sorted so no two comments tie to one person; free text can still name its author",
        roles: Area::Analysis,
        produces: &[
            "text/csv; charset=utf-8",
            "application/json",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ],
        schema: None,
        query: &[("lang", "string"), ("excel", "string")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Participants,
        path: "/api/v1/campaigns/{slug}/participants",
        summary: "Participants and where each stands (invited, opened, started, submitted, bounced); never a token",
        roles: Area::Management,
        produces: &["application/json"],
        schema: Some(schema_of::<Paged<ParticipantItem>>),
        query: &[("page", "integer"), ("per_page", "integer")],
    },
    Route {
        method: Method::Post,
        consumes: Some("text/csv"),
        op: Op::ImportParticipants,
        path: "/api/v1/campaigns/{slug}/participants",
        summary: "Import participants from a CSV body (email,name,organisation,group,language): \
                  the valid rows are added or updated, each refused row reported with its line",
        roles: Area::Management,
        produces: &["application/json"],
        schema: Some(schema_of::<ImportReport>),
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Audit,
        path: "/api/v1/audit.csv",
        summary: "The audit log, newest first",
        roles: Area::Administration,
        produces: &["text/csv; charset=utf-8"],
        schema: None,
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::OpenApi,
        path: "/api/v1/openapi.json",
        summary: "This document",
        roles: Area::Public,
        produces: &["application/json"],
        schema: None,
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Compare,
        path: "/api/v1/campaigns/{slug}/compare",
        summary: "The campaign against earlier editions: from=SLUG[,SLUG…] (oldest first; default: its latest earlier \
                  campaign on the same survey); per group × scale both means, the difference and its Welch 95% interval \
                  (published figures only); map=item map as JSON; format=csv for the same as a CSV table (text/csv). \
                  Index campaigns: each institution's score and rank change with both 5-95% rank intervals, or with \
                  three or more editions each institution's series; a survey campaign with an index campaign is a 422",
        roles: Area::Analysis,
        produces: &["application/json"],
        schema: Some(schema_of::<crate::service::compare::Answer>),
        query: &[("from", "string"), ("map", "string"), ("format", "string")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::OpenData,
        path: "/api/v1/campaigns/{slug}/open-data.zip",
        summary: "The published figures as open data: a Frictionless Data Package (CSV + Table Schema) and DCAT-AP \
                  metadata (JSON-LD), zipped; lang=es|en for the labels",
        roles: Area::Analysis,
        produces: &["application/zip"],
        schema: None,
        query: &[("lang", "string")],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Contributions,
        path: "/api/v1/campaigns/{slug}/contributions",
        summary: "The campaign's open contributions with their screening and answer (never an address)",
        roles: Area::Moderation,
        produces: &["application/json"],
        schema: Some(schema_of::<Vec<super::contributions_api::ContributionItem>>),
        query: &[("status", "string")],
    },
    Route {
        method: Method::Post,
        consumes: Some("application/json"),
        op: Op::ScreenContribution,
        path: "/api/v1/campaigns/{slug}/contributions/{id}/screen",
        summary: "Screen a pending contribution: {version, decision: publish|edit|reject, text, note, reason}; \
                  409 when it changed since that version",
        roles: Area::Moderation,
        produces: &["application/json"],
        schema: Some(schema_of::<super::contributions_api::ContributionItem>),
        query: &[],
    },
    Route {
        method: Method::Post,
        consumes: Some("application/json"),
        op: Op::AnswerContribution,
        path: "/api/v1/campaigns/{slug}/contributions/{id}/answer",
        summary: "Answer a published contribution: {version, answer, reason, reference}; the contributor who left \
                  an address is sent one message; 409 when it changed since that version",
        roles: Area::Moderation,
        produces: &["application/json"],
        schema: Some(schema_of::<super::contributions_api::ContributionItem>),
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::Indices,
        path: "/api/v1/indices",
        summary: "Index campaigns of institutions, newest first",
        roles: Area::Reading,
        produces: &["application/json"],
        schema: Some(schema_of::<super::api_types::IndexList>),
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::IndexFigures,
        path: "/api/v1/indices/{slug}",
        summary: "An index's figures under its framework's method: the counted scores, each institution's \
                  normalised values, pillar scores, index and rank, the rank intervals and sensitivity of the \
                  uncertainty analysis, the agreement between evaluators and the review counts",
        roles: Area::Reading,
        produces: &["application/json"],
        schema: Some(schema_of::<crate::service::index::Figures>),
        query: &[],
    },
    Route {
        method: Method::Get,
        consumes: None,
        op: Op::IndexFile,
        path: "/api/v1/indices/{slug}/files/{file}",
        summary: "A document or table of an index: report.pdf|html, scorecard-UNIT.pdf|html, tables.xlsx|json, \
                  index-*.csv; lang=es|en; a report with compare_to (earlier editions, comma-separated, oldest \
                  first) adds its \"change since\" section",
        roles: Area::Reading,
        produces: &[
            "application/pdf",
            "text/html; charset=utf-8",
            "text/csv; charset=utf-8",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/json",
        ],
        schema: None,
        query: &[("lang", "string"), ("compare_to", "string")],
    },
    Route {
        method: Method::Post,
        consumes: Some("application/json"),
        op: Op::IndexScore,
        path: "/api/v1/indices/{slug}/scores",
        summary: "Score one indicator of one institution as the token's owner: {unit, indicator, value, evidence_url, \
                  evidence_note, evidence_file, version} (version: of your own score you change; absent for a first \
                  score); 409 when it changed since that version",
        roles: Area::Management,
        produces: &["application/json"],
        schema: Some(schema_of::<super::api_types::IndexScoreSaved>),
        query: &[],
    },
    Route {
        method: Method::Post,
        consumes: Some("application/json"),
        op: Op::IndexReview,
        path: "/api/v1/indices/{slug}/scores/{id}/review",
        summary: "Confirm, dispute or resolve a score you did not give: {version, action: confirm|dispute|resolve, \
                  reason, value}; answers the score's new version; 409 when it changed since that version",
        roles: Area::Management,
        produces: &["application/json"],
        schema: Some(schema_of::<super::api_types::IndexReviewSaved>),
        query: &[],
    },
];

/// Registers every route of the table.
pub fn register(cfg: &mut web::ServiceConfig) {
    for r in ROUTES {
        let method = match r.method {
            Method::Get => web::get(),
            Method::Post => web::post(),
        };
        // A GET route answers HEAD too (the headers, no body).
        let method = match r.method {
            Method::Get => web::route().guard(guard::Any(guard::Get()).or(guard::Head())),
            Method::Post => method,
        };
        let route = match r.op {
            Op::Surveys => method.to(api::surveys),
            Op::Campaigns => method.to(api::campaigns),
            Op::Status => method.to(api::status),
            Op::Aggregates => method.to(api::aggregates),
            Op::Report => method.to(api::report),
            Op::Responses => method.to(api::responses),
            Op::Comments => method.to(api::comments),
            Op::Participants => method.to(api::participants),
            Op::ImportParticipants => method.to(api::import_participants),
            Op::Audit => method.to(api::audit_csv),
            Op::OpenApi => method.to(openapi),
            Op::Compare => method.to(super::api_compare::compare),
            Op::OpenData => method.to(super::api_compare::open_data),
            Op::Contributions => method.to(super::contributions_api::list),
            Op::ScreenContribution => method.to(super::contributions_api::screen),
            Op::AnswerContribution => method.to(super::contributions_api::answer),
            Op::Indices => method.to(super::index_api::list),
            Op::IndexFigures => method.to(super::index_api::figures),
            Op::IndexFile => method.to(super::index_api::file),
            Op::IndexScore => method.to(super::index_api::score),
            Op::IndexReview => method.to(super::index_api::review),
        };
        cfg.route(r.path, route);
    }
    cfg.route("/api/v1/docs", web::get().to(super::api_docs::docs));
    // Any other address under the API answers as the API does: JSON.
    cfg.service(web::resource("/api/v1/{tail:.*}").to(unknown));
}

async fn unknown(req: actix_web::HttpRequest) -> HttpResponse {
    HttpResponse::NotFound().json(json!({"error": {"code": "not_found",
        "message": format!("no API route {} {} (see /api/v1/openapi.json)", req.method(), req.path())}}))
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The OpenAPI 3.1 document of [`ROUTES`]. Answer schemas are derived from their types
/// (JSON Schema 2020-12), their definitions gathered under `components/schemas`.
pub fn document() -> Value {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.contract = schemars::generate::Contract::Serialize;
    let mut generator = settings.into_generator();
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
        let content: Map<String, Value> = r
            .produces
            .iter()
            .map(|media| {
                let schema = r.schema.map_or_else(|| json!({}), |f| json!({"schema": f(&mut generator).to_value()}));
                ((*media).to_string(), schema)
            })
            .collect();
        responses.insert("200".into(), json!({"description": "OK", "content": content}));
        if r.roles != Area::Public {
            responses.insert("401".into(), error_response("No valid API token"));
            responses.insert("403".into(), error_response("The token's role may not do this"));
        }
        if r.path.contains("{slug}") {
            responses.insert("404".into(), error_response("No such campaign"));
        }
        if r.consumes.is_some() {
            responses.insert("422".into(), error_response("The body is not what the route takes"));
        }
        let mut op = json!({
            "summary": r.summary,
            "operationId": format!("{:?}", r.op),
            "parameters": params,
            "responses": responses,
        });
        if r.roles != Area::Public
            && let Some(o) = op.as_object_mut()
        {
            let names: Vec<&str> = r.roles.roles().iter().map(|r| r.as_str()).collect();
            o.insert("security".into(), json!([{"bearer": []}]));
            o.insert("description".into(), json!(format!("Roles: {}.", names.join(", "))));
        }
        if let (Some(media), Some(o)) = (r.consumes, op.as_object_mut()) {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {media: {"schema": {"type": "string"}}}}),
            );
        }
        if let Some(item) = paths.entry(r.path.to_string()).or_insert_with(|| json!({})).as_object_mut() {
            item.insert(r.method.name().into(), op);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "dra API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Digital Readiness Assessment: surveys, campaigns, progress, aggregates and reports. Tokens: dra token create."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas(generator)
        }
    })
}

/// The derived definitions, and the error every failure answers with.
fn schemas(mut generator: SchemaGenerator) -> Value {
    let mut all = generator.take_definitions(true);
    all.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
            "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}),
    );
    Value::Object(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_route_and_each_route_one_method_per_path() {
        for op in Op::all() {
            assert!(ROUTES.iter().any(|r| r.op == op), "{op:?} has a handler but no route");
        }
        for (i, a) in ROUTES.iter().enumerate() {
            assert!(
                !ROUTES[i + 1..].iter().any(|b| b.path == a.path && b.method == a.method),
                "{} {} twice",
                a.method.name(),
                a.path
            );
            assert_eq!(a.consumes.is_some(), a.method == Method::Post, "{}: a body only for a write", a.path);
        }
    }
}
