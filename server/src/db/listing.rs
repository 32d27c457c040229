//! The Manage Organizations read model: `child_org_listing` and its search terms.

use partner_center_domain::ap_emails::AdditionalApEmails;
use partner_center_domain::catalog::{Currency, PackagePlan};
use partner_center_domain::child_org::ChildOrgSort;
use partner_center_domain::org_filter::{OrgFilter, TrialPhase};
use partner_center_domain::search;
use partner_center_domain::trial::{status_sort_key, DAY_MS};
use partner_center_domain::validation::Slug;

use super::Conn;
use crate::infra::clock::Millis;

/// Everything one row of the list shows, sorts or searches on.
#[derive(Debug, Clone, super::FromRow)]
pub struct ListingRow {
    pub org_id: String,
    pub parent_id: String,
    pub name: String,
    #[row(try_from = "String")]
    pub slug: Slug,
    pub admin_name: Option<String>,
    pub admin_email: Option<String>,
    #[row(try_from = "String")]
    pub plan: PackagePlan,
    #[row(try_from = "String")]
    pub currency: Currency,
    pub plan_rank: i64,
    /// The trial's whole length, extension included.
    pub trial_days: i64,
    pub first_unlock_at: Option<Millis>,
    pub status_key: i64,
    pub reference_number: Option<String>,
    pub created_at: Millis,
}

const COLUMNS: &str = "org_id, parent_id, name, slug, admin_name, admin_email, plan, currency, plan_rank, trial_days, \
    first_unlock_at, status_key, reference_number, created_at";

