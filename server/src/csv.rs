//! CSV as spreadsheets read it (RFC 4180), safe to open: a cell that a spreadsheet would take
//! for a formula is written as text.

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
