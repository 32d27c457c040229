//! The session cookie and the session lifetime rules.

use axum::http::{header, HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::db::sessions::SessionRow;
use crate::infra::clock::{Millis, HOUR, MINUTE};

/// The session cookie's name over plain HTTP (development, tests behind no TLS).
pub const COOKIE: &str = "pc_session";
/// Its name over HTTPS: the `__Host-` prefix makes the browser refuse it unless it is
/// `Secure`, for this host only and for path `/`, so a sibling subdomain cannot plant one.
pub const SECURE_COOKIE: &str = "__Host-pc_session";

fn cookie_name(https: bool) -> &'static str {
    if https {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}
/// A session unused this long ends.
pub const IDLE_TIMEOUT: Millis = HOUR;
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT: Millis = 12 * HOUR;
/// `last_seen_at` is written at most this often, to spare the database a write per request.
pub const TOUCH_EVERY: Millis = MINUTE;

pub fn is_live(session: &SessionRow, now: Millis) -> bool {
    now - session.last_seen_at < IDLE_TIMEOUT && now - session.created_at < ABSOLUTE_TIMEOUT
}

/// The session token from the request's cookies, if any. Over HTTPS only the `__Host-` cookie
/// counts.
pub fn token_from(headers: &HeaderMap, https: bool) -> Option<String> {
    let name = cookie_name(https);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

fn cookie(value: String, max_age_secs: i64, https: bool) -> HeaderValue {
    let cookie = Cookie::build((cookie_name(https), value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(https)
        .path("/")
        .max_age(time::Duration::seconds(max_age_secs))
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| unreachable!("a token is URL-safe base64"))
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(token: String, https: bool) -> HeaderValue {
    cookie(token, ABSOLUTE_TIMEOUT / 1000, https)
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(https: bool) -> HeaderValue {
    cookie(String::new(), 0, https)
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
    fn the_cookie_is_http_only_strict_and_over_https_secure_with_the_host_prefix() {
        let plain = set_cookie("t".into(), false);
        let plain = plain.to_str().unwrap();
        assert!(plain.starts_with("pc_session=t;"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict") && plain.contains("Path=/"));
        assert!(!plain.contains("Secure"));
        let secure = set_cookie("t".into(), true);
        let secure = secure.to_str().unwrap();
        assert!(secure.starts_with("__Host-pc_session=t;") && secure.contains("Secure") && secure.contains("Path=/"));
        assert!(!secure.contains("Domain"));
    }

    #[test]
    fn the_token_is_read_among_other_cookies_and_over_https_only_from_the_host_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark; pc_session=abc; x=1"));
        assert_eq!(token_from(&headers, false).as_deref(), Some("abc"));
        assert_eq!(token_from(&headers, true), None, "a plain cookie does not count over HTTPS");
        headers.insert(header::COOKIE, HeaderValue::from_static("__Host-pc_session=def"));
        assert_eq!(token_from(&headers, true).as_deref(), Some("def"));
        assert_eq!(token_from(&HeaderMap::new(), false), None);
    }
}
