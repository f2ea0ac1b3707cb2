//! Personal tokens. A respondent's token is 128 bits derived as HMAC-SHA256(server key, nonce)
//! from a random per-invitation nonce: the database holds only the nonce and the token's SHA-256,
//! so neither a database copy alone nor the logs can open a questionnaire, while the server can
//! put the same link in the invitation and every reminder.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The server's secret for deriving tokens (32 bytes).
#[derive(Clone)]
pub struct TokenKey([u8; 32]);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey([redacted])")
    }
}

impl TokenKey {
    /// A key from any secret text (hashed to 32 bytes).
    pub fn from_secret(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    /// The token of an invitation with this nonce.
    pub fn derive(&self, nonce: &str) -> String {
        // HMAC accepts keys of any length: this cannot fail.
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.0) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(b"dra-invitation:");
        mac.update(nonce.as_bytes());
        let out = mac.finalize().into_bytes();
        URL_SAFE_NO_PAD.encode(&out[..16])
    }
}

impl TokenKey {
    /// The opt-out token of an invitation: `{id}-{mac}`, a key of its own (a mail's
    /// `List-Unsubscribe` header, seen by every mail filter on the way, never carries the
    /// questionnaire's token).
    pub fn derive_optout(&self, invitation_id: i64, nonce: &str) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.0) else { return String::new() };
        mac.update(b"dra-optout:");
        mac.update(nonce.as_bytes());
        let out = mac.finalize().into_bytes();
        format!("{invitation_id}-{}", URL_SAFE_NO_PAD.encode(&out[..16]))
    }

    /// Whether `token` is the opt-out token of invitation `invitation_id` with this nonce (a
    /// comparison in constant time).
    pub fn verify_optout(&self, token: &str, invitation_id: i64, nonce: &str) -> bool {
        let want = self.derive_optout(invitation_id, nonce);
        want.len() == token.len() && want.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// The invitation id an opt-out token names, if it has the shape of one.
pub fn optout_invitation(token: &str) -> Option<i64> {
    let (id, mac) = token.split_once('-')?;
    (looks_like_token(mac) && id.len() <= 18).then(|| id.parse().ok()).flatten()
}

impl TokenKey {
    /// A keyed hash of `data` under a purpose `label`, hex: links values (a response to its
    /// token, a CSRF token to its cookie) without storing anything that reveals the input.
    pub fn mac(&self, label: &str, data: &str) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.0) else { return String::new() };
        mac.update(label.as_bytes());
        mac.update(b":");
        mac.update(data.as_bytes());
        crate::survey::hex(&mac.finalize().into_bytes())
    }
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    if let Err(e) = getrandom::fill(&mut buf) {
        // Without an entropy source no token may be issued at all.
        panic!("the operating system's random source failed: {e}");
    }
    buf
}

/// A fresh random nonce (128 bits, hex).
pub fn new_nonce() -> String {
    crate::survey::hex(&random_bytes::<16>())
}

/// A fresh random 128-bit token, URL-safe (sessions, API tokens, public-link drafts).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<16>())
}

/// What is stored for a token: its SHA-256, hex.
pub fn hash(token: &str) -> String {
    crate::survey::hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `s` has the shape of a token (22 URL-safe characters): cheap rejection of junk.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 22 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bit_url_safe_and_keyed() {
        let a = TokenKey::from_secret("one");
        let b = TokenKey::from_secret("two");
        let n = new_nonce();
        let t = a.derive(&n);
        assert!(looks_like_token(&t), "{t}");
        assert_eq!(t, a.derive(&n), "same key and nonce, same token");
        assert_ne!(t, b.derive(&n), "another key, another token");
        assert_ne!(t, a.derive(&new_nonce()));
        assert_eq!(hash(&t).len(), 64);
        assert!(looks_like_token(&random_token()));
        assert_ne!(random_token(), random_token());
    }
}
