//! CSV as spreadsheets read it (RFC 4180), safe to open: every cell quoted, and any part of a
//! cell that a spreadsheet would take for a formula written as text.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};

/// A download of `header` and then each chunk of lines `chunks` yields, streamed as it is
/// read, so an export's size never sits in memory. A failure mid-way is logged and ends the
/// body early (the client sees a truncated transfer, never a silently short file).
pub fn download<E>(
    filename: &str,
    header: &[&str],
    chunks: impl Stream<Item = Result<String, E>> + Send + 'static,
) -> Response
where
    E: std::error::Error + Send + Sync + 'static,
{
    let first = stream::once(std::future::ready(Ok::<String, E>(line(header.iter().copied()))));
    let body = first.chain(chunks).map_ok(Bytes::from).inspect_err(|error| tracing::error!(%error, "export failed"));
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from_stream(body),
    )
        .into_response()
}

/// One line of `cells`, ending in CRLF.
pub fn line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// A cell, always quoted (a quote inside doubled). Text a spreadsheet would run is guarded: a
/// `'` goes before any `=`, `+`, `-`, `@`, tab or carriage return that starts the cell or
/// follows a separator a spreadsheet may split on (`,`, `;`, tab), so a name like
/// `Harbor View;=HYPERLINK(…)` stays text however the file is opened.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut starts_field = true;
    for c in text.chars() {
        if starts_field && matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r') {
            out.push('\'');
        }
        if c == '"' {
            out.push('"');
        }
        out.push(c);
        starts_field = matches!(c, ',' | ';' | '\t');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_is_quoted_with_its_quotes_doubled() {
        assert_eq!(cell("Harbor View Dental"), "\"Harbor View Dental\"");
        assert_eq!(cell("Raman, Priya"), "\"Raman, Priya\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell(""), "\"\"");
        assert_eq!(line(["a", "b,c", ""]), "\"a\",\"b,c\",\"\"\r\n");
    }

    #[test]
    fn what_a_spreadsheet_would_run_is_written_as_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2"), "\"'-2\"");
        assert_eq!(cell("@sum"), "\"'@sum\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(cell("dana@northwind.example"), "\"dana@northwind.example\"", "an @ inside is harmless");
    }

    #[test]
    fn a_formula_after_any_separator_a_spreadsheet_may_split_on_is_text_too() {
        assert_eq!(cell("Harbor View;=2+2"), "\"Harbor View;'=2+2\"");
        assert_eq!(cell("Harbor View,+2"), "\"Harbor View,'+2\"");
        assert_eq!(cell("a\t@b"), "\"a\t'@b\"");
        assert_eq!(cell("Smith-Jones; Lee"), "\"Smith-Jones; Lee\"", "a dash inside a word is harmless");
    }
}
