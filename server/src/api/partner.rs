//! The Partner Center: a partner's child orgs. Every handler acts for a Super Admin of a
//! partner org, on that org's own children only.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::ap_emails;
use partner_center_domain::api::{OrgRef, Page};
use partner_center_domain::audit::{AuditAction, FieldChange};
use partner_center_domain::child_org::{
    check_trial_length_change, field, BillingUpdate, ChildOrgDetail, ChildOrgSort, ChildOrgSummary, NewChildOrg,
    OrgInfoUpdate, PartnerInfo,
};
use partner_center_domain::org_filter::{OrgFilter, OrgFilterQuery};
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::validation::OrgName;
use sha2::{Digest, Sha256};

use crate::audit::{self, Change, Doer};
use crate::auth::Actor;
use crate::child_orgs::{self, NAME_TAKEN};
use crate::db::billing::{self, ProfileEdit};
use crate::db::idempotency::{self, SavedResponse};
use crate::db::orgs::{self, OrgRow};
use crate::db::{listing, Conn};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::org_creation::{self, AddOrgOutcome, AddOrgRequest};
use crate::org_listing;
use crate::AppState;

use super::{bad_request, ListParams};

fn conflict() -> AppError {
    AppError::stale_edit("organization")
}

pub(super) async fn acting_org(conn: &mut Conn, actor: &Actor) -> Result<OrgRow, AppError> {
    child_orgs::acting_partner(conn, actor).await
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

/// What Manage Organizations shows, from its query: the search, filters and sort that the list
/// and its export share.
#[derive(Clone)]
pub(super) struct OrgView {
    filter: OrgFilter,
    words: Vec<String>,
    sort: ChildOrgSort,
    descending: bool,
}

impl OrgView {
    pub(super) fn parse(params: &ListParams, filter: &OrgFilterQuery) -> Result<Self, AppError> {
        Ok(Self {
            filter: OrgFilter::parse(filter).map_err(bad_request)?,
            words: params.search_terms()?,
            sort: params.sort(ChildOrgSort::Status, ChildOrgSort::from_key, ChildOrgSort::KEYS)?,
            descending: params.descending()?,
        })
    }

    /// The rows from `offset`, as they stand at `now`.
    pub(super) fn page<'a>(&self, parent_id: &'a str, now: i64, limit: i64, offset: i64) -> listing::PageRequest<'a> {
        listing::PageRequest {
            parent_id,
            filter: self.filter,
            now,
            words: self.words.clone(),
            sort: self.sort,
            descending: self.descending,
            limit,
            offset,
            count_cap: partner_center_domain::search::COUNT_CAP,
        }
    }
}

/// `GET /api/v1/partner/orgs`: one page of the partner's child orgs.
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<ListParams>,
    Query(filter): Query<OrgFilterQuery>,
) -> Result<Json<Page<ChildOrgSummary>>, AppError> {
    let view = OrgView::parse(&params, &filter)?;
    let partner_id = child_orgs::acting_partner_id(&actor)?;
    let mut conn = state.db.conn().await?;
    let now = state.clock.now();
    let page = listing::page(&mut conn, &view.page(partner_id, now, params.limit()?, params.offset()?)).await?;
    Ok(Json(Page {
        total_count: page.total,
        filtered_count: page.filtered,
        filtered_count_capped: page.filtered_capped,
        data: page.rows.into_iter().map(|row| child_orgs::summary(row, now)).collect(),
    }))
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

    let request = AddOrgRequest { key: &key, request_hash: &request_hash, form: &valid };
    match org_creation::create(&state, &actor, &request).await? {
        AddOrgOutcome::Replayed(saved) => replay(saved),
        AddOrgOutcome::Created(detail) => {
            let location = format!("/api/v1/partner/orgs/{}", detail.id);
            let mut response = (StatusCode::CREATED, Json(detail)).into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            Ok(response)
        }
    }
}

/// The first answer to this key, again.
fn replay(saved: SavedResponse) -> Result<Response, AppError> {
    let status = StatusCode::from_u16(saved.response_status).map_err(|error| AppError::Internal(Box::new(error)))?;
    Ok((status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], saved.response_body)
        .into_response())
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
    org_listing::refresh(&mut tx, &org.id).await?;
    let now = state.clock.now();
    let entry = Change::new(&org.id, AuditAction::OrgRenamed, name.as_str()).with([FieldChange::of(
        "name",
        org.name.as_str(),
        name.as_str(),
    )]);
    audit::record(&mut tx, &Doer::signed_in(&actor), &entry, now).await?;
    let renamed = orgs::find(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let detail = child_orgs::detail(&mut tx, &renamed, now).await?;
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
    let status = TrialStatus::at(current.first_unlock_at, current.trial_length(), state.clock.now());
    check_trial_length_change(&status, current.trial_days, valid.trial_days)
        .map_err(|error| AppError::Conflict(vec![error]))?;
    let reference = valid.reference_number.as_ref().map(|r| r.as_str());
    let edit = ProfileEdit {
        ap_email: valid.ap_email.as_str(),
        additional_ap_emails: &valid.additional_ap_emails,
        trial_days,
        reference_number: reference,
    };
    if !billing::update_profile(&mut tx, &org.id, update.version, &edit).await? {
        return Err(conflict());
    }
    org_listing::refresh(&mut tx, &org.id).await?;
    let now = state.clock.now();
    let entry = Change::new(&org.id, AuditAction::BillingEdited, &org.name).with([
        FieldChange::of("apEmail", current.ap_email.as_str(), valid.ap_email.as_str()),
        FieldChange::of(
            ap_emails::ADDITIONAL_FIELD,
            current.additional_ap_emails.to_strings().join(", "),
            valid.additional_ap_emails.to_strings().join(", "),
        ),
        FieldChange::of("trialDays", current.trial_days.to_string(), trial_days.to_string()),
        FieldChange::of(
            "referenceNumber",
            current.reference_number.clone().unwrap_or_default(),
            reference.unwrap_or_default(),
        ),
    ]);
    audit::record(&mut tx, &Doer::signed_in(&actor), &entry, now).await?;
    let detail = child_orgs::detail(&mut tx, &org, now).await?;
    tx.commit().await?;
    Ok(Json(detail))
}
