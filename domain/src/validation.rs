//! Input rules. Each value type is built only through `parse`, so holding one proves the rule
//! held; each error's `Display` is the message shown beside the field, in browser and server alike.

use std::fmt;

/// Shortest and longest Initial Trial Period, in days (inclusive).
pub const TRIAL_DAYS_MIN: u8 = 1;
pub const TRIAL_DAYS_MAX: u8 = 21;
pub const ORG_NAME_MAX_CHARS: usize = 100;
pub const REFERENCE_NUMBER_MAX_CHARS: usize = 64;
pub const DOOR_NAME_MAX_CHARS: usize = 100;
/// Why a trial was extended: a sentence or two for the subscription history.
pub const EXTENSION_REASON_MAX_CHARS: usize = 300;
/// RFC 5321 limit on a whole address.
pub const EMAIL_MAX_CHARS: usize = 254;
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Long enough for any passphrase, short enough that hashing it stays cheap.
pub const PASSWORD_MAX_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationError {
    Required,
    TooLong { max: usize },
    TrialDaysOutOfRange,
    OutOfRange { min: i64, max: i64 },
    InvalidEmail,
    InvalidNamespace,
    NotPrintable,
    PasswordTooShort,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => f.write_str("This field is required."),
            Self::TooLong { max } => write!(f, "Use at most {max} characters."),
            Self::TrialDaysOutOfRange => {
                write!(f, "Enter a whole number of days from {TRIAL_DAYS_MIN} to {TRIAL_DAYS_MAX}.")
            }
            Self::OutOfRange { min, max } => write!(f, "Enter a whole number from {min} to {max}."),
            Self::InvalidEmail => f.write_str("Enter a valid email address, like name@example.com."),
            Self::InvalidNamespace => {
                f.write_str("Enter a namespace like org:acme-security (copy it from the Users page).")
            }
            Self::NotPrintable => {
                f.write_str("Use printable characters only (no control or text-direction characters).")
            }
            Self::PasswordTooShort => write!(f, "Use at least {PASSWORD_MIN_CHARS} characters."),
        }
    }
}

impl std::error::Error for ValidationError {}

/// True for characters that can make displayed text lie: control characters, and the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can
/// make "Acme\u{202E}cod.exe" read as something else.
pub fn is_spoofing(c: char) -> bool {
    c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `input` without the white space at either end, tabs and line breaks included (what a paste
/// often brings along). The set is what the published patterns' `\s` and Rust agree on: U+0085,
/// which Rust counts as white space and JSON Schema's patterns do not, stays and is refused.
pub fn trim_spaces(input: &str) -> &str {
    input.trim_matches(|c: char| c.is_whitespace() && c != '\u{85}')
}

/// Trimmed free text: required, at most `max` characters, nothing that can spoof.
fn display_text(input: &str, max: usize) -> Result<&str, ValidationError> {
    // Counted as sent, as the published `maxLength` counts: what trimming removes counts too.
    if input.chars().count() > max {
        return Err(ValidationError::TooLong { max });
    }
    let trimmed = trim_spaces(input);
    // Inside the text a tab or line break is refused: only its ends are trimmed.
    if trimmed.chars().any(is_spoofing) {
        return Err(ValidationError::NotPrintable);
    }
    if trimmed.is_empty() {
        return Err(ValidationError::Required);
    }
    Ok(trimmed)
}

/// The rules above as JSON Schema patterns (ECMA-262), published in the OpenAPI document so a
/// client can check a request before sending it. Each accepts no more than its `parse` does.
pub mod patterns {
    /// Free text with nothing `is_spoofing` refuses once white space at its ends (tabs and line
    /// breaks included) is trimmed; empty allowed.
    pub const PRINTABLE_TEXT: &str = concat!(
        r"^\s*([^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*",
        r"[^\s\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069])?\s*$"
    );
    /// Printable text with at least one character that is not a space.
    pub const REQUIRED_TEXT: &str = concat!(
        r"^\s*[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*",
        r"[^\s\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]\s*$"
    );
    /// A whole number of trial days, 1 to 21, leading zeros allowed as `parse` allows them.
    pub const TRIAL_DAYS: &str = r"^0*([1-9]|1[0-9]|2[01])$";
    /// `org:` and a slug.
    pub const NAMESPACE: &str = r"^org:[a-z0-9]+(-[a-z0-9]+)*$";
}

/// Longest namespace: the prefix and the longest slug.
pub const NAMESPACE_MAX_CHARS: usize = Namespace::PREFIX.len() + SLUG_MAX_CHARS;

/// Days of trial that follow an org's first unlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TrialDays(u8);

impl TrialDays {
    /// Accepts the text of the field: a whole number, nothing else (no sign, no decimals).
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ValidationError::Required);
        }
        if !input.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::TrialDaysOutOfRange);
        }
        match input.parse::<u8>() {
            Ok(days) if (TRIAL_DAYS_MIN..=TRIAL_DAYS_MAX).contains(&days) => Ok(Self(days)),
            _ => Err(ValidationError::TrialDaysOutOfRange),
        }
    }

    pub fn days(self) -> u8 {
        self.0
    }
}