/// Writes the row and its search terms anew.
pub async fn upsert(conn: &mut Conn, row: &ListingRow) -> Result<(), super::Error> {
    let admin_key = format!(
        "{} {}",
        row.admin_name.as_deref().unwrap_or_default().to_lowercase(),
        row.admin_email.as_deref().unwrap_or_default().to_lowercase()
    );
    let replaced =
        super::query("DELETE FROM child_org_listing WHERE org_id = $1").bind(&row.org_id).execute(&mut *conn).await?;
    if replaced.rows_affected() == 0 {
        super::query(
            "INSERT INTO child_org_counts (parent_id, children) VALUES ($1, 1) \
             ON CONFLICT (parent_id) DO UPDATE SET children = child_org_counts.children + 1",
        )
        .bind(&row.parent_id)
        .execute(&mut *conn)
        .await?;
    }
    super::query(&format!(
        "INSERT INTO child_org_listing ({COLUMNS}, name_key, admin_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    ))
    .bind(&row.org_id)
    .bind(&row.parent_id)
    .bind(&row.name)
    .bind(row.slug.as_str())
    .bind(&row.admin_name)
    .bind(&row.admin_email)
    .bind(row.plan.key())
    .bind(row.currency.code())
    .bind(row.plan_rank)
    .bind(row.trial_days)
    .bind(row.first_unlock_at)
    .bind(row.status_key)
    .bind(&row.reference_number)
    .bind(row.created_at)
    .bind(row.name.to_lowercase())
    .bind(admin_key.trim())
    .execute(&mut *conn)
    .await?;

    super::query("DELETE FROM child_org_search_terms WHERE org_id = $1").bind(&row.org_id).execute(&mut *conn).await?;
    let text = [
        Some(row.name.as_str()),
        row.admin_name.as_deref(),
        row.admin_email.as_deref(),
        row.reference_number.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let mut terms: Vec<String> = search::terms(&text).collect();
    terms.sort();
    terms.dedup();
    for term in terms {
        super::query(
            "INSERT INTO child_org_search_terms (parent_id, term, org_id, name_key, admin_key, status_key, plan_rank, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&row.parent_id)
        .bind(&term)
        .bind(&row.org_id)
        .bind(row.name.to_lowercase())
        .bind(admin_key.trim())
        .bind(row.status_key)
        .bind(row.plan_rank)
        .bind(row.created_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether another child of `parent_id` already has this name, in any letter case.
pub async fn name_taken(
    conn: &mut Conn,
    parent_id: &str,
    name: &str,
    except_org: Option<&str>,
) -> Result<bool, super::Error> {
    let found: Option<String> =
        super::query_scalar("SELECT org_id FROM child_org_listing WHERE parent_id = $1 AND name_key = $2")
            .bind(parent_id)
            .bind(name.to_lowercase())
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some_and(|id| Some(id.as_str()) != except_org))
}

pub struct PageRequest<'a> {
    pub parent_id: &'a str,
    pub filter: OrgFilter,
    /// The time the state filters are judged at.
    pub now: Millis,
    /// Query words; a row matches when each begins one of its terms.
    pub words: Vec<String>,
    pub sort: ChildOrgSort,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
    /// A search counts its matches up to this many.
    pub count_cap: i64,
}

pub struct PageResult {
    pub total: i64,
    /// How many rows the filters and the search leave, at most the count cap for a search.
    pub filtered: i64,
    /// More rows matched the search than `filtered` says.
    pub filtered_capped: bool,
    pub rows: Vec<ListingRow>,
}

fn sort_column(sort: ChildOrgSort) -> &'static str {
    match sort {
        ChildOrgSort::Name => "name_key",
        ChildOrgSort::SuperAdmin => "admin_key",
        ChildOrgSort::Status => "status_key",
        ChildOrgSort::Plan => "plan_rank",
        ChildOrgSort::Created => "created_at",
    }
}

/// The words that narrow a search: a word that begins another word adds nothing (every term
/// the longer one begins, it begins too).
fn narrowing_words(words: &[String]) -> Vec<&String> {
    let mut kept: Vec<&String> = Vec::new();
    for word in words {
        if !words.iter().any(|other| other != word && other.starts_with(word.as_str())) && !kept.contains(&word) {
            kept.push(word);
        }
    }
    kept
}

/// Words this short match too many terms to read their whole range; they are checked among
/// each candidate's own terms instead.
const SHORT_WORD: usize = 3;

/// The partner's children matching every word, one row per org with its sort key and name, as SQL
/// over the covering term index, and its parameters after `$1` (the partner). Each longer
/// word reads its own index range; short words (`po` in `po-4242`) only filter the candidates
/// those ranges found.
fn matching_orgs(words: &[&String], sort_column: &str) -> (String, Vec<String>) {
    let (mut long, mut short): (Vec<&String>, Vec<&String>) = words.iter().partition(|word| word.len() >= SHORT_WORD);
    if long.is_empty() {
        short.sort_by_key(|word| std::cmp::Reverse(word.len()));
        long.push(short.remove(0));
    }
    let mut bounds = Vec::new();
    let range = |word: &str, bounds: &mut Vec<String>| {
        let low = 2 + bounds.len();
        bounds.push(word.to_owned());
        match search::successor(word) {
            Some(high) => {
                bounds.push(high);
                format!("term >= ${low} AND term < ${}", low + 1)
            }
            None => format!("term >= ${low}"),
        }
    };
    let ranges: Vec<String> = long
        .iter()
        .enumerate()
        .map(|(index, word)| {
            let condition = range(word, &mut bounds);
            format!(
                "SELECT org_id, {index} AS word, {sort_column} AS sort_key, name_key FROM child_org_search_terms \
                 WHERE parent_id = $1 AND {condition}"
            )
        })
        .collect();
    let mut sql = format!(
        "SELECT org_id, MIN(sort_key) AS sort_key, MIN(name_key) AS name_key FROM ({}) hits GROUP BY org_id",
        ranges.join(" UNION ALL ")
    );
    if long.len() > 1 {
        sql.push_str(&format!(" HAVING COUNT(DISTINCT word) = {}", long.len()));
    }
    if !short.is_empty() {
        let checks: Vec<String> = short
            .iter()
            .map(|word| {
                let condition = range(word, &mut bounds);
                format!("EXISTS (SELECT 1 FROM child_org_search_terms t WHERE t.org_id = candidates.org_id AND {condition})")
            })
            .collect();
        sql = format!("SELECT org_id, sort_key, name_key FROM ({sql}) candidates WHERE {}", checks.join(" AND "));
    }
    (sql, bounds)
}

/// A bound value of a filter condition.
enum Param {
    Int(i64),
    Text(String),
}

/// The filters as conditions on the list row `l`, numbering their parameters from `$first`.
/// The state filters are ranges of `status_key` (the trial's end, or the largest key while
/// awaiting the first unlock), so they read the status index.
fn filter_conditions(filter: &OrgFilter, now: Millis, first: usize) -> (String, Vec<Param>) {
    let awaiting = status_sort_key(None, 0);
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    // Each `?` takes the next parameter number.
    let mut condition = |sql: &str, values: Vec<Param>| {
        let mut numbered = String::new();
        for (index, part) in sql.split('?').enumerate() {
            if index > 0 {
                numbered.push_str(&format!("${}", first + params.len() + index - 1));
            }
            numbered.push_str(part);
        }
        params.extend(values);
        conditions.push(numbered);
    };
    match filter.state {
        None => {}
        Some(TrialPhase::AwaitingFirstUnlock) => condition("l.status_key = ?", vec![Param::Int(awaiting)]),
        Some(TrialPhase::Trialing) => {
            condition("l.status_key > ? AND l.status_key < ?", vec![Param::Int(now), Param::Int(awaiting)])
        }
        Some(TrialPhase::Billing) => condition("l.status_key <= ?", vec![Param::Int(now)]),
    }
    if let Some(days) = filter.trial_ends_within {
        let until = now + i64::from(days) * DAY_MS;
        condition("l.status_key > ? AND l.status_key <= ?", vec![Param::Int(now), Param::Int(until)]);
    }
    if let Some(plan) = filter.plan {
        condition("l.plan = ?", vec![Param::Text(plan.key().to_owned())]);
    }
    if let Some(currency) = filter.currency {
        condition("l.currency = ?", vec![Param::Text(currency.code().to_owned())]);
    }
    (conditions.iter().map(|c| format!(" AND {c}")).collect(), params)
}

fn bind_all<'q, O: super::FromRow>(mut query: super::QueryAs<'q, O>, params: &'q [Param]) -> super::QueryAs<'q, O> {
    for param in params {
        query = match param {
            Param::Int(value) => query.bind(*value),
            Param::Text(value) => query.bind(value.as_str()),
        };
    }
    query
}

pub async fn page(conn: &mut Conn, request: &PageRequest<'_>) -> Result<PageResult, super::Error> {
    let total: i64 = super::query_scalar("SELECT children FROM child_org_counts WHERE parent_id = $1")
        .bind(request.parent_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);

    let direction = if request.descending { "DESC" } else { "ASC" };
    let column = sort_column(request.sort);
    if request.words.is_empty() && request.sort == ChildOrgSort::Status {
        let ids = attention_ids(conn, request).await?;
        let filtered = filtered_count(conn, request, total).await?;
        return Ok(PageResult { total, filtered, filtered_capped: false, rows: rows_of(conn, &ids).await? });
    }
    if request.words.is_empty() {
        // The sort index alone yields the page's ids (deep offsets walk index entries, not
        // rows); then the page's rows are fetched by id. A page in the back half is read
        // from the other end of the index, so the last page costs what the first does.
        let filtered = filtered_count(conn, request, total).await?;
        let walk = IndexWalk::for_page(request.offset, request.limit, filtered);
        let direction = if request.descending != walk.from_the_end { "DESC" } else { "ASC" };
        let (filters, params) = filter_conditions(&request.filter, request.now, 2);
        let next = params.len() + 2;
        let order = format!("{column} {direction}, org_id {direction}");
        let sql = format!(
            "SELECT {COLUMNS} FROM child_org_listing WHERE org_id IN \
             (SELECT l.org_id FROM child_org_listing l WHERE l.parent_id = $1{filters} \
              ORDER BY l.{column} {direction}, l.org_id {direction} LIMIT ${next} OFFSET ${}) \
             ORDER BY {order}",
            next + 1
        );
        let mut rows: Vec<ListingRow> = bind_all(super::query_as(&sql).bind(request.parent_id), &params)
            .bind(walk.limit)
            .bind(walk.offset)
            .fetch_all(&mut *conn)
            .await?;
        if walk.from_the_end {
            rows.reverse();
        }
        return Ok(PageResult { total, filtered, filtered_capped: false, rows });
    }

    let words = narrowing_words(&request.words);
    let (matches, bounds) = matching_orgs(&words, column);
    let (filters, params) = filter_conditions(&request.filter, request.now, bounds.len() + 2);
    let attention = request.sort == ChildOrgSort::Status;
    // The term index carries the name, so the attention order's tie-break needs no join.
    let filtered_matches = if filters.is_empty() {
        format!("SELECT org_id, sort_key, name_key FROM ({matches}) matched")
    } else {
        format!(
            "SELECT matched.org_id, matched.sort_key, l.name_key FROM ({matches}) matched \
             JOIN child_org_listing l ON l.org_id = matched.org_id WHERE 1 = 1{filters}"
        )
    };
    // The order's own parameter (now) follows the filters'; the count below takes none.
    let mut order_params = Vec::new();
    let order = if attention {
        // Running or awaiting (after now) before billing; within billing, the latest first.
        let now = bounds.len() + params.len() + 2;
        order_params.push(Param::Int(request.now));
        format!(
            "CASE WHEN sort_key > ${now} THEN 0 ELSE 1 END {direction}, \
             CASE WHEN sort_key > ${now} THEN sort_key ELSE -sort_key END {direction}, \
             name_key {direction}, org_id {direction}"
        )
    } else {
        format!("sort_key {direction}, org_id {direction}")
    };
    // The matches are found once (materialized) for both the page, the top of their order (a
    // bounded sort), and their count, which stops past the cap.
    let cap = bounds.len() + params.len() + order_params.len() + 2;
    let ids_sql = format!(
        "WITH found AS MATERIALIZED ({filtered_matches}) \
         SELECT org_id, (SELECT COUNT(*) FROM (SELECT 1 FROM found LIMIT ${cap}) capped) AS matches \
         FROM found ORDER BY {order} LIMIT ${} OFFSET ${}",
        cap + 1,
        cap + 2
    );
    let mut ids_query = super::query_as::<(String, i64)>(&ids_sql).bind(request.parent_id);
    for bound in &bounds {
        ids_query = ids_query.bind(bound);
    }
    let found = bind_all(bind_all(ids_query, &params), &order_params)
        .bind(request.count_cap + 1)
        .bind(request.limit)
        .bind(request.offset)
        .fetch_all(&mut *conn)
        .await?;
    let counted = match found.first() {
        Some((_, matches)) => *matches,
        // Past the last match: count them on their own.
        None => {
            let count_sql = format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM ({filtered_matches}) found LIMIT ${}) capped",
                bounds.len() + params.len() + 2
            );
            let mut count = super::query_as::<(i64,)>(&count_sql).bind(request.parent_id);
            for bound in &bounds {
                count = count.bind(bound);
            }
            bind_all(count, &params).bind(request.count_cap + 1).fetch_one(&mut *conn).await?.0
        }
    };
    let ids: Vec<String> = found.into_iter().map(|(id, _)| id).collect();
    Ok(PageResult {
        total,
        filtered: counted.min(request.count_cap),
        filtered_capped: counted > request.count_cap,
        rows: rows_of(conn, &ids).await?,
    })
}

/// Where an index walk for a page starts: a page past the middle of `count` rows is the same
/// rows read backwards from the end, skipping fewer entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IndexWalk {
    from_the_end: bool,
    offset: i64,
    limit: i64,
}

impl IndexWalk {
    fn for_page(offset: i64, limit: i64, count: i64) -> Self {
        if offset <= count / 2 || offset >= count {
            return Self { from_the_end: false, offset, limit };
        }
        let left = count - offset;
        Self { from_the_end: true, offset: left.saturating_sub(limit).max(0), limit: limit.min(left) }
    }
}

/// How many rows the filters leave (the search-free paths): the maintained total when there
/// are none.
async fn filtered_count(conn: &mut Conn, request: &PageRequest<'_>, total: i64) -> Result<i64, super::Error> {
    if request.filter.is_empty() {
        return Ok(total);
    }
    let (filters, params) = filter_conditions(&request.filter, request.now, 2);
    let count = format!("SELECT COUNT(*) FROM child_org_listing l WHERE l.parent_id = $1{filters}");
    let (filtered,): (i64,) =
        bind_all(super::query_as(&count).bind(request.parent_id), &params).fetch_one(conn).await?;
    Ok(filtered)
}

/// The page's ids in the "needs attention" order, from two ranges of the status index split at
/// now: what runs or awaits (trial end after now, ascending: soonest end first, then the
/// awaiting orgs by name) and what bills (descending: the latest to start billing first).
/// Descending is the exact reverse. The page is read from the first range at its offset; only
/// when that range runs out is it counted, to know where the second range's part begins.
async fn attention_ids(conn: &mut Conn, request: &PageRequest<'_>) -> Result<Vec<String>, super::Error> {
    let (filters, params) = filter_conditions(&request.filter, request.now, 3);
    let after = params.len() + 3;
    let range = |condition: &str, direction: &str| {
        format!(
            "SELECT l.org_id FROM child_org_listing l WHERE l.parent_id = $1 AND l.status_key {condition} $2{filters} \
             ORDER BY l.status_key {direction}, l.name_key {direction}, l.org_id {direction} LIMIT ${after} OFFSET ${}",
            after + 1
        )
    };
    let ((first, first_condition), second) = if request.descending {
        ((range("<=", "ASC"), "<="), range(">", "DESC"))
    } else {
        ((range(">", "ASC"), ">"), range("<=", "DESC"))
    };
    let first_ids = bind_all(super::query_as::<(String,)>(&first).bind(request.parent_id).bind(request.now), &params)
        .bind(request.limit)
        .bind(request.offset)
        .fetch_all(&mut *conn)
        .await?;
    let mut ids: Vec<String> = first_ids.into_iter().map(|(id,)| id).collect();
    let missing = request.limit - ids.len() as i64;
    if missing > 0 {
        let count = format!(
            "SELECT COUNT(*) FROM child_org_listing l WHERE l.parent_id = $1 AND l.status_key {first_condition} $2{filters}"
        );
        let (in_first,): (i64,) = bind_all(super::query_as(&count).bind(request.parent_id).bind(request.now), &params)
            .fetch_one(&mut *conn)
            .await?;
        let second_ids =
            bind_all(super::query_as::<(String,)>(&second).bind(request.parent_id).bind(request.now), &params)
                .bind(missing)
                .bind((request.offset - in_first).max(0))
                .fetch_all(&mut *conn)
                .await?;
        ids.extend(second_ids.into_iter().map(|(id,)| id));
    }
    Ok(ids)
}

/// The rows of `ids`, in that order.
async fn rows_of(conn: &mut Conn, ids: &[String]) -> Result<Vec<ListingRow>, super::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let rows_sql = format!("SELECT {COLUMNS} FROM child_org_listing WHERE org_id IN ({})", placeholders.join(", "));
    let mut rows_query = super::query_as::<ListingRow>(&rows_sql);
    for id in ids {
        rows_query = rows_query.bind(id);
    }
    let mut rows = rows_query.fetch_all(conn).await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.org_id));
    Ok(rows)
}

