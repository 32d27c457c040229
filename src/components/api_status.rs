use leptos::prelude::*;
use partner_center_domain::api::{HealthReport, HealthStatus};
use stylers::style;

use crate::api::{self, ApiError};

/// What the app knows of the server's health at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiHealth {
    Checking,
    Healthy(HealthReport),
    Degraded(HealthReport),
    Unreachable(ApiError),
}

impl From<Result<HealthReport, ApiError>> for ApiHealth {
    fn from(result: Result<HealthReport, ApiError>) -> Self {
        match result {
            Ok(report) if report.status == HealthStatus::Ok => Self::Healthy(report),
            Ok(report) => Self::Degraded(report),
            Err(error) => Self::Unreachable(error),
        }
    }
}

impl ApiHealth {
    pub fn label(&self) -> String {
        match self {
            // While all is well, the footer names the version only: the API is nobody's
            // concern until it fails.
            Self::Checking => String::new(),
            Self::Healthy(HealthReport { details: Some(details), .. }) => {
                format!("Partner Center {}", details.version)
            }
            Self::Healthy(_) => "Partner Center".to_owned(),
            Self::Degraded(HealthReport { details: Some(details), .. }) if !details.database.reachable => {
                "API degraded: the database is unreachable".to_owned()
            }
            Self::Degraded(_) => "API degraded".to_owned(),
            Self::Unreachable(error) => format!("API unreachable: {error}"),
        }
    }

    fn tone(&self) -> &'static str {
        match self {
            Self::Checking | Self::Healthy(_) => "quiet",
            Self::Degraded(_) => "warning",
            Self::Unreachable(_) => "bad",
        }
    }

    fn can_retry(&self) -> bool {
        matches!(self, Self::Degraded(_) | Self::Unreachable(_))
    }
}

/// The server's health, fetched once when the app starts: the version while it is healthy, what
/// is wrong (with a retry) when it is not.
#[component]
pub fn ApiStatus() -> impl IntoView {
    let health = LocalResource::new(api::health);
    let retry = Callback::new(move |()| health.refetch());
    move || {
        let current = health.get().map_or(ApiHealth::Checking, ApiHealth::from);
        view! { <ApiStatusView health=current on_retry=retry /> }
    }
}

/// Renders one health state; announced politely to screen readers when it changes.
#[component]
pub fn ApiStatusView(
    /// The state to show.
    health: ApiHealth,
    /// Called when the person asks to check again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let class_name = style! {
        .api-status {
            display: flex;
            align-items: center;
            min-height: 2rem;
            gap: var(--space-2);
            font-size: var(--text-sm);
            color: var(--color-text-muted);
        }
        .dot {
            width: 0.6rem;
            height: 0.6rem;
            border-radius: 50%;
            background: var(--color-border);
        }
        .api-status[data-tone="quiet"] .dot { display: none; }
        .api-status[data-tone="warning"] .dot { background: var(--color-warning); }
        .api-status[data-tone="bad"] .dot { background: var(--color-danger); }
        .api-status[data-tone="bad"] { color: var(--color-danger); }
        .retry {
            padding: var(--space-1) var(--space-2);
            font-size: var(--text-sm);
        }
    };
    let can_retry = health.can_retry();
    view! { class=class_name,
        <div class="api-status" role="status" aria-live="polite" data-tone=health.tone()>
            <span class="dot" aria-hidden="true"></span>
            <span>{health.label()}</span>
            {can_retry
                .then(|| {
                    view! { class=class_name,
                        <button type="button" class="button secondary retry" on:click=move |_| on_retry.run(())>
                            "Check again"
                        </button>
                    }
                })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use partner_center_domain::api::{DatabaseHealth, HealthDetails};

    use super::*;

    fn report(status: HealthStatus, reachable: bool) -> HealthReport {
        let database = DatabaseHealth { backend: "postgres".into(), reachable };
        HealthReport { status, details: Some(HealthDetails { version: "0.1.0".into(), database }) }
    }

    #[test]
    fn an_anonymous_report_names_the_product_only() {
        let health = ApiHealth::from(Ok(HealthReport { status: HealthStatus::Ok, details: None }));
        assert_eq!(health.label(), "Partner Center");
        let degraded = ApiHealth::from(Ok(HealthReport { status: HealthStatus::Degraded, details: None }));
        assert_eq!(degraded.label(), "API degraded");
    }

    #[test]
    fn a_healthy_report_names_only_the_version() {
        let health = ApiHealth::from(Ok(report(HealthStatus::Ok, true)));
        assert_eq!(health.label(), "Partner Center 0.1.0");
        assert!(!health.can_retry());
    }

    #[test]
    fn a_degraded_report_says_what_is_wrong_and_offers_a_retry() {
        let health = ApiHealth::from(Ok(report(HealthStatus::Degraded, false)));
        assert_eq!(health.label(), "API degraded: the database is unreachable");
        assert!(health.can_retry());
    }

    #[test]
    fn no_answer_reads_as_unreachable() {
        let health = ApiHealth::from(Err(ApiError::Unreachable));
        assert!(health.label().starts_with("API unreachable: The server cannot be reached"));
        assert!(health.can_retry());
    }
}
