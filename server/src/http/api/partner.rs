//! The Partner Center: a partner's child orgs. Every handler acts for a Super Admin of a
//! partner org, on that org's own children only.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{OrgRef, Page};
use partner_center_domain::child_org::{
    field, BillingUpdate, ChildOrgDetail, ChildOrgSort, ChildOrgSummary, NewChildOrg, OrgInfoUpdate, PartnerInfo,
};
use partner_center_domain::org_filter::{OrgFilter, OrgFilterQuery};
use partner_center_domain::validation::OrgName;
use sha2::{Digest, Sha256};

use crate::auth::partner_reach;
use crate::auth::Actor;
use crate::db::idempotency::{self, SavedResponse};
use crate::db::orgs::OrgRow;
use crate::db::{listing, Conn};
use crate::error::AppError;
use crate::http::extract::JsonBody;
use crate::services::child_orgs::{self};
use crate::services::org_creation::{self, AddOrgOutcome, AddOrgRequest};
use crate::services::org_edits;
use crate::AppState;

use super::{bad_request, ListParams};

pub(super) async fn acting_org(conn: &mut Conn, actor: &Actor) -> Result<OrgRow, AppError> {
    partner_reach::acting_partner(conn, actor).await
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
    let partner_id = partner_reach::acting_partner_id(&actor)?;
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
    let org = partner_reach::child(&mut conn, &actor, &id).await?;
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
    Ok(Json(org_edits::rename(&state.db, &actor, &id, &name, update.version, state.clock.now()).await?))
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
    Ok(Json(org_edits::edit_billing(&state.db, &actor, &id, &valid, update.version, state.clock.now()).await?))
}
