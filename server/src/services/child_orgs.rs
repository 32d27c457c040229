//! Creating and reading a partner's child orgs: the rules that need the database (unique
//! names, existing namespaces) and the writes that must happen together.

use partner_center_domain::api::OrgRef;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::child_org::{
    field, BillingDetail, ChildOrgDetail, ChildOrgSummary, PersonRef, SubscriptionDetail, ValidNewChildOrg,
};
use partner_center_domain::roles::Role;
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::users::full_name;
use partner_center_domain::validation::{Namespace, Slug};

use crate::db::billing::{self, NewBilling};
use crate::db::listing::{self, ListingRow};
use crate::db::orgs::{self, NewOrg, OrgRow};
use crate::db::Conn;
use crate::db::{trial_extensions, unlocks, users};
use crate::error::AppError;
use crate::infra::clock::{rfc3339, Millis};
use crate::infra::mail::Sender;
use crate::infra::secrets::new_id;
use crate::services::access_requests;
use crate::services::accounts::{Adder, NewMember};
use crate::services::org_listing;
use crate::services::trial_clock;

pub const NAME_TAKEN: &str = "An organization with this name already exists among your customers.";

/// A slug for `name` that no org has yet: the name's own, else with `-2`, `-3`, ...
async fn free_slug(conn: &mut Conn, name: &str) -> Result<Slug, crate::db::Error> {
    let base = Slug::from_name(name).map_or_else(|| format!("org-{}", &new_id()[..8]), |s| s.as_str().to_owned());
    let mut candidate = base.clone();
    let mut n = 2;
    loop {
        if let Some(slug) = Slug::from_name(&candidate) {
            if !orgs::slug_taken(conn, slug.as_str()).await? {
                return Ok(slug);
            }
        }
        candidate = format!("{}-{n}", &base[..base.len().min(58)]);
        n += 1;
    }
}

/// Creates the org, its Super Admin (a new login with an invitation, or a link to an existing
/// login), its billing profile and initial subscription, and its list row, on `conn`, which
/// should be a transaction: any error leaves the caller to roll everything back. Answers the
/// new org's detail from what it wrote, without reading it back.
pub async fn create(
    conn: &mut Conn,
    partner: &OrgRow,
    form: &ValidNewChildOrg,
    public_url: &str,
    adder: Adder<'_>,
    sender: Sender<'_>,
    now: Millis,
) -> Result<ChildOrgDetail, AppError> {
    let name = form.name.as_str();
    if listing::name_taken(conn, &partner.id, name, None).await? {
        return Err(AppError::conflict(field::NAME, NAME_TAKEN));
    }
    let org_id = new_id();
    let slug = free_slug(conn, name).await?;
    let org = NewOrg {
        id: &org_id,
        name,
        slug: &slug,
        parent_id: Some(&partner.id),
        is_partner: false,
        billing_mode: partner.billing_mode,
        created_at: now,
    };
    let org_version = orgs::insert(conn, &org).await?;
    let org_namespace = Namespace::of_slug(&slug);
    let admin = NewMember {
        org_id: &org_id,
        org_name: name,
        org_namespace: org_namespace.as_str(),
        first_name: form.admin_first_name.as_str(),
        last_name: form.admin_last_name.as_str(),
        email: &form.admin_email,
        existing_namespace: form.existing_namespace.as_ref(),
        portal_access: true,
        roles: &[Role::SuperAdmin],
        adder,
        sender,
    };
    // A brand-new org has no users yet, so only its partner's namespace can link at once.
    let added = access_requests::add_or_request(conn, &admin, Some(&partner.namespace()), public_url, now)
        .await
        .map_err(|error| error.refusal(field::ADMIN_EMAIL))?;
    // A linked login keeps its own spelling of the email: read the one row that says it. An
    // access request adds nobody yet.
    let super_admin = match added {
        access_requests::Added::User(_) => users::first_super_admin(conn, &org_id)
            .await?
            .map(|a| PersonRef { name: full_name(&a.first_name, &a.last_name), email: a.email }),
        access_requests::Added::Requested(_) => None,
    };

    let trial_days = i64::from(form.trial_days.days());
    let reference_number = form.reference_number.as_ref().map(|r| r.as_str().to_owned());
    let billing = NewBilling {
        org_id: &org_id,
        billing_mode: partner.billing_mode,
        ap_email: form.ap_email.as_str(),
        additional_ap_emails: &form.additional_ap_emails,
        trial_days,
        reference_number: reference_number.as_deref(),
    };
    let billing_version = billing::insert_profile(conn, &billing).await?;
    let (plan, currency, length) = (PackagePlan::INITIAL, Currency::Usd, PlanLength::INITIAL);
    billing::insert_subscription(conn, &org_id, plan.key(), currency.code(), length.key(), now).await?;
    let sources = org_listing::Sources {
        org_id: org_id.clone(),
        parent_id: partner.id.clone(),
        name: name.to_owned(),
        slug: slug.clone(),
        created_at: now,
        admin: super_admin.as_ref().map(|a| (a.name.clone(), a.email.clone())),
        plan,
        currency,
        trial_days,
        first_unlock_at: None,
        reference_number: reference_number.clone(),
    };
    org_listing::write(conn, sources).await?;
    Ok(ChildOrgDetail {
        id: org_id,
        name: name.to_owned(),
        namespace: org_namespace.as_str().to_owned(),
        parent: org_ref(partner),
        created_at: rfc3339(now),
        version: org_version,
        super_admin,
        billing: BillingDetail {
            mode: partner.billing_mode,
            ap_email: form.ap_email.as_str().to_owned(),
            additional_ap_emails: form.additional_ap_emails.to_strings(),
            trial_days,
            reference_number,
            status: TrialStatus::at(None, trial_days, now),
            trial_started_by: None,
            trial_extension: None,
            reminders: Vec::new(),
            version: billing_version,
        },
        subscription: SubscriptionDetail { plan, currency, length },
    })
}

