//! The price list and a child org's subscription: the Subscriptions tab and Change Your
//! Subscription Plan.

use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::catalog::{price, Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::{
    check_change, CatalogEntry, PlanChoice, SubscriptionChange, SubscriptionHistoryEntry, SubscriptionView,
};
use partner_center_domain::trial::TrialStatus;

use crate::auth::Actor;
use crate::billing;
use crate::child_orgs;
use crate::clock::rfc3339;
use crate::db::billing::{self as billing_db, ChangeRow};
use crate::db::Conn;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::secrets::new_id;
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
    let history = billing_db::changes(conn, org_id)
        .await?
        .into_iter()
        .map(|change| SubscriptionHistoryEntry {
            changed_at: rfc3339(change.changed_at),
            from: change.from(),
            to: change.to(),
            changed_by: change.changed_by,
        })
        .collect();
    let next = billing::next_period_start(conn, org_id).await?;
    Ok(SubscriptionView {
        price: current.price(),
        next_invoice_amount: current.price(),
        current,
        status: TrialStatus::at(profile.first_unlock_at, profile.trial_days, now),
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
    let org = child_orgs::reachable(&mut conn, &actor, &id).await?;
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
    let mut tx = state.db.begin().await?;
    let org = child_orgs::reachable(&mut tx, &actor, &id).await?;
    let current = billing_db::find_subscription_version(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let profile = billing_db::find_profile(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let from = current.subscription.choice();
    if current.version != change.version {
        return Err(AppError::stale_edit("subscription"));
    }
    check_change(&from, &change.choice, &TrialStatus::at(profile.first_unlock_at, profile.trial_days, now))
        .map_err(AppError::Conflict)?;
    let to = change.choice;
    if !billing_db::change_subscription(&mut tx, &org.id, change.version, &to).await? {
        return Err(AppError::stale_edit("subscription"));
    }
    let changed_by = partner_center_domain::users::full_name(&actor.user.first_name, &actor.user.last_name);
    let record = ChangeRow::new(now, changed_by, from, to);
    billing_db::record_change(&mut tx, &new_id(), &org.id, &record).await?;
    child_orgs::refresh_listing(&mut tx, &org.id).await?;
    let view = subscription_view(&mut tx, &org.id, now).await?;
    tx.commit().await?;
    Ok(Json(view))
}