/// What an export adds to a page's rows: each org's namespace and AP emails.
#[derive(Debug, Clone, super::FromRow)]
pub struct ExportDetails {
    pub org_id: String,
    #[row(try_from = "String")]
    pub slug: Slug,
    pub ap_email: String,
    #[row(try_from = "String")]
    pub additional_ap_emails: AdditionalApEmails,
}

pub async fn export_details(conn: &mut Conn, org_ids: &[&str]) -> Result<Vec<ExportDetails>, super::Error> {
    if org_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=org_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT o.id AS org_id, o.slug, b.ap_email, b.additional_ap_emails FROM orgs o JOIN billing_profiles b ON b.org_id = o.id \
         WHERE o.id IN ({})",
        placeholders.join(", ")
    );
    let mut query = super::query_as(&sql);
    for id in org_ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// How many of the partner's children await their first unlock, trial, or bill at `now`: two
/// counts of status-index ranges (the awaiting orgs share one key), and the rest of the
/// maintained total bills, so the largest group is never walked.
pub async fn state_counts(conn: &mut Conn, parent_id: &str, now: Millis) -> Result<(i64, i64, i64), super::Error> {
    let total: i64 = super::query_scalar("SELECT children FROM child_org_counts WHERE parent_id = $1")
        .bind(parent_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);
    let awaiting_key = status_sort_key(None, 0);
    let in_range = |low: Millis, high: Millis| {
        super::query_scalar::<i64>(
            "SELECT COUNT(*) FROM child_org_listing WHERE parent_id = $1 AND status_key > $2 AND status_key <= $3",
        )
        .bind(parent_id)
        .bind(low)
        .bind(high)
    };
    let awaiting = in_range(awaiting_key - 1, awaiting_key).fetch_one(&mut *conn).await?;
    let trialing = in_range(now, awaiting_key - 1).fetch_one(&mut *conn).await?;
    Ok((awaiting, trialing, total - awaiting - trialing))
}

