//! An org's Accounts Payable addresses: the one every form requires and up to four more.
//! Every invoice mail and trial reminder goes to each of them.

use crate::api::FieldErrors;
use crate::validation::{trim_spaces, Email, ValidationError, EMAIL_MAX_CHARS};

/// How many addresses an org may list in all.
pub const MAX_AP_EMAILS: usize = 5;

/// The field of the addresses after the first, in request bodies and `FieldError::field`.
pub const ADDITIONAL_FIELD: &str = "additionalApEmails";

pub const DUPLICATE: &str = "This address is already listed.";

/// The field name of the `index`-th additional address (from 0), which is also its input's id.
pub fn additional_field(index: usize) -> String {
    format!("{ADDITIONAL_FIELD}.{index}")
}

/// The visible label of the `index`-th additional address: the first one is address 2.
pub fn additional_label(index: usize) -> String {
    format!("Accounts Payable Email {}", index + 2)
}

/// A row added and not filled: white space only (as the published pattern's `\s` reads it), and
/// no longer than an address may be.
fn is_blank_row(input: &str) -> bool {
    trim_spaces(input).is_empty() && input.chars().count() <= EMAIL_MAX_CHARS
}

/// The addresses after the first, each valid and none listed twice (case aside).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdditionalApEmails(Vec<Email>);

impl AdditionalApEmails {
    /// Checks the addresses after `primary` into `errors`, each under its own field (its place
    /// in `additional`); `None` when any failed. A blank one is a row the person added and did
    /// not fill: it is left out, never refused. `primary` is only compared against: its own
    /// rule runs elsewhere.
    pub fn check(errors: &mut FieldErrors, primary: &str, additional: &[String]) -> Option<Self> {
        if additional.len() >= MAX_AP_EMAILS {
            errors.add(ADDITIONAL_FIELD, format!("List at most {MAX_AP_EMAILS} Accounts Payable emails in all."));
            return None;
        }
        let mut seen = vec![primary.trim().to_ascii_lowercase()];
        let mut valid = Vec::with_capacity(additional.len());
        let mut failed = false;
        for (index, input) in additional.iter().enumerate().filter(|(_, input)| !is_blank_row(input)) {
            let checked = Email::parse(input).map_err(|error| error.to_string()).and_then(|email| {
                if seen.contains(&email.normalized()) {
                    Err(DUPLICATE.to_owned())
                } else {
                    seen.push(email.normalized());
                    Ok(email)
                }
            });
            match errors.check(&additional_field(index), checked) {
                Some(email) => valid.push(email),
                None => failed = true,
            }
        }
        (!failed).then_some(Self(valid))
    }

    /// Every address of the org: `first`, then these.
    pub fn after<'a>(&'a self, first: &'a str) -> impl Iterator<Item = &'a str> {
        std::iter::once(first).chain(self.0.iter().map(Email::as_str))
    }

    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(|email| email.as_str().to_owned()).collect()
    }

    /// The stored form: one address per line (no address holds a line break).
    pub fn stored(&self) -> String {
        self.to_strings().join("\n")
    }
}

/// Decodes the stored form; an address that fails its rule is an error, never skipped.
impl TryFrom<String> for AdditionalApEmails {
    type Error = ValidationError;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        if stored.is_empty() {
            return Ok(Self::default());
        }
        stored.split('\n').map(Email::parse).collect::<Result<Vec<_>, _>>().map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(primary: &str, additional: &[&str]) -> Result<Vec<String>, Vec<(String, String)>> {
        let mut errors = FieldErrors::default();
        let additional: Vec<String> = additional.iter().map(|s| (*s).to_owned()).collect();
        let checked = AdditionalApEmails::check(&mut errors, primary, &additional);
        errors
            .or(checked)
            .map(|emails| emails.to_strings())
            .map_err(|errors| errors.into_iter().map(|e| (e.field, e.message)).collect())
    }

    #[test]
    fn up_to_four_more_addresses_pass_trimmed() {
        assert_eq!(
            check("ap@a.example", &[" b@a.example ", "c@a.example", "d@a.example", "e@a.example"]),
            Ok(vec!["b@a.example".into(), "c@a.example".into(), "d@a.example".into(), "e@a.example".into()])
        );
        assert_eq!(check("ap@a.example", &[]), Ok(vec![]));
    }

    #[test]
    fn a_sixth_address_is_refused_on_the_list() {
        let six = ["b@a.example", "c@a.example", "d@a.example", "e@a.example", "f@a.example"];
        let errors = check("ap@a.example", &six).unwrap_err();
        assert_eq!(errors, [("additionalApEmails".into(), "List at most 5 Accounts Payable emails in all.".into())]);
    }

    #[test]
    fn a_repeated_address_is_refused_beside_its_second_mention_whatever_its_case() {
        let errors = check("AP@a.example", &["b@a.example", "ap@A.example", "B@a.example"]).unwrap_err();
        assert_eq!(
            errors,
            [("additionalApEmails.1".into(), DUPLICATE.into()), ("additionalApEmails.2".into(), DUPLICATE.into()),]
        );
    }

    #[test]
    fn each_address_has_the_email_rule_and_a_blank_row_is_left_out() {
        let errors = check("ap@a.example", &["", "nope"]).unwrap_err();
        assert_eq!(
            errors,
            [("additionalApEmails.1".into(), "Enter a valid email address, like name@example.com.".into())]
        );
        assert_eq!(check("ap@a.example", &[" ", "b@a.example", "\t"]), Ok(vec!["b@a.example".into()]));
        assert_eq!(check("ap@a.example", &["", ""]), Ok(vec![]), "blank rows are never repeats");
    }

    #[test]
    fn the_stored_form_decodes_back_and_a_bad_stored_address_fails_loudly() {
        let emails = AdditionalApEmails::try_from("b@a.example\nc@a.example".to_owned()).unwrap();
        assert_eq!(emails.stored(), "b@a.example\nc@a.example");
        assert_eq!(AdditionalApEmails::try_from(String::new()).unwrap(), AdditionalApEmails::default());
        assert!(AdditionalApEmails::try_from("b@a.example\n".to_owned()).is_err());
        assert!(AdditionalApEmails::try_from("not an address".to_owned()).is_err());
    }

    #[test]
    fn labels_count_the_first_address() {
        assert_eq!(additional_label(0), "Accounts Payable Email 2");
        assert_eq!(additional_field(3), "additionalApEmails.3");
    }
}
