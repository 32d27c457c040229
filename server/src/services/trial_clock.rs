//! What moves a running trial's end, and what tells people it is near: the one extension a
//! partner may grant, and the reminders 7, 3 and 1 days before the end.

use partner_center_domain::audit::{AuditAction, FieldChange};
use partner_center_domain::pages::{self, OrgTab};
use partner_center_domain::trial::{TrialStatus, DAY_MS};
use partner_center_domain::trial_extension::{self, TrialExtensionRequest, TrialExtensionView};
use partner_center_domain::trial_reminder::{self, SentReminder, REMINDER_DAYS};
use partner_center_domain::users::full_name;

use crate::auth::{partner_reach, Actor};
use crate::db::trial_extensions::{self, ExtensionRow, ReminderRow};
use crate::db::{billing, orgs, users, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{date, rfc3339, Clock, Millis};
use crate::infra::mail::{self, Mail};
use crate::services::audit::{self, Change, Doer};
use crate::services::org_listing;

pub fn extension_view(row: ExtensionRow) -> TrialExtensionView {
    TrialExtensionView {
        days: row.days,
        reason: row.reason,
        extended_by: row.extended_by,
        extended_at: rfc3339(row.extended_at),
        previous_end: rfc3339(row.previous_end),
    }
}

pub fn reminder_view(row: ReminderRow) -> SentReminder {
    SentReminder {
        days_before: row.days_before,
        sent_at: rfc3339(row.sent_at),
        trial_ends_at: rfc3339(row.trial_ends_at),
        recipients: row.recipients.split(',').map(str::to_owned).collect(),
    }
}

/// Extends the running trial of the partner's child org `org_id` once, in one transaction: the
/// trial's days grow, the list row follows, and the audit log records it. A refusal changes
/// nothing.
pub async fn extend(
    db: &Database,
    actor: &Actor,
    org_id: &str,
    request: &TrialExtensionRequest,
    now: Millis,
) -> Result<TrialExtensionView, AppError> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    let org = partner_reach::child(conn, actor, org_id).await?;
    let extension = request.validate().map_err(AppError::Validation)?;
    let profile = billing::find_profile(conn, &org.id).await?.ok_or(AppError::NotFound)?;
    let status = TrialStatus::at(profile.first_unlock_at, profile.trial_length(), now);
    let already = trial_extensions::find(conn, &org.id).await?.is_some();
    trial_extension::check_state(&status, already).map_err(|refusal| AppError::Conflict(vec![refusal]))?;
    let TrialStatus::Trialing { ends_at, .. } = status else {
        unreachable!("check_state lets only a running trial through")
    };
    let row = ExtensionRow {
        days: extension.days,
        reason: extension.reason.as_str().to_owned(),
        previous_end: ends_at,
        extended_by: full_name(&actor.user.first_name, &actor.user.last_name),
        extended_at: now,
    };
    // Two extensions at once: the table's key lets one through.
    if !trial_extensions::extend(conn, &org.id, &row).await? {
        let refusal = trial_extension::check_state(&status, true).expect_err("an extended trial is refused");
        return Err(AppError::Conflict(vec![refusal]));
    }
    org_listing::refresh(conn, &org.id).await?;
    let new_end = ends_at + extension.days * DAY_MS;
    let change = Change::new(&org.id, AuditAction::TrialExtended, &org.name).with([
        FieldChange::of("Trial ends", date(ends_at), date(new_end)),
        FieldChange::of("Reason", "", row.reason.clone()),
    ]);
    audit::record(conn, &Doer::signed_in(actor), &change, now).await?;
    tx.commit().await?;
    Ok(extension_view(row))
}

/// Sends every reminder due at the clock's now, each in its own transaction with its claim, so
/// that of several servers' passes exactly one sends it. Returns how many went out.
pub async fn send_due_reminders(db: &Database, clock: &Clock, public_url: &str) -> Result<usize, AppError> {
    let now = clock.now();
    let ending = {
        let mut conn = db.conn().await?;
        trial_extensions::ending_between(&mut conn, now, now + REMINDER_DAYS[0] * DAY_MS).await?
    };
    let mut sent = 0;
    for trial in ending {
        let Some(days_before) = trial_reminder::due(trial.trial_days, trial.ends_at, now) else {
            continue;
        };
        if trial.closest_sent.is_some_and(|closest| closest <= days_before) {
            continue;
        }
        match remind(db, &trial.org_id, &trial.parent_id, trial.ends_at, days_before, public_url, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            // One org's bad row must not hold back every other org's reminders.
            Err(error) => tracing::error!(org_id = trial.org_id, %error, "could not send this trial's reminder"),
        }
    }
    Ok(sent)
}

/// Claims and mails one reminder; false when another pass already sent it.
async fn remind(
    db: &Database,
    org_id: &str,
    parent_id: &str,
    ends_at: Millis,
    days_before: i64,
    public_url: &str,
    now: Millis,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let org = orgs::find(&mut tx, org_id).await?.ok_or(AppError::NotFound)?;
    let profile = billing::find_profile(&mut tx, org_id).await?.ok_or(AppError::NotFound)?;
    let plan = billing::find_subscription(&mut tx, org_id).await?.ok_or(AppError::NotFound)?.choice();
    let partner = orgs::find(&mut tx, parent_id).await?.ok_or(AppError::NotFound)?;
    let admins = users::active_super_admin_emails(&mut tx, parent_id).await?;
    let is_admin = |email: &str| admins.iter().any(|admin| admin.eq_ignore_ascii_case(email));
    // Accounts payable readers have no console to open: theirs says what happens and whom to ask.
    let mut payables: Vec<String> = profile.ap_emails().filter(|ap| !is_admin(ap)).map(str::to_owned).collect();
    payables.sort();
    payables.dedup();
    let mut recipients: Vec<String> = admins.iter().chain(&payables).cloned().collect();
    recipients.sort();
    recipients.dedup();
    let claim = ReminderRow { trial_ends_at: ends_at, days_before, sent_at: now, recipients: recipients.join(",") };
    if !trial_extensions::claim_reminder(&mut tx, org_id, &claim).await? {
        return Ok(false);
    }
    let subject = trial_reminder::subject(&org.name, days_before);
    let billing_begins = format!(
        "The trial of {name} ends on {end}.\n\nBilling then begins: {price} {period} for {plan}, invoiced to {ap}.\n",
        name = org.name,
        end = date(ends_at),
        price = plan.price().plain(),
        period = plan.length.per_period(),
        plan = plan.plan.label(),
        ap = profile.ap_emails().collect::<Vec<_>>().join(", "),
    );
    let to_partner = format!(
        "{billing_begins}To change the plan before then, open its Subscriptions tab:\n{}\n",
        pages::absolute(public_url, &pages::org_tab(&org.id, OrgTab::Subscriptions))
    );
    let to_payables = format!(
        "{billing_begins}Nothing needs doing now. Questions about the plan or the invoices: contact {}, who \
         manages this account.\n",
        partner.name
    );
    for to in &admins {
        mail::enqueue(&mut tx, &Mail { to, subject: &subject, body: &to_partner, secret: false }, now).await?;
    }
    for to in &payables {
        mail::enqueue(&mut tx, &Mail { to, subject: &subject, body: &to_payables, secret: false }, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}
