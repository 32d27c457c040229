//! Which columns of the Users page are shown, remembered in this browser.

use partner_center_domain::users::UserColumn;

const STORAGE_KEY: &str = "partner-center.users.columns";

/// The person's last choice, or the default (everything but Namespace).
pub fn load() -> Vec<UserColumn> {
    let saved = leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    saved.map_or_else(defaults, |text| parse(&text))
}

pub fn save(columns: &[UserColumn]) {
    if let Some(storage) = leptos::prelude::window().local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, &serialize(columns));
    }
}

pub fn defaults() -> Vec<UserColumn> {
    UserColumn::ALL.into_iter().filter(|c| c.shown_by_default()).collect()
}

/// `shown` with `column` shown or hidden, in the table's order.
pub fn toggled(shown: &[UserColumn], column: UserColumn, on: bool) -> Vec<UserColumn> {
    UserColumn::ALL.into_iter().filter(|c| if *c == column { on } else { shown.contains(c) }).collect()
}

/// Dates keep to one line (the table's `nowrap`), so rows stay one line high.
pub fn is_date(column: UserColumn) -> bool {
    matches!(column, UserColumn::Created | UserColumn::LastSignIn)
}

fn serialize(columns: &[UserColumn]) -> String {
    columns.iter().map(|c| c.key()).collect::<Vec<_>>().join(",")
}

/// Unknown keys (from an older version) are dropped; the table's order is kept.
fn parse(text: &str) -> Vec<UserColumn> {
    let keys: Vec<&str> = text.split(',').collect();
    UserColumn::ALL.into_iter().filter(|c| keys.contains(&c.key())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_choice_reads_back_in_table_order() {
        let chosen = vec![UserColumn::Namespace, UserColumn::Name];
        assert_eq!(parse(&serialize(&chosen)), vec![UserColumn::Name, UserColumn::Namespace]);
        assert_eq!(parse("name,shoeSize"), vec![UserColumn::Name]);
        assert!(!defaults().contains(&UserColumn::Namespace));
    }

    #[test]
    fn showing_a_column_puts_it_in_its_place_and_hiding_removes_it() {
        let shown = vec![UserColumn::Name, UserColumn::Roles];
        assert_eq!(
            toggled(&shown, UserColumn::Email, true),
            vec![UserColumn::Name, UserColumn::Email, UserColumn::Roles]
        );
        assert_eq!(toggled(&shown, UserColumn::Name, false), vec![UserColumn::Roles]);
        assert_eq!(toggled(&shown, UserColumn::Name, true), shown, "already shown");
    }
}