/// Trials ending after `now` and by `until`, soonest first (at most `limit`), and how many.
pub async fn trials_ending(
    conn: &mut Conn,
    parent_id: &str,
    now: Millis,
    until: Millis,
    limit: i64,
) -> Result<(Vec<ListingRow>, i64), super::Error> {
    let range = "parent_id = $1 AND status_key > $2 AND status_key <= $3";
    let rows = super::query_as(&format!(
        "SELECT {COLUMNS} FROM child_org_listing WHERE {range} ORDER BY status_key, org_id LIMIT $4"
    ))
    .bind(parent_id)
    .bind(now)
    .bind(until)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let count = super::query_scalar(&format!("SELECT COUNT(*) FROM child_org_listing WHERE {range}"))
        .bind(parent_id)
        .bind(now)
        .bind(until)
        .fetch_one(conn)
        .await?;
    Ok((rows, count))
}

/// Orgs created before `created_before` still awaiting their first unlock, longest waiting
/// first (at most `limit`), and how many.
pub async fn awaiting_since(
    conn: &mut Conn,
    parent_id: &str,
    created_before: Millis,
    limit: i64,
) -> Result<(Vec<ListingRow>, i64), super::Error> {
    let range = "parent_id = $1 AND status_key = $2 AND created_at < $3";
    let rows = super::query_as(&format!(
        "SELECT {COLUMNS} FROM child_org_listing WHERE {range} ORDER BY created_at, org_id LIMIT $4"
    ))
    .bind(parent_id)
    .bind(status_sort_key(None, 0))
    .bind(created_before)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let count = super::query_scalar(&format!("SELECT COUNT(*) FROM child_org_listing WHERE {range}"))
        .bind(parent_id)
        .bind(status_sort_key(None, 0))
        .bind(created_before)
        .fetch_one(conn)
        .await?;
    Ok((rows, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_in_the_front_half_is_read_from_the_start() {
        assert_eq!(IndexWalk::for_page(0, 50, 100_000), IndexWalk { from_the_end: false, offset: 0, limit: 50 });
        assert_eq!(
            IndexWalk::for_page(50_000, 50, 100_000),
            IndexWalk { from_the_end: false, offset: 50_000, limit: 50 }
        );
    }

    #[test]
    fn a_page_in_the_back_half_is_the_same_rows_read_from_the_end() {
        // Rows 99,950..99,999 are the first 50 from the end.
        assert_eq!(IndexWalk::for_page(99_950, 50, 100_000), IndexWalk { from_the_end: true, offset: 0, limit: 50 });
        // A short last page: rows 99,900..99,929 of 99,930.
        assert_eq!(IndexWalk::for_page(99_900, 50, 99_930), IndexWalk { from_the_end: true, offset: 0, limit: 30 });
        assert_eq!(
            IndexWalk::for_page(60_000, 50, 100_000),
            IndexWalk { from_the_end: true, offset: 39_950, limit: 50 }
        );
    }

    #[test]
    fn past_the_end_is_empty_either_way() {
        assert_eq!(IndexWalk::for_page(100_000, 50, 100_000).offset, 100_000);
        assert!(!IndexWalk::for_page(i64::MAX, i64::MAX, 100_000).from_the_end);
        assert_eq!(
            IndexWalk::for_page(99_999, i64::MAX, 100_000),
            IndexWalk { from_the_end: true, offset: 0, limit: 1 }
        );
    }
}
