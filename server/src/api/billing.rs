//! Subscriptions, unlocks (bench-test and reported with org API tokens), API tokens, and
//! invoices.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::catalog::{price, Currency, PackagePlan, PlanLength};
use partner_center_domain::roles::Permission;
use partner_center_domain::subscription::{
    check_change, ApiTokenSummary, CatalogEntry, CreatedApiToken, InvoiceView, NewApiToken, PlanChoice,
    SubscriptionChange, SubscriptionHistoryEntry, SubscriptionView, UnlockRecorded, UnlockReport,
};
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::validation::{DoorName, PersonName, ValidationError};
use serde::Deserialize;

use crate::auth::Actor;
use crate::billing::{self, UnlockSource};
use crate::child_orgs;
use crate::clock::{rfc3339, Clock, DAY};
use crate::db::billing::{self as billing_db, ChangeRow};
use crate::db::unlocks::{self, TokenRow};
use crate::db::{invoices, Conn};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::secrets::{new_id, new_token, token_digest};
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

/// `POST /api/v1/partner/orgs/{id}/bench-unlock`: a real unlock event, produced by hand.
pub async fn bench_unlock(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<UnlockRecorded>, AppError> {
    let mut tx = state.db.begin().await?;
    let org = child_orgs::reachable(&mut tx, &actor, &id).await?;
    let recorded =
        billing::record_unlock(&mut tx, &org.id, UnlockSource::BenchTest, Some("Bench test"), None, state.clock.now())
            .await?;
    tx.commit().await?;
    Ok(Json(recorded))
}

/// `POST /api/v1/unlocks`, authenticated by an org API token (`Authorization: Bearer …`).
/// A missing, unknown or revoked token is refused and nothing is recorded.
pub async fn report_unlock(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(report): JsonBody<UnlockReport>,
) -> Result<Json<UnlockRecorded>, AppError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            AppError::refused(StatusCode::UNAUTHORIZED, "Send the org's API token as Authorization: Bearer <token>.")
        })?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let found = unlocks::live_token(&mut tx, &token_digest(token))
        .await?
        .ok_or_else(|| AppError::refused(StatusCode::UNAUTHORIZED, "This API token is not valid, or was revoked."))?;
    let door = DoorName::parse(report.door.as_deref()).map_err(|e| AppError::field("door", e))?;
    unlocks::touch(&mut tx, &found.id, now).await?;
    let recorded = billing::record_unlock(
        &mut tx,
        &found.org_id,
        UnlockSource::Api,
        door.as_ref().map(DoorName::as_str),
        Some(&found.id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(recorded))
}

fn token_summary(row: TokenRow) -> ApiTokenSummary {
    ApiTokenSummary {
        id: row.id,
        name: row.name,
        created_at: rfc3339(row.created_at),
        created_by: row.created_by,
        last_used_at: row.last_used_at.map(rfc3339),
        revoked_at: row.revoked_at.map(rfc3339),
    }
}

/// `GET /api/v1/api-tokens`: the acting org's tokens (never the tokens themselves).
pub async fn list_tokens(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<ApiTokenSummary>>, AppError> {
    actor.require(Permission::ManageOrg)?;
    let mut conn = state.db.conn().await?;
    Ok(Json(unlocks::tokens(&mut conn, actor.acting_org_id()).await?.into_iter().map(token_summary).collect()))
}

/// `POST /api/v1/api-tokens`: a new token, shown in this answer only.
pub async fn create_token(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(request): JsonBody<NewApiToken>,
) -> Result<Response, AppError> {
    actor.require(Permission::ManageOrg)?;
    // A token's name follows the same rule as a person's name: required, at most 100 characters.
    let name = PersonName::parse(&request.name).map_err(|e: ValidationError| AppError::field("name", e))?;
    let token = format!("pc_{}", new_token());
    let row = TokenRow {
        id: new_id(),
        org_id: actor.acting_org_id().to_owned(),
        name: name.as_str().to_owned(),
        created_at: state.clock.now(),
        created_by: partner_center_domain::users::full_name(&actor.user.first_name, &actor.user.last_name),
        revoked_at: None,
        last_used_at: None,
    };
    let mut conn = state.db.conn().await?;
    unlocks::insert_token(&mut conn, &row, &token_digest(&token)).await?;
    Ok((StatusCode::CREATED, Json(CreatedApiToken { token, summary: token_summary(row) })).into_response())
}

/// `DELETE /api/v1/api-tokens/{id}`: from now on the token is refused.
pub async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    actor.require(Permission::ManageOrg)?;
    let mut conn = state.db.conn().await?;
    if unlocks::revoke(&mut conn, actor.acting_org_id(), &id, state.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// `GET /api/v1/partner/orgs/{id}/invoices`: newest first.
pub async fn org_invoices(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Vec<InvoiceView>>, AppError> {
    let mut conn = state.db.conn().await?;
    let org = child_orgs::reachable(&mut conn, &actor, &id).await?;
    let rows = invoices::of_org(&mut conn, &org.id).await?;
    Ok(Json(rows.into_iter().map(|row| billing::invoice_view(row, org.name.clone())).collect()))
}

/// `GET /api/v1/partner/invoices/{id}`: one invoice of one of the partner's children.
pub async fn invoice(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<InvoiceView>, AppError> {
    let mut conn = state.db.conn().await?;
    let row = invoices::find(&mut conn, &id).await?.ok_or(AppError::NotFound)?;
    let org = child_orgs::reachable(&mut conn, &actor, &row.org_id).await?;
    Ok(Json(billing::invoice_view(row, org.name)))
}

/// The longest single move of the test clock.
pub const CLOCK_ADVANCE_MAX_MS: i64 = 400 * DAY;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClockAdvance {
    /// Milliseconds to move forward: more than zero, at most 400 days.
    #[schemars(range(min = 1, max = CLOCK_ADVANCE_MAX_MS))]
    advance_ms: i64,
}

/// `POST /api/v1/test/clock`: moves a server started with `--test-clock` forward and runs the
/// billing pass at once. Not routed at all on a server with the real clock.
pub async fn advance_clock(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ClockAdvance>,
) -> Result<Json<serde_json::Value>, AppError> {
    if !matches!(state.clock, Clock::Manual(_)) {
        return Err(AppError::NotFound);
    }
    if !(1..=CLOCK_ADVANCE_MAX_MS).contains(&request.advance_ms) {
        return Err(AppError::field("advanceMs", ValidationError::OutOfRange { min: 1, max: CLOCK_ADVANCE_MAX_MS }));
    }
    state.clock.advance(request.advance_ms);
    let issued = billing::issue_due_invoices(&state.db, &state.clock, &state.public_url).await?;
    if issued > 0 {
        state.mail_queued.notify_one();
    }
    Ok(Json(serde_json::json!({ "now": rfc3339(state.clock.now()), "invoicesIssued": issued })))
}
