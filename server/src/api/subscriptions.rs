//! The price list and a child org's subscription: the Subscriptions tab and Change Your
//! Subscription Plan.

use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::catalog::{price, Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::{
    CatalogEntry, PlanChoice, SubscriptionChange, SubscriptionHistoryEntry, SubscriptionView,
};
use partner_center_domain::trial::TrialStatus;

use crate::auth::Actor;
use crate::billing_cycle;
use crate::child_orgs;
use crate::clock::rfc3339;
use crate::db::billing as billing_db;
use crate::db::Conn;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::plan_changes::{self, ChangeRefusal};
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
    let next = billing_cycle::periods(conn, org_id).await?.map(billing_cycle::Periods::next_start);
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
    plan_changes::apply(&mut tx, &org, &change, &actor, now).await.map_err(|refusal| match refusal {
        ChangeRefusal::NotFound => AppError::NotFound,
        ChangeRefusal::Stale => AppError::stale_edit("subscription"),
        ChangeRefusal::Rule(errors) => AppError::Conflict(errors),
        ChangeRefusal::Db(error) => error.into(),
    })?;
    child_orgs::refresh_listing(&mut tx, &org.id).await?;
    let view = subscription_view(&mut tx, &org.id, now).await?;
    tx.commit().await?;
    Ok(Json(view))
}