/// An email address, trimmed; compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// A pragmatic check (one `@`, a non-empty local part, a dotted domain of letters, digits and
    /// hyphens), not the full RFC grammar: the invitation mail is the real proof.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ValidationError::Required);
        }
        if input.chars().count() > EMAIL_MAX_CHARS {
            return Err(ValidationError::TooLong { max: EMAIL_MAX_CHARS });
        }
        let (local, domain) = input.split_once('@').ok_or(ValidationError::InvalidEmail)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local_ok && domain_ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(ValidationError::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form under which uniqueness is checked and lookups are made.
    pub fn normalized(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

/// The scope of a login identity, written `org:<slug>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace(String);

impl Namespace {
    pub const PREFIX: &'static str = "org:";

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ValidationError::Required);
        }
        let slug = input.strip_prefix(Self::PREFIX).ok_or(ValidationError::InvalidNamespace)?;
        if is_slug(slug) {
            Ok(Self(input.to_owned()))
        } else {
            Err(ValidationError::InvalidNamespace)
        }
    }

    /// The namespace an org with this slug owns.
    pub fn of_slug(slug: &Slug) -> Self {
        Self(format!("{}{}", Self::PREFIX, slug.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The URL- and namespace-safe form of an org's name: lowercase ASCII letters and digits in
/// hyphen-separated runs, at most 63 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

const SLUG_MAX_CHARS: usize = 63;

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= SLUG_MAX_CHARS
        && s.split('-').all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

impl Slug {
    /// Derives a slug from a display name; `None` when the name has no letter or digit to keep.
    pub fn from_name(name: &str) -> Option<Self> {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(SLUG_MAX_CHARS);
        let slug = slug.trim_end_matches('-').to_owned();
        is_slug(&slug).then_some(Self(slug))
    }

    /// A slug as stored; `None` when it is not one.
    pub fn from_stored(stored: &str) -> Option<Self> {
        is_slug(stored).then(|| Self(stored.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::decode_stored_key!(Slug, "slug", Slug::from_stored);

/// An organization's display name: trimmed, non-empty, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        display_text(input, ORG_NAME_MAX_CHARS).map(|text| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's first or last name: trimmed, non-empty, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

pub const PERSON_NAME_MAX_CHARS: usize = 100;

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        display_text(input, PERSON_NAME_MAX_CHARS).map(|text| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The optional text printed on every invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceNumber(String);

impl ReferenceNumber {
    /// `Ok(None)` for an empty field: the reference number is optional.
    pub fn parse(input: &str) -> Result<Option<Self>, ValidationError> {
        if trim_spaces(input).is_empty() && input.chars().count() <= REFERENCE_NUMBER_MAX_CHARS {
            return Ok(None);
        }
        display_text(input, REFERENCE_NUMBER_MAX_CHARS).map(|text| Some(Self(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The optional name a door controller gives itself when it reports an unlock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorName(String);

impl DoorName {
    /// `Ok(None)` when the controller sent no name (or only spaces).
    pub fn parse(input: Option<&str>) -> Result<Option<Self>, ValidationError> {
        match input {
            None => Ok(None),
            Some(text) if trim_spaces(text).is_empty() && text.chars().count() <= DOOR_NAME_MAX_CHARS => Ok(None),
            Some(text) => display_text(text, DOOR_NAME_MAX_CHARS).map(|text| Some(Self(text.to_owned()))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a partner extended a trial, as the subscription history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionReason(String);

impl ExtensionReason {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        display_text(input, EXTENSION_REASON_MAX_CHARS).map(|text| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password, as chosen when accepting an invitation. Not trimmed: spaces count.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let length = input.chars().count();
        if length == 0 {
            return Err(ValidationError::Required);
        }
        if length < PASSWORD_MIN_CHARS {
            return Err(ValidationError::PasswordTooShort);
        }
        if length > PASSWORD_MAX_CHARS {
            return Err(ValidationError::TooLong { max: PASSWORD_MAX_CHARS });
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_days_accept_both_boundaries() {
        assert_eq!(TrialDays::parse("1").map(TrialDays::days), Ok(1));
        assert_eq!(TrialDays::parse("21").map(TrialDays::days), Ok(21));
        assert_eq!(TrialDays::parse(" 14 ").map(TrialDays::days), Ok(14));
    }

    #[test]
    fn trial_days_refuse_everything_outside_one_to_twenty_one() {
        for input in ["0", "22", "-3", "1.5", "abc", "+5", "300", "99999999999999999999"] {
            assert_eq!(TrialDays::parse(input), Err(ValidationError::TrialDaysOutOfRange), "{input}");
        }
        assert_eq!(TrialDays::parse(""), Err(ValidationError::Required));
    }

    #[test]
    fn trial_days_message_states_the_range() {
        assert_eq!(ValidationError::TrialDaysOutOfRange.to_string(), "Enter a whole number of days from 1 to 21.");
    }

    #[test]
    fn emails_are_trimmed_and_normalized_in_lowercase() {
        let email = Email::parse("  Pat.Lee+ap@Acme-Security.example ").unwrap();
        assert_eq!(email.as_str(), "Pat.Lee+ap@Acme-Security.example");
        assert_eq!(email.normalized(), "pat.lee+ap@acme-security.example");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for input in [
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@-b.com",
            "a@b.c",
            ".a@b.com",
            "a..b@c.com",
        ] {
            assert_eq!(Email::parse(input), Err(ValidationError::InvalidEmail), "{input}");
        }
        assert_eq!(Email::parse("   "), Err(ValidationError::Required));
    }

    #[test]
    fn email_length_is_capped() {
        let long = format!("{}@example.com", "a".repeat(64).repeat(4));
        assert_eq!(Email::parse(&long), Err(ValidationError::TooLong { max: EMAIL_MAX_CHARS }));
    }

    #[test]
    fn a_stored_slug_that_is_not_one_fails_to_decode() {
        assert_eq!(Slug::try_from("harbor-view-2".to_owned()).unwrap().as_str(), "harbor-view-2");
        for bad in ["", "Harbor", "a--b", "-a", "a b"] {
            assert!(Slug::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn namespaces_are_org_prefixed_slugs() {
        assert_eq!(Namespace::parse(" org:parent-org ").unwrap().as_str(), "org:parent-org");
        for input in ["parent-org", "org:", "org:Parent", "org:a--b", "org:-a", "user:abc", "org:a b"] {
            assert_eq!(Namespace::parse(input), Err(ValidationError::InvalidNamespace), "{input}");
        }
    }

    #[test]
    fn slugs_keep_letters_and_digits_of_a_name() {
        assert_eq!(Slug::from_name("Acme Security, Inc.").unwrap().as_str(), "acme-security-inc");
        assert_eq!(Slug::from_name("  42 Doors ").unwrap().as_str(), "42-doors");
        assert_eq!(Slug::from_name("!!!"), None);
        let slug = Slug::from_name(&"x".repeat(80)).unwrap();
        assert_eq!(slug.as_str().len(), 63);
        assert_eq!(Namespace::of_slug(&slug).as_str(), format!("org:{}", "x".repeat(63)));
    }

    #[test]
    fn org_names_are_trimmed_required_and_at_most_one_hundred_characters() {
        assert_eq!(OrgName::parse("  Acme  ").unwrap().as_str(), "Acme");
        assert_eq!(OrgName::parse(" "), Err(ValidationError::Required));
        assert!(OrgName::parse(&"n".repeat(100)).is_ok());
        assert_eq!(OrgName::parse(&"n".repeat(101)), Err(ValidationError::TooLong { max: 100 }));
    }

    #[test]
    fn reference_numbers_are_optional_and_at_most_sixty_four_printable_characters() {
        assert_eq!(ReferenceNumber::parse("  "), Ok(None));
        assert_eq!(ReferenceNumber::parse("PO-1").unwrap().unwrap().as_str(), "PO-1");
        assert!(ReferenceNumber::parse(&"r".repeat(64)).is_ok());
        assert_eq!(ReferenceNumber::parse(&"r".repeat(65)), Err(ValidationError::TooLong { max: 64 }));
        assert_eq!(ReferenceNumber::parse("PO\t1"), Err(ValidationError::NotPrintable));
    }

    #[test]
    fn door_names_are_optional_capped_and_printable() {
        assert_eq!(DoorName::parse(None), Ok(None));
        assert_eq!(DoorName::parse(Some("   ")), Ok(None));
        assert_eq!(DoorName::parse(Some(" Front door ")).unwrap().unwrap().as_str(), "Front door");
        assert!(DoorName::parse(Some(&"d".repeat(100))).is_ok());
        assert_eq!(DoorName::parse(Some(&"d".repeat(101))), Err(ValidationError::TooLong { max: 100 }));
        assert_eq!(DoorName::parse(Some("Lobby\u{202E}")), Err(ValidationError::NotPrintable));
    }

    #[test]
    fn person_names_are_trimmed_required_and_capped() {
        assert_eq!(PersonName::parse(" Priya ").unwrap().as_str(), "Priya");
        assert_eq!(PersonName::parse("").unwrap_err(), ValidationError::Required);
        assert!(PersonName::parse(&"p".repeat(100)).is_ok());
        assert_eq!(PersonName::parse(&"p".repeat(101)).unwrap_err(), ValidationError::TooLong { max: 100 });
    }

    #[test]
    fn names_refuse_control_and_text_direction_characters() {
        for spoof in ["Acme\u{202E}moc", "Acme\u{2066}x", "Acme\u{2069}", "Acme\u{202A}", "Ac\u{0007}me", "A\u{009B}b"]
        {
            assert_eq!(OrgName::parse(spoof), Err(ValidationError::NotPrintable), "{spoof:?}");
            assert_eq!(PersonName::parse(spoof), Err(ValidationError::NotPrintable), "{spoof:?}");
            assert_eq!(ReferenceNumber::parse(spoof), Err(ValidationError::NotPrintable), "{spoof:?}");
        }
        assert!(OrgName::parse("Café Zoë — Ålesund 東京").is_ok());
        assert_eq!(PersonName::parse("Pri\tya"), Err(ValidationError::NotPrintable), "inside, a tab is refused");
        assert_eq!(PersonName::parse("Priya\u{85}"), Err(ValidationError::NotPrintable), "U+0085 is not trimmed");
        assert_eq!(ReferenceNumber::parse("  "), Ok(None), "spaces alone are an empty field");
        assert_eq!(
            ValidationError::NotPrintable.to_string(),
            "Use printable characters only (no control or text-direction characters)."
        );
    }

    #[test]
    fn pasted_tabs_and_line_breaks_at_either_end_are_trimmed_like_spaces() {
        for edge in ["\nPriya", "Priya\n", "\tPriya", " \r\n\tPriya \t"] {
            assert_eq!(PersonName::parse(edge).map(|name| name.as_str().to_owned()), Ok("Priya".into()), "{edge:?}");
        }
        assert_eq!(OrgName::parse("Harbor View\t").map(|name| name.as_str().to_owned()), Ok("Harbor View".into()));
        assert_eq!(ReferenceNumber::parse("\n"), Ok(None));
        assert_eq!(
            ReferenceNumber::parse("\tPO-1\n").map(|r| r.map(|r| r.as_str().to_owned())),
            Ok(Some("PO-1".into()))
        );
        assert_eq!(DoorName::parse(Some("\r\n")), Ok(None));
        assert_eq!(PersonName::parse("\t\n"), Err(ValidationError::Required));
        let blank = " ".repeat(REFERENCE_NUMBER_MAX_CHARS + 1);
        assert!(matches!(ReferenceNumber::parse(&blank), Err(ValidationError::TooLong { .. })), "blank, yet too long");
        assert!(matches!(
            DoorName::parse(Some(&" ".repeat(DOOR_NAME_MAX_CHARS + 1))),
            Err(ValidationError::TooLong { .. })
        ));
        let long = format!("{}\t", "p".repeat(100));
        assert_eq!(PersonName::parse(&long), Err(ValidationError::TooLong { max: 100 }), "as the schema counts");
    }

    #[test]
    fn the_published_text_patterns_accept_what_parse_accepts() {
        let required = regex::Regex::new(patterns::REQUIRED_TEXT).unwrap();
        let printable = regex::Regex::new(patterns::PRINTABLE_TEXT).unwrap();
        for text in
            ["Priya", " Priya ", "\tPriya\n", "Pri\tya", "", " ", "\t", "A\u{202E}b", "Café Zoë", "a b", "x\u{0007}"]
        {
            assert_eq!(required.is_match(text), PersonName::parse(text).is_ok(), "required {text:?}");
            assert_eq!(printable.is_match(text), ReferenceNumber::parse(text).is_ok(), "printable {text:?}");
        }
    }

    #[test]
    fn new_passwords_need_twelve_characters_spaces_included() {
        assert_eq!(NewPassword::parse("").unwrap_err(), ValidationError::Required);
        assert_eq!(NewPassword::parse("eleven char").unwrap_err(), ValidationError::PasswordTooShort);
        assert_eq!(NewPassword::parse("twelve chars").unwrap().expose(), "twelve chars");
        assert_eq!(ValidationError::PasswordTooShort.to_string(), "Use at least 12 characters.");
        assert_eq!(format!("{:?}", NewPassword::parse("a secret passphrase").unwrap()), "NewPassword(***)");
    }
}
