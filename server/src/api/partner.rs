//! The Partner Center: a partner's child orgs. Every handler acts for a Super Admin of a
//! partner org, on that org's own children only.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{OrgRef, Page};
use partner_center_domain::child_org::{
    check_trial_length_change, field, BillingUpdate, ChildOrgDetail, ChildOrgSort, ChildOrgSummary, NewChildOrg,
    OrgInfoUpdate, PartnerInfo,
};
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::validation::OrgName;
use sha2::{Digest, Sha256};

use crate::auth::Actor;
use crate::child_orgs::{self, NAME_TAKEN};
use crate::db::idempotency::{self, Owner, SavedResponse};
use crate::db::orgs::{self, OrgRow};
use crate::db::{billing, listing, Conn};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::AppState;

use super::ListParams;

/// How often a create is tried again when a concurrent write got in first.
const CREATE_ATTEMPTS: usize = 3;

fn conflict() -> AppError {
    AppError::stale_edit("organization")
}

async fn acting_org(conn: &mut Conn, actor: &Actor) -> Result<OrgRow, AppError> {
    actor.require_partner_center()?;
    orgs::find(conn, actor.acting_org_id()).await?.ok_or(AppError::NotFound)
}

/// `GET /api/v1/partner`: the partner org and the settings new child orgs inherit.
pub async fn info(State(state): State<AppState>, actor: Actor) -> Result<Json<PartnerInfo>, AppError> {
    let mut conn = state.db.conn().await?;
    let partner = acting_org(&mut conn, &actor).await?;
    Ok(Json(PartnerInfo {
        billing_mode: partner.billing_mode,
        org: OrgRef {
            namespace: partner.namespace(),
            is_partner: partner.is_partner(),
            id: partner.id,
            name: partner.name,
        },
    }))
}

/// `GET /api/v1/partner/orgs`: one page of the partner's child orgs.
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<ListParams>,
) -> Result<Json<Page<ChildOrgSummary>>, AppError> {
    let sort = params.sort(ChildOrgSort::Name, ChildOrgSort::from_key, ChildOrgSort::KEYS)?;
    let descending = params.descending()?;
    let mut conn = state.db.conn().await?;
    let partner = acting_org(&mut conn, &actor).await?;
    let request = listing::PageRequest {
        parent_id: &partner.id,
        words: params.search_terms()?,
        sort,
        descending,
        limit: params.limit()?,
        offset: params.offset()?,
    };
    let page = listing::page(&mut conn, &request).await?;
    let now = state.clock.now();
    Ok(Json(Page {
        total_count: page.total,
        filtered_count: page.filtered,
        data: page.rows.into_iter().map(|row| child_orgs::summary(row, now)).collect(),
    }))
}

/// Another transaction won a race on a unique key (the same Idempotency-Key, or the same
/// name): trying again sees its result, a replay or a "name taken".
/// A concurrent write got in first: a unique key taken under us, or (read committed) a twin
/// request with the same Idempotency-Key that committed the very name we are adding. The next
/// attempt checks the key again, so the twin's answer is replayed.
fn is_retryable(error: &AppError) -> bool {
    match error {
        AppError::Internal(cause) => {
            matches!(cause.downcast_ref::<sqlx::Error>(), Some(sqlx::Error::Database(db)) if db.is_unique_violation())
        }
        AppError::Conflict(_) => true,
        _ => false,
    }
}

fn replay(saved: SavedResponse, request_hash: &str) -> Result<Response, AppError> {
    // The key is bound to its first request: another body under it conflicts with that (409).
    if saved.request_hash != request_hash {
        return Err(AppError::refused(
            StatusCode::CONFLICT,
            "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        ));
    }
    let status = StatusCode::from_u16(saved.response_status).map_err(|error| AppError::Internal(Box::new(error)))?;
    Ok((status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], saved.response_body)
        .into_response())
}

/// `POST /api/v1/partner/orgs`: Add Org. Needs an `Idempotency-Key` header: a retry with the
/// same key and body gets the first answer and creates nothing more.
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    JsonBody(form): JsonBody<NewChildOrg>,
) -> Result<Response, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|key| idempotency::is_valid_key(key))
        .ok_or_else(|| {
            AppError::refused(
                StatusCode::BAD_REQUEST,
                "Send an Idempotency-Key header: a new random value per new organization, 1 to 200 visible ASCII characters.",
            )
        })?
        .to_owned();
    let request_hash = hex::encode(Sha256::digest(serde_json::to_vec(&form).unwrap_or_default()));
    let valid = form.validate().map_err(AppError::Validation)?;

    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = try_create(&state, &actor, &key, &request_hash, &valid).await;
        match result {
            Err(error) if attempt < CREATE_ATTEMPTS && is_retryable(&error) => continue,
            Ok(CreateOutcome::Replayed(saved)) => return replay(saved, &request_hash),
            Ok(CreateOutcome::Created(detail)) => {
                state.mail_queued.notify_one();
                let location = format!("/api/v1/partner/orgs/{}", detail.id);
                let mut response = (StatusCode::CREATED, Json(detail)).into_response();
                if let Ok(value) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(header::LOCATION, value);
                }
                return Ok(response);
            }
            Err(error) => return Err(error),
        }
    }
}

