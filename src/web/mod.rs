//! HTTP handlers: health, the respondent's personal link and opt-out, static assets. The
//! console and the JSON API join here.

pub mod accounts;
pub mod api;
mod api_compare;
pub mod api_docs;
pub mod api_types;
pub mod campaign_settings;
pub mod client;
pub mod console;
pub mod console_auth;
mod console_compare;
pub mod contribute;
pub mod contributions_api;
pub mod contributions_console;
pub mod contributions_public;
pub mod contributions_settings;
pub mod csrf;
pub mod edge;
pub mod form;
pub mod form_body;
pub mod form_intro;
pub mod form_page;
pub mod form_review;
pub mod form_save;
pub mod form_view;
pub mod health;
pub mod index_api;
pub mod index_console;
pub mod index_manage;
pub mod index_self;
pub mod limit;
pub mod manage;
pub mod openapi;
pub mod pages;
pub mod participants;
pub mod respond;
pub mod response;
pub mod responses;
pub mod state;
pub mod upload;

use actix_web::{HttpResponse, get, web};

/// The stylesheet of every page, embedded in the binary.
const CSS: &str = include_str!("../../static/dra.css");
/// What the console adds to it (the questionnaire's pages, on a phone and a slow connection, do
/// not load it).
const CONSOLE_CSS: &str = include_str!("../../static/console.css");

fn css(body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .body(body)
}

#[get("/static/dra.css")]
async fn stylesheet() -> HttpResponse {
    css(CSS)
}

#[get("/static/console.css")]
async fn console_stylesheet() -> HttpResponse {
    css(CONSOLE_CSS)
}

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // The questionnaire first, one resource per path (a request is matched against routes in
    // this order, each dynamic path by a pattern).
    cfg.service(
        web::resource("/r/{token}")
            .route(web::get().to(form::show_personal))
            .route(web::post().to(form_save::save_personal))
            .route(web::head().to(form::head_personal)),
    )
    .service(
        web::resource("/p/{slug}")
            .route(web::get().to(form::show_public))
            .route(web::post().to(form_save::save_public))
            .route(web::head().to(form::head_public)),
    )
    .service(
        web::resource("/p/{slug}/contribute")
            .route(web::get().to(contribute::show_public))
            .route(web::post().to(contribute::save_public)),
    )
    .service(
        web::resource("/r/{token}/contribute")
            .route(web::get().to(contribute::show_personal))
            .route(web::post().to(contribute::save_personal)),
    )
    .service(web::resource("/i/{token}").route(web::get().to(index_self::show)).route(web::post().to(index_self::save)))
    .service(contributions_public::public_page)
    .service(contributions_public::csv)
    .service(contributions_public::datapackage)
    .service(contributions_public::record)
    .service(health::healthz)
    .service(stylesheet)
    .service(console_stylesheet)
    .service(form::print_personal)
    .service(form::seen)
    .service(form::public_again)
    .service(respond::optout_form)
    .service(respond::optout)
    .configure(openapi::register)
    .service(console_auth::login_form)
    .service(console_auth::login)
    .service(console_auth::logout)
    .service(console_auth::password_form)
    .service(console_auth::password)
    .service(console::home)
    .service(console::aggregates)
    .service(console_compare::page)
    .service(console_compare::csv)
    // Before the downloads: `/console/campaigns/{slug}/{file}` would take these paths too.
    .service(responses::responses)
    .service(response::response)
    .service(response::exclude)
    .service(response::restore)
    .service(participants::participants)
    .service(participants::participant)
    .service(participants::resend)
    .service(participants::correct)
    .service(campaign_settings::settings_page)
    .service(campaign_settings::save_settings)
    // Contributions: the settings before `{id}`, all before the downloads.
    .service(contributions_settings::settings)
    .service(contributions_settings::save_settings)
    .service(contributions_console::queue)
    .service(contributions_console::contribution)
    .service(contributions_console::screen)
    .service(contributions_console::answer)
    .service(console::download)
    .service(console::audit_csv)
    .service(console::audit)
    .service(accounts::users_page)
    .service(accounts::user_action)
    .service(accounts::add_user)
    .service(accounts::revoke_token)
    .service(manage::manage)
    .service(manage::store_survey)
    .service(manage::create_campaign)
    .service(manage::import_participants)
    .service(manage::campaign_action)
    // Before the ranking: `/console/indices/{slug}` would take `/console/indices/new` too.
    .service(index_manage::manage)
    .service(index_manage::create)
    .service(index_manage::import_units)
    .service(index_manage::import_scores)
    .service(index_manage::invite)
    .service(index_console::list)
    .service(index_console::scores)
    .service(index_console::file)
    .service(index_console::set_score)
    .service(index_console::review)
    .service(index_console::ranking);
}
