//! Builds the application from [`Settings`]: opens the database, runs migrations, binds the HTTP
//! server (port 0 works, for tests) and returns a handle to it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::{App, HttpServer, middleware, web};
use anyhow::Context;

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db;
pub use crate::web::state::AppState;

/// A bound, not yet running server (and its mail worker, when enabled).
pub struct Application {
    server: actix_web::dev::Server,
    addr: SocketAddr,
    worker: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
}

/// Headers on every response: no inline script or style, no framing, no referrer (a personal
/// link must not leak to another site), no MIME sniffing.
fn security_headers() -> middleware::DefaultHeaders {
    middleware::DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
}

impl Application {
    /// Opens and migrates the database, then binds `settings.bind`.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with(settings, |_, _| Ok(()))
    }

    /// Like [`Application::build`], with `prepare` run on the migrated database before the pool,
    /// the mail worker and the listener exist. `dra serve` loads its demo data and creates the first
    /// administrator there, so the database is migrated in one place, here.
    pub fn build_with(
        settings: Settings,
        prepare: impl FnOnce(&mut db::AnyConnection, &Settings) -> anyhow::Result<()>,
    ) -> anyhow::Result<Self> {
        let langs = settings.load_catalogs()?;
        if !langs.is_empty() {
            tracing::info!(languages = ?langs, "message catalogs loaded");
        }
        let url = settings.database()?;
        let mut conn = db::connect(&url)?;
        let applied = db::migrate::run_pending(&mut conn).context("migrating the database")?;
        if !applied.is_empty() {
            tracing::info!(migrations = ?applied, "database migrated");
        }
        prepare(&mut conn, &settings)?;
        drop(conn);
        let pool = db::pool(&url, settings.pool_size)?;
        let bind = settings.bind.clone();
        let key = settings.token_key()?;
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let worker = if settings.mail_worker {
            let mailer = crate::mail::Mailer::from_settings(&settings)?;
            let w = crate::mail::Worker::new(mailer, key.clone(), &settings, clock.clone());
            let stop = Arc::new(AtomicBool::new(false));
            let handle = w.spawn(pool.clone(), stop.clone(), crate::mail::worker::PASS_EVERY);
            Some((stop, handle))
        } else {
            None
        };
        let proxies =
            crate::web::client::TrustedProxies::parse(&settings.trusted_proxies).map_err(anyhow::Error::msg)?;
        let state = web::Data::new(AppState {
            pool,
            backend: url.backend(),
            settings,
            key,
            clock,
            surveys: Default::default(),
            public_limit: crate::web::limit::RateLimit::new(60),
            login_limit: crate::web::limit::RateLimit::new(30),
            account_limit: crate::web::limit::RateLimit::new(10),
            proxies,
            writer: db::writer::Writer::start(&url)?,
        });
        // The surveys of open campaigns are compiled now, not by their first respondents.
        {
            let mut conn = state.pool.get()?;
            for c in db::campaigns::open_campaigns(&mut conn)? {
                if let Err(e) = state.surveys.get(&mut conn, c.survey_version_id) {
                    tracing::warn!(campaign = %c.slug, error = %e, "the campaign's survey does not compile");
                }
            }
        }
        let library = crate::service::respondent::Library { surveys: &state.surveys, key: &state.key };
        if let Err(e) = crate::service::respondent::warm(&state.pool, &library) {
            tracing::warn!(error = %e, "warming the database connections failed");
        }
        let listener = std::net::TcpListener::bind(&bind).with_context(|| format!("cannot listen on {bind}"))?;
        let addr = listener.local_addr()?;
        let server = HttpServer::new(move || {
            let proxies = state.proxies.clone();
            App::new()
                .app_data(state.clone())
                .wrap(middleware::from_fn(crate::web::client::remember))
                .wrap(middleware::from_fn(crate::web::edge::printable_address))
                .wrap(middleware::Compress::default())
                .wrap(security_headers())
                .wrap(
                    middleware::Logger::new("%{client}xi \"%{path}xi\" %s %b %Dms")
                        .custom_request_replace("client", move |req| {
                            proxies
                                .client(req.peer_addr().map(|a| a.ip()), req.headers())
                                .map_or("-".into(), |a| a.to_string())
                        })
                        .custom_request_replace("path", |req| format!("{} {}", req.method(), redact_path(req.path())))
                        .exclude("/healthz"),
                )
                .configure(crate::web::routes)
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        Ok(Self { server, addr, worker })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; SIGTERM and SIGINT stop it gracefully (in-flight requests finish).
    pub async fn run(self) -> std::io::Result<()> {
        let result = self.server.await;
        if let Some((stop, handle)) = self.worker {
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
        result
    }
}

/// A request path fit for logs: personal tokens (`/r/{token}/…`, `/o/{token}`, an institution's
/// `/i/{token}`) never reach them, however the path is spelled (`/%72/…` routes as `/r/…`;
/// doubled slashes).
pub fn redact_path(raw: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let mut path = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        if !(c == '/' && path.ends_with('/')) {
            path.push(c);
        }
    }
    for prefix in ["/r/", "/o/", "/i/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.split_once('/').map_or(String::new(), |(_, t)| format!("/{t}"));
            return format!("{prefix}[token]{tail}");
        }
    }
    path
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_redacted_from_logged_paths() {
        assert_eq!(super::redact_path("/r/abcDEF123/print"), "/r/[token]/print");
        assert_eq!(super::redact_path("/r/abcDEF123"), "/r/[token]");
        assert_eq!(super::redact_path("/o/abcDEF123"), "/o/[token]");
        assert_eq!(super::redact_path("/healthz"), "/healthz");
        assert_eq!(super::redact_path("/%72/abcDEF123"), "/r/[token]");
        assert_eq!(super::redact_path("//r//abcDEF123/print"), "/r/[token]/print");
        assert_eq!(super::redact_path("/%6F/abcDEF123"), "/o/[token]");
        assert_eq!(super::redact_path("/i/abcDEF123"), "/i/[token]");
    }
}
