//! The acting org's users: the Users page, Add User (including linking a login from another
//! namespace) and edits of roles, Portal Access and suspension.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::Page;
use partner_center_domain::roles::{may_change_roles, Permission, Role};
use partner_center_domain::users::{NewUserForm, UserSort, UserStatus, UserSummary, UserUpdate};

use crate::auth::Actor;
use crate::db::orgs::{self, OrgRow};
use crate::db::users::{self, UserRow};
use crate::db::Conn;
use crate::error::AppError;
use crate::http::extract::JsonBody;
use crate::infra::clock::rfc3339;
use crate::services::access_requests::{self, Added};
use crate::services::user_edits::{self, EditRefusal, ResendRefusal};
use crate::AppState;

use super::ListParams;

fn summary(row: UserRow, roles: Vec<Role>) -> UserSummary {
    let (status, portal_access) = (row.status(), row.portal_access());
    UserSummary {
        invitation_undelivered: row.invitation_undelivered.filter(|_| status == UserStatus::Inactive),
        status,
        portal_access,
        id: row.id,
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        roles,
        namespace: row.namespace,
        created_at: rfc3339(row.created_at),
        last_sign_in_at: row.last_sign_in_at.map(rfc3339),
        version: row.version,
    }
}

fn escalation() -> AppError {
    AppError::refused(StatusCode::FORBIDDEN, "You can only give or take roles up to your own.")
}

async fn acting_org(conn: &mut Conn, actor: &Actor) -> Result<OrgRow, AppError> {
    orgs::find(conn, actor.acting_org_id()).await?.ok_or(AppError::NotFound)
}

async fn user_summary(conn: &mut Conn, org_id: &str, user_id: &str) -> Result<UserSummary, AppError> {
    let row = users::find_in_org(conn, org_id, user_id).await?.ok_or(AppError::NotFound)?;
    let roles = users::roles(conn, user_id).await?;
    Ok(summary(row, roles))
}

/// `GET /api/v1/users`: one page of the acting org's users.
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<ListParams>,
) -> Result<Json<Page<UserSummary>>, AppError> {
    actor.require(Permission::ReadOrg)?;
    let order = params.sort(UserSort::Name, UserSort::from_key, UserSort::KEYS)?;
    let descending = params.descending()?;
    let mut conn = state.db.conn().await?;
    let org_id = actor.acting_org_id();
    let page =
        users::page(&mut conn, org_id, params.search()?, order, descending, params.limit()?, params.offset()?).await?;
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    for (user_id, role) in users::roles_in_org(&mut conn, org_id).await? {
        roles.entry(user_id).or_default().push(role);
    }
    let data = page
        .rows
        .into_iter()
        .map(|row| {
            let mut held = roles.remove(&row.id).unwrap_or_default();
            held.sort();
            summary(row, held)
        })
        .collect();
    Ok(Json(Page { total_count: page.total, filtered_count: page.filtered, filtered_count_capped: false, data }))
}

/// `GET /api/v1/users/{id}`.
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<UserSummary>, AppError> {
    actor.require(Permission::ReadOrg)?;
    let mut conn = state.db.conn().await?;
    Ok(Json(user_summary(&mut conn, actor.acting_org_id(), &id).await?))
}

/// `POST /api/v1/users`: Add User in the acting org: `201` with the user, or `202` with the
/// access request when the login lives in an unrelated namespace.
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(form): JsonBody<NewUserForm>,
) -> Result<Response, AppError> {
    actor.require(Permission::ManageOrg)?;
    let valid = form.validate().map_err(AppError::Validation)?;
    if !may_change_roles(&actor.roles, &[], &valid.roles) {
        return Err(escalation());
    }
    let sender = state.mail_sender(actor.acting_org_id());
    let added =
        access_requests::add_user(&state.db, &actor, &valid, &state.public_url, sender, state.clock.now()).await?;
    Ok(match added {
        Added::User(user_id) => {
            let created = user_summary(&mut state.db.conn().await?, actor.acting_org_id(), &user_id).await?;
            (StatusCode::CREATED, Json(created)).into_response()
        }
        Added::Requested(request) => (StatusCode::ACCEPTED, Json(request)).into_response(),
    })
}

/// `PATCH /api/v1/users/{id}`: roles, Portal Access, suspend or reactivate.
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    JsonBody(update): JsonBody<UserUpdate>,
) -> Result<Json<UserSummary>, AppError> {
    actor.require(Permission::ManageOrg)?;
    let mut conn = state.db.conn().await?;
    let org = acting_org(&mut conn, &actor).await?;
    let outgoing = state.outgoing(actor.acting_org_id());
    user_edits::apply(&state.db, &org, &id, &update, &actor, outgoing, state.clock.now()).await.map_err(|refusal| {
        match refusal {
            EditRefusal::NotFound => AppError::NotFound,
            EditRefusal::Escalation => escalation(),
            EditRefusal::LastOneRunningTheOrg(message) => AppError::refused(StatusCode::CONFLICT, message),
            EditRefusal::Stale => AppError::stale_edit("user"),
            EditRefusal::Db(error) => error.into(),
            EditRefusal::Mail(error) => error.into(),
        }
    })?;
    Ok(Json(user_summary(&mut conn, &org.id, &id).await?))
}

/// Sends an invited user a new invitation; the earlier link stops working.
pub async fn resend_invitation(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<UserSummary>, AppError> {
    actor.require(Permission::ManageOrg)?;
    let mut conn = state.db.conn().await?;
    let org = acting_org(&mut conn, &actor).await?;
    let outgoing = state.outgoing(actor.acting_org_id());
    user_edits::resend_invitation(&state.db, &org, &id, &actor, outgoing, state.clock.now()).await.map_err(
        |refusal| match refusal {
            ResendRefusal::NotFound => AppError::NotFound,
            ResendRefusal::NotWaiting(message) => AppError::refused(StatusCode::CONFLICT, message),
            ResendRefusal::Db(error) => error.into(),
            ResendRefusal::Mail(error) => error.into(),
        },
    )?;
    Ok(Json(user_summary(&mut conn, &org.id, &id).await?))
}
