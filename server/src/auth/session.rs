//! The session cookie and the session lifetime rules.

use axum::http::{header, HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::clock::{Millis, HOUR, MINUTE};
use crate::db::sessions::SessionRow;

pub const COOKIE: &str = "pc_session";
/// A session unused this long ends.
pub const IDLE_TIMEOUT: Millis = HOUR;
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT: Millis = 12 * HOUR;
/// `last_seen_at` is written at most this often, to spare the database a write per request.
pub const TOUCH_EVERY: Millis = MINUTE;

pub fn is_live(session: &SessionRow, now: Millis) -> bool {
    now - session.last_seen_at < IDLE_TIMEOUT && now - session.created_at < ABSOLUTE_TIMEOUT
}

/// The session token from the request's cookies, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

/// True when the client reached us over HTTPS (directly or through a proxy that says so).
fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

fn cookie(value: String, max_age_secs: i64, request: &HeaderMap) -> HeaderValue {
    let cookie = Cookie::build((COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(is_https(request))
        .path("/")
        .max_age(time::Duration::seconds(max_age_secs))
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: String, request: &HeaderMap) -> HeaderValue {
    cookie(token, ABSOLUTE_TIMEOUT / 1000, request)
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(request: &HeaderMap) -> HeaderValue {
    cookie(String::new(), 0, request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created_at: Millis, last_seen_at: Millis) -> SessionRow {
        SessionRow { identity_id: "i".into(), acting_org_id: "o".into(), created_at, last_seen_at }
    }

    #[test]
    fn sessions_end_after_an_idle_hour_or_twelve_hours_in_all() {
        assert!(is_live(&session(0, 0), IDLE_TIMEOUT - 1));
        assert!(!is_live(&session(0, 0), IDLE_TIMEOUT));
        assert!(is_live(&session(0, ABSOLUTE_TIMEOUT - 10), ABSOLUTE_TIMEOUT - 1));
        assert!(!is_live(&session(0, ABSOLUTE_TIMEOUT - 10), ABSOLUTE_TIMEOUT));
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let plain = set_cookie("t".into(), &HeaderMap::new());
        let plain = plain.to_str().unwrap();
        assert!(plain.starts_with("pc_session=t;"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict") && plain.contains("Path=/"));
        assert!(!plain.contains("Secure"));
        let mut behind_tls = HeaderMap::new();
        behind_tls.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(set_cookie("t".into(), &behind_tls).to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn the_token_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark; pc_session=abc; x=1"));
        assert_eq!(token_from(&headers).as_deref(), Some("abc"));
        assert_eq!(token_from(&HeaderMap::new()), None);
    }
}