fn org_ref(org: &OrgRow) -> OrgRef {
    OrgRef { id: org.id.clone(), name: org.name.clone(), namespace: org.namespace(), is_partner: org.is_partner() }
}

pub fn summary(row: ListingRow, now: Millis) -> ChildOrgSummary {
    ChildOrgSummary {
        status: TrialStatus::at(row.first_unlock_at, row.trial_days, now),
        plan: row.plan,
        super_admin: row.admin_name.zip(row.admin_email).map(|(name, email)| PersonRef { name, email }),
        id: row.org_id,
        name: row.name,
        namespace: Namespace::of_slug(&row.slug).as_str().to_owned(),
        reference_number: row.reference_number,
        created_at: rfc3339(row.created_at),
    }
}

pub async fn detail(conn: &mut Conn, org: &OrgRow, now: Millis) -> Result<ChildOrgDetail, AppError> {
    let parent_id = org.parent_id.as_deref().ok_or(AppError::NotFound)?;
    let parent = orgs::find(conn, parent_id).await?.ok_or(AppError::NotFound)?;
    let billing = billing::find_profile(conn, &org.id).await?.ok_or(AppError::NotFound)?;
    let subscription = billing::find_subscription(conn, &org.id).await?.ok_or(AppError::NotFound)?;
    let admin = users::first_super_admin(conn, &org.id).await?;
    let status = TrialStatus::at(billing.first_unlock_at, billing.trial_length(), now);
    Ok(ChildOrgDetail {
        id: org.id.clone(),
        name: org.name.clone(),
        namespace: org.namespace(),
        parent: org_ref(&parent),
        created_at: rfc3339(org.created_at),
        version: org.version,
        super_admin: admin.map(|a| PersonRef { name: full_name(&a.first_name, &a.last_name), email: a.email }),
        billing: BillingDetail {
            mode: billing.billing_mode,
            additional_ap_emails: billing.additional_ap_emails.to_strings(),
            ap_email: billing.ap_email,
            trial_days: billing.trial_days,
            reference_number: billing.reference_number,
            status,
            trial_started_by: unlocks::first_source(conn, &org.id).await?,
            trial_extension: trial_extensions::find(conn, &org.id).await?.map(trial_clock::extension_view),
            reminders: trial_extensions::reminders(conn, &org.id)
                .await?
                .into_iter()
                .map(trial_clock::reminder_view)
                .collect(),
            version: billing.version,
        },
        subscription: SubscriptionDetail {
            plan: subscription.plan,
            currency: subscription.currency,
            length: subscription.plan_length,
        },
    })
}
