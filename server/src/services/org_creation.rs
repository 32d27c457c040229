//! Add Org under an Idempotency-Key: one org per key however often the request arrives
//! (a double click, a retry after a timeout). The key is taken before the work starts, so a
//! twin request waits for the first and replays its answer; the whole transaction is tried
//! again only when a concurrent create took a unique value (a slug, a name) under it.

use axum::http::StatusCode;
use partner_center_domain::audit::AuditAction;
use partner_center_domain::child_org::{ChildOrgDetail, ValidNewChildOrg};
use partner_center_domain::users::full_name;

use crate::auth::partner_reach;
use crate::auth::Actor;
use crate::db::idempotency::{self, Owner, SavedResponse};
use crate::error::AppError;
use crate::services::accounts::Adder;
use crate::services::audit::{self, Change, Doer};
use crate::services::child_orgs;
use crate::AppState;

/// How often a create is tried again when a concurrent write got in first.
const CREATE_ATTEMPTS: usize = 3;

pub struct AddOrgRequest<'a> {
    pub key: &'a str,
    /// Identifies the body: the key is bound to its first request.
    pub request_hash: &'a str,
    pub form: &'a ValidNewChildOrg,
}

pub enum AddOrgOutcome {
    Created(Box<ChildOrgDetail>),
    /// The key was used before for this very request: its first answer.
    Replayed(SavedResponse),
}

/// Creates the org once per key, for the partner the caller acts in.
pub async fn create(state: &AppState, actor: &Actor, request: &AddOrgRequest<'_>) -> Result<AddOrgOutcome, AppError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match try_create(state, actor, request).await {
            Err(error) if attempt < CREATE_ATTEMPTS && is_retryable(&error) => continue,
            Ok(AddOrgOutcome::Replayed(saved)) if saved.request_hash != request.request_hash => {
                return Err(AppError::refused(
                    StatusCode::CONFLICT,
                    "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
                ));
            }
            outcome => return outcome,
        }
    }
}

/// A concurrent create with another key took a unique value under us (read committed: neither
/// saw the other's): the next attempt sees it, and a name now taken is refused as such. A name
/// conflict found by the check itself is the answer, not a race, so it is not tried again.
fn is_retryable(error: &AppError) -> bool {
    match error {
        AppError::Internal(cause) => {
            cause.downcast_ref::<crate::db::Error>().is_some_and(crate::db::Error::is_unique_violation)
        }
        _ => false,
    }
}

async fn try_create(state: &AppState, actor: &Actor, request: &AddOrgRequest<'_>) -> Result<AddOrgOutcome, AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Authorization first: a key never answers for a caller who may not create.
    let partner = partner_reach::acting_partner(&mut tx, actor).await?;
    let owner = Owner { identity_id: &actor.identity_id, org_id: &partner.id };
    if !idempotency::claim(&mut tx, &owner, request.key, request.request_hash, now).await? {
        let saved = idempotency::find(&mut tx, &owner, request.key, now).await?.ok_or(crate::db::Error::RowNotFound)?;
        return Ok(AddOrgOutcome::Replayed(saved));
    }
    let name = full_name(&actor.user.first_name, &actor.user.last_name);
    let adder = Adder { name: &name, login_namespace: &actor.user.login_namespace };
    let sender = state.mail_sender(&partner.id);
    let detail = child_orgs::create(&mut tx, &partner, request.form, &state.public_url, adder, sender, now).await?;
    audit::record(
        &mut tx,
        &Doer::signed_in(actor),
        &Change::new(&detail.id, AuditAction::OrgCreated, &detail.name),
        now,
    )
    .await?;
    let saved = SavedResponse {
        request_hash: request.request_hash.to_owned(),
        response_status: 201,
        response_body: serde_json::to_string(&detail).map_err(|e| AppError::Internal(Box::new(e)))?,
    };
    idempotency::answer(&mut tx, &owner, request.key, &saved).await?;
    tx.commit().await?;
    Ok(AddOrgOutcome::Created(Box::new(detail)))
}
