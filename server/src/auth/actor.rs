//! The caller of a protected endpoint, resolved from the session cookie on every request, and
//! the one place where "may this caller do this to that org?" is answered.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use partner_center_domain::roles::{permissions, Permission, Role};

use super::session;
use crate::db::orgs::OrgRow;
use crate::db::users::MembershipRow;
use crate::db::{sessions, Conn};
use crate::error::AppError;
use crate::http::client::Client;
use crate::infra::secrets::token_digest;
use crate::AppState;

/// A signed-in person acting in one org, through one of their users there.
#[derive(Debug, Clone)]
pub struct Actor {
    pub session_digest: String,
    pub identity_id: String,
    /// The user through which the person acts: its org is the acting org.
    pub user: MembershipRow,
    pub roles: Vec<Role>,
}

/// Which orgs an endpoint serves, seen from the acting org.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Only the acting org itself.
    OwnOrg,
    /// The acting org, or one of its child orgs when the actor may use the Partner Center.
    OwnOrPartnerOfChild,
    /// Only child orgs of the acting org, to those who may use the Partner Center.
    PartnerOfChild,
}

impl Actor {
    pub fn acting_org_id(&self) -> &str {
        &self.user.org_id
    }

    pub fn permissions(&self) -> Vec<Permission> {
        permissions(&self.roles, self.user.org_is_partner())
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.roles.iter().any(|role| role.allows(permission, self.user.org_is_partner()))
    }

    /// Answers whether the actor may do what needs `permission` to `org`.
    ///
    /// In the acting org, a role that falls short is a 403: the org is the actor's own, so its
    /// existence is no secret. Anywhere else the answer is 404, exactly as for an org that does
    /// not exist, unless `reach` lets a partner's Super Admin into its own child orgs.
    pub fn authorize(&self, org: &OrgRow, permission: Permission, reach: Reach) -> Result<(), AppError> {
        if org.id == self.acting_org_id() && reach != Reach::PartnerOfChild {
            return if self.can(permission) { Ok(()) } else { Err(AppError::Forbidden) };
        }
        let is_child = org.parent_id.as_deref() == Some(self.acting_org_id());
        match reach {
            _ if is_child && self.can(Permission::PartnerCenter) && reach != Reach::OwnOrg => Ok(()),
            // A Partner Center route, on the acting partner's own child: the child is the
            // partner's, so only the role falls short.
            Reach::PartnerOfChild if is_child => Err(AppError::Forbidden),
            _ => Err(AppError::NotFound),
        }
    }

    /// Fails unless the actor may use the Partner Center: 404 where there is none (the acting
    /// org is not a partner), 403 for a partner's user whose role does not reach it.
    pub fn require_partner_center(&self) -> Result<(), AppError> {
        if !self.user.org_is_partner() {
            return Err(AppError::NotFound);
        }
        self.require(Permission::PartnerCenter)
    }

    /// Fails unless the actor has `permission` in the acting org.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Resolves the session behind `token`: live, and its user still active with Portal Access
    /// in the acting org. A session failing either is deleted, so suspension takes effect at
    /// the very next request.
    pub async fn resolve(conn: &mut Conn, token: &str, now: i64) -> Result<Self, AppError> {
        let digest = token_digest(token);
        let Some(resolved) = sessions::resolve(conn, &digest).await? else {
            // A session whose acting user is gone is deleted; an unknown token writes nothing.
            if sessions::find(conn, &digest).await?.is_some() {
                sessions::delete(conn, &digest).await?;
            }
            return Err(AppError::Unauthenticated);
        };
        let sessions::Resolved { session: found, user, roles } = resolved;
        if !(session::is_live(&found, now) && user.may_sign_in()) {
            sessions::delete(conn, &digest).await?;
            return Err(AppError::Unauthenticated);
        }
        if now - found.last_seen_at >= session::TOUCH_EVERY {
            sessions::touch(conn, &digest, now).await?;
        }
        Ok(Self { session_digest: digest, identity_id: found.identity_id, user, roles })
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let client = Client::from_request_parts(parts, state).await?;
        let token = session::token_from(&parts.headers, client.https).ok_or(AppError::Unauthenticated)?;
        let mut conn = state.db.conn().await?;
        Self::resolve(&mut conn, &token, state.clock.now()).await
    }
}
