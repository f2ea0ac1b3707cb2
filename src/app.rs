//! Builds the application from [`Settings`]: opens the database, runs migrations, binds the HTTP
//! server (port 0 works, for tests) and returns a handle to it.

use std::net::SocketAddr;

use actix_web::{App, HttpServer, middleware, web};
use anyhow::Context;

use crate::config::Settings;
use crate::db::{self, DbPool};

/// What every handler can reach.
pub struct AppState {
    pub pool: DbPool,
    pub backend: &'static str,
    pub settings: Settings,
}

/// A bound, not yet running server.
pub struct Application {
    server: actix_web::dev::Server,
    addr: SocketAddr,
}

impl Application {
    /// Opens and migrates the database, then binds `settings.bind`.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let url = settings.database()?;
        let mut conn = db::connect(&url)?;
        let applied = db::migrate::run_pending(&mut conn)?;
        if !applied.is_empty() {
            tracing::info!(migrations = ?applied, "database migrated");
        }
        drop(conn);
        let pool = db::pool(&url, settings.pool_size)?;
        let bind = settings.bind.clone();
        let state = web::Data::new(AppState { pool, backend: url.backend(), settings });
        let listener = std::net::TcpListener::bind(&bind).with_context(|| format!("cannot listen on {bind}"))?;
        let addr = listener.local_addr()?;
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(middleware::Compress::default())
                .wrap(
                    middleware::Logger::new("%a \"%{path}xi\" %s %b %Dms")
                        .custom_request_replace("path", |req| format!("{} {}", req.method(), redact_path(req.path())))
                        .exclude("/healthz"),
                )
                .configure(crate::web::routes)
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        Ok(Self { server, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; SIGTERM and SIGINT stop it gracefully (in-flight requests finish).
    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// A request path fit for logs: personal tokens (`/r/{token}/…`) never reach them.
pub fn redact_path(path: &str) -> String {
    match path.strip_prefix("/r/") {
        Some(rest) => {
            let tail = rest.split_once('/').map_or(String::new(), |(_, t)| format!("/{t}"));
            format!("/r/[token]{tail}")
        }
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_redacted_from_logged_paths() {
        assert_eq!(super::redact_path("/r/abcDEF123/print"), "/r/[token]/print");
        assert_eq!(super::redact_path("/r/abcDEF123"), "/r/[token]");
        assert_eq!(super::redact_path("/healthz"), "/healthz");
    }
}
