//! The one source of time. Everything that reads the time asks the app's clock, so tests can
//! move it (session expiry, invitation expiry, and later trials and billing).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

#[derive(Clone)]
pub enum Clock {
    System,
    /// A clock that stands still until moved: for tests.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn manual(start: Millis) -> Self {
        Self::Manual(Arc::new(AtomicI64::new(start)))
    }

    pub fn now(&self) -> Millis {
        match self {
            Self::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX)),
            Self::Manual(now) => now.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward; the system clock cannot be moved.
    pub fn advance(&self, by: Millis) {
        if let Self::Manual(now) = self {
            now.fetch_add(by, Ordering::SeqCst);
        }
    }
}

/// RFC 3339 in UTC with milliseconds, as the API writes every time.
pub fn rfc3339(at: Millis) -> String {
    let nanos = i128::from(at) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// The UTC calendar date of `at`, `2027-01-15`, as invoices print it.
pub fn date(at: Millis) -> String {
    match time::OffsetDateTime::from_unix_timestamp(at.div_euclid(1000)) {
        Ok(moment) => moment.date().to_string(),
        Err(_) => format!("{at} ms after 1970"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1_000);
        assert_eq!(clock.now(), 1_000);
        clock.advance(DAY);
        assert_eq!(clock.now(), 1_000 + DAY);
    }

    #[test]
    fn times_are_written_as_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_800_000_000_123), "2027-01-15T08:00:00.123Z");
    }

    #[test]
    fn dates_are_the_utc_day_and_never_panic_out_of_range() {
        assert_eq!(date(1_800_000_000_123), "2027-01-15");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(date(i64::MAX), format!("{} ms after 1970", i64::MAX));
    }
}