enum CreateOutcome {
    Created(Box<ChildOrgDetail>),
    Replayed(SavedResponse),
}

async fn try_create(
    state: &AppState,
    actor: &Actor,
    key: &str,
    request_hash: &str,
    valid: &partner_center_domain::child_org::ValidNewChildOrg,
) -> Result<CreateOutcome, AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Authorization first: a key never answers for a caller who may not create.
    let partner = acting_org(&mut tx, actor).await?;
    let owner = Owner { identity_id: &actor.identity_id, org_id: &partner.id };
    if let Some(saved) = idempotency::find(&mut tx, &owner, key, now).await? {
        return Ok(CreateOutcome::Replayed(saved));
    }
    let org_id = child_orgs::create(&mut tx, &partner, valid, &state.public_url, now).await?;
    let org = orgs::find(&mut tx, &org_id).await?.ok_or(AppError::NotFound)?;
    let detail = child_orgs::detail(&mut tx, &org, now).await?;
    let saved = SavedResponse {
        request_hash: request_hash.to_owned(),
        response_status: 201,
        response_body: serde_json::to_string(&detail).map_err(|e| AppError::Internal(Box::new(e)))?,
    };
    idempotency::save(&mut tx, &owner, key, &saved, now).await?;
    tx.commit().await?;
    Ok(CreateOutcome::Created(Box::new(detail)))
}

/// `GET /api/v1/partner/orgs/{id}`.
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<ChildOrgDetail>, AppError> {
    let mut conn = state.db.conn().await?;
    let org = child_orgs::reachable(&mut conn, &actor, &id).await?;
    Ok(Json(child_orgs::detail(&mut conn, &org, state.clock.now()).await?))
}

/// `PATCH /api/v1/partner/orgs/{id}`: rename, from the version the edit started at.
pub async fn update_info(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    JsonBody(update): JsonBody<OrgInfoUpdate>,
) -> Result<Json<ChildOrgDetail>, AppError> {
    let name = OrgName::parse(&update.name).map_err(|e| AppError::field(field::NAME, e))?;
    let mut tx = state.db.begin().await?;
    let org = child_orgs::reachable(&mut tx, &actor, &id).await?;
    let parent_id = org.parent_id.clone().unwrap_or_default();
    if listing::name_taken(&mut tx, &parent_id, name.as_str(), Some(&org.id)).await? {
        return Err(AppError::conflict(field::NAME, NAME_TAKEN));
    }
    if !orgs::rename(&mut tx, &org.id, update.version, name.as_str()).await? {
        return Err(conflict());
    }
    child_orgs::refresh_listing(&mut tx, &org.id).await?;
    let renamed = orgs::find(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let detail = child_orgs::detail(&mut tx, &renamed, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Json(detail))
}

/// `PATCH /api/v1/partner/orgs/{id}/billing`: AP email, reference number, and trial days
/// until the trial has started.
pub async fn update_billing(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    JsonBody(update): JsonBody<BillingUpdate>,
) -> Result<Json<ChildOrgDetail>, AppError> {
    let valid = update.validate().map_err(AppError::Validation)?;
    let mut tx = state.db.begin().await?;
    let org = child_orgs::reachable(&mut tx, &actor, &id).await?;
    let current = billing::find_profile(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let trial_days = i64::from(valid.trial_days.days());
    if current.version != update.version {
        return Err(conflict());
    }
    let status = TrialStatus::at(current.first_unlock_at, current.trial_days, state.clock.now());
    check_trial_length_change(&status, current.trial_days, valid.trial_days)
        .map_err(|error| AppError::Conflict(vec![error]))?;
    let reference = valid.reference_number.as_ref().map(|r| r.as_str());
    if !billing::update_profile(&mut tx, &org.id, update.version, valid.ap_email.as_str(), trial_days, reference)
        .await?
    {
        return Err(conflict());
    }
    child_orgs::refresh_listing(&mut tx, &org.id).await?;
    let detail = child_orgs::detail(&mut tx, &org, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Json(detail))
}
