//! CSV as spreadsheets read it (RFC 4180), safe to open: a cell that a spreadsheet would take
//! for a formula is written as text.

/// One line of `cells`, ending in CRLF.
pub fn line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// A cell, quoted when it holds a comma, a quote or a line break. Text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it instead
/// of running it (a name like `=HYPERLINK(…)` typed into a form stays a name).
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_they_must_be() {
        assert_eq!(cell("Harbor View Dental"), "Harbor View Dental");
        assert_eq!(cell("Raman, Priya"), "\"Raman, Priya\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(line(["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }

    #[test]
    fn what_a_spreadsheet_would_run_is_written_as_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@sum"), "'@sum");
        assert_eq!(cell("dana@northwind.example"), "dana@northwind.example", "an @ inside is harmless");
    }
}
