//! The client's address. Behind a reverse proxy (which HTTPS needs) every request comes from the
//! proxy's address; the proxy says whom it forwards in `Forwarded` (RFC 7239) or
//! `X-Forwarded-For`. Those headers are anyone's to write, so they are believed only when the
//! peer is one of `DRA_TRUSTED_PROXIES`, and then the client is the last address on the chain
//! that is not itself a trusted proxy. Rate limits, the audit log and the access log use it.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// From addresses (`10.0.0.5`, `::1`) and ranges (`10.0.0.0/8`).
    pub fn parse(list: &[String]) -> Result<Self, String> {
        crate::config::parse_proxies(list).map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request that came from `peer` with these headers.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer.map(canonical)?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let chain = forwarded_for(headers);
        // From the nearest hop back: the first address that is not one of our proxies.
        chain.iter().rev().copied().find(|ip| !self.trusts(*ip)).or(chain.first().copied()).or(Some(peer))
    }
}

/// An IPv4 address carried in IPv6 (`::ffff:10.0.0.1`) as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The addresses a chain of proxies forwarded for, oldest first: `Forwarded: for=…` when
/// present, else `X-Forwarded-For`. Names, `unknown` and obfuscated identifiers are skipped.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<IpAddr> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                k.trim().eq_ignore_ascii_case("for").then(|| node_address(v.trim().trim_matches('"'))).flatten()
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded.into_iter().map(canonical).collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| node_address(a.trim()))
        .map(canonical)
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711`, `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse().ok());
    }
    node.rsplit_once(':').and_then(|(ip, port)| port.parse::<u16>().ok().and(ip.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn forwarding_headers_are_believed_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).unwrap_or_default();
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let xff = headers(&[("x-forwarded-for", "203.0.113.9, 10.1.2.3")]);
        // From a stranger: the headers are anyone's words.
        assert_eq!(proxies.client(ip("198.51.100.7"), &xff), ip("198.51.100.7"));
        // From our proxy: the last address that is not one of ours.
        assert_eq!(proxies.client(ip("10.0.0.2"), &xff), ip("203.0.113.9"));
        assert_eq!(proxies.client(ip("::ffff:10.0.0.2"), &xff), ip("203.0.113.9"));
        // A client that writes its own header cannot pick its address past the proxy's.
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &spoofed), ip("203.0.113.9"));
        let fwd = headers(&[("forwarded", "for=\"[2001:db8::17]:4711\";proto=https, for=10.9.9.9")]);
        assert_eq!(proxies.client(ip("::1"), &fwd), ip("2001:db8::17"));
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &unknown), ip("10.0.0.2"));
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
    }
}

/// The client's address of a request, as the middleware found it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

/// Middleware: works out the client's address once and keeps it with the request.
pub async fn remember(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    let peer = req.peer_addr().map(|a| a.ip());
    let addr = match req.app_data::<actix_web::web::Data<super::state::AppState>>() {
        Some(state) => state.proxies.client(peer, req.headers()),
        None => peer,
    };
    req.extensions_mut().insert(ClientAddr(addr));
    next.call(req).await
}

/// The client's address of a request (the peer's when the middleware did not run).
pub fn addr_of(req: &actix_web::HttpRequest) -> Option<IpAddr> {
    use actix_web::HttpMessage;
    req.extensions().get::<ClientAddr>().map_or_else(|| req.peer_addr().map(|a| a.ip()), |c| c.0)
}
