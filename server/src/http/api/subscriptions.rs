//! The price list and a child org's subscription: the Subscriptions tab and Change Your
//! Subscription Plan.

use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::catalog::{price, Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::{
    CatalogEntry, HistoryChange, PlanChoice, SubscriptionChange, SubscriptionHistoryEntry, SubscriptionView,
};
use partner_center_domain::trial::{TrialStatus, DAY_MS};

use crate::auth::partner_reach;
use crate::auth::Actor;
use crate::db::billing as billing_db;
use crate::db::trial_extensions;
use crate::db::Conn;
use crate::error::AppError;
use crate::http::extract::JsonBody;
use crate::infra::clock::rfc3339;
use crate::services::billing_cycle;
use crate::services::plan_changes::{self, ChangeRefusal};
use crate::AppState;

/// `GET /api/v1/catalog`: every plan × currency × length with its price.
pub async fn catalog(_actor: Actor) -> Json<Vec<CatalogEntry>> {
    let mut entries = Vec::new();
    for plan in PackagePlan::ALL {
        for currency in Currency::ALL {
            for length in PlanLength::ALL {
                entries.push(CatalogEntry {
                    choice: PlanChoice { plan, currency, length },
                    price: price(plan, currency, length),
                });
            }
        }
    }
    Json(entries)
}

async fn subscription_view(conn: &mut Conn, org_id: &str, now: i64) -> Result<SubscriptionView, AppError> {
    let subscription = billing_db::find_subscription_version(conn, org_id).await?.ok_or(AppError::NotFound)?;
    let profile = billing_db::find_profile(conn, org_id).await?.ok_or(AppError::NotFound)?;
    let current = subscription.subscription.choice();
    let mut history: Vec<(i64, SubscriptionHistoryEntry)> = billing_db::changes(conn, org_id)
        .await?
        .into_iter()
        .map(|change| {
            let entry = SubscriptionHistoryEntry {
                changed_at: rfc3339(change.changed_at),
                change: HistoryChange::Plan { from: change.from(), to: change.to() },
                changed_by: change.changed_by,
            };
            (change.changed_at, entry)
        })
        .collect();
    if let Some(extension) = trial_extensions::find(conn, org_id).await? {
        let entry = SubscriptionHistoryEntry {
            changed_at: rfc3339(extension.extended_at),
            changed_by: extension.extended_by,
            change: HistoryChange::TrialExtended {
                days: extension.days,
                reason: extension.reason,
                previous_end: rfc3339(extension.previous_end),
                new_end: rfc3339(extension.previous_end + extension.days * DAY_MS),
            },
        };
        history.push((extension.extended_at, entry));
    }
    // Newest first; the sort is stable, so same-moment plan changes keep their order.
    history.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let history = history.into_iter().map(|(_, entry)| entry).collect();
    let next = billing_cycle::periods(conn, org_id).await?.map(billing_cycle::Periods::next_start);
    Ok(SubscriptionView {
        price: current.price(),
        next_invoice_amount: current.price(),
        current,
        status: TrialStatus::at(profile.first_unlock_at, profile.trial_length(), now),
        next_invoice_at: next.map(|at| rfc3339(at.max(now))),
        history,
        version: subscription.version,
    })
}

/// `GET /api/v1/partner/orgs/{id}/subscription`.
pub async fn subscription(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<SubscriptionView>, AppError> {
    let mut conn = state.db.conn().await?;
    let org = partner_reach::child(&mut conn, &actor, &id).await?;
    Ok(Json(subscription_view(&mut conn, &org.id, state.clock.now()).await?))
}

/// `PUT /api/v1/partner/orgs/{id}/subscription`: Change Your Subscription Plan.
pub async fn change_subscription(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    JsonBody(change): JsonBody<SubscriptionChange>,
) -> Result<Json<SubscriptionView>, AppError> {
    let now = state.clock.now();
    let mut conn = state.db.conn().await?;
    let org = partner_reach::child(&mut conn, &actor, &id).await?;
    plan_changes::apply(&state.db, &org, &change, &actor, now).await.map_err(|refusal| match refusal {
        ChangeRefusal::NotFound => AppError::NotFound,
        ChangeRefusal::Stale => AppError::stale_edit("subscription"),
        ChangeRefusal::Rule(errors) => AppError::Conflict(errors),
        ChangeRefusal::Db(error) => error.into(),
    })?;
    Ok(Json(subscription_view(&mut conn, &org.id, now).await?))
}
