//! The server binary as an operator runs it: stopping on SIGTERM, and `backup`. Its own test
//! binary: these start processes, not the in-process app.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use partner_center_server::db::Database;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const SERVER: &str = env!("CARGO_BIN_EXE_partner-center-server");

fn server(data_dir: &Path) -> Command {
    let mut command = Command::new(SERVER);
    command
        .args(["--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .arg("--dist-dir")
        .arg(data_dir.join("no-dist"))
        .env_remove("DATABASE_URL")
        .env("PARTNER_CENTER_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Reads the server's output until it says where it listens; returns that base URL and every
/// line read so far, and keeps collecting the rest in the background.
async fn started(child: &mut Child) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next_line().await.unwrap().expect("the server stopped before it listened");
        if let Some(rest) = line.strip_prefix("Partner Center is running at ") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    let rest = tokio::spawn(async move {
        let mut seen = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            seen.push(line);
        }
        seen
    });
    (base, rest)
}

fn terminate(child: &Child) {
    let pid = child.id().unwrap().to_string();
    let sent = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
}

#[tokio::test]
async fn sigterm_stops_the_server_with_every_worker_ended_and_exit_code_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = server(dir.path()).spawn().unwrap();
    let (base, output) = started(&mut child).await;
    let live = reqwest::get(format!("{base}/api/v1/health/live")).await.unwrap();
    assert_eq!(live.status(), 204);
    assert!(live.headers().contains_key("x-request-id"));

    terminate(&child);
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait()).await.expect("stopped in time").unwrap();
    assert!(status.success(), "{status}");
    let log = output.await.unwrap().join("\n");
    for worker in ["mail", "billing", "purge"] {
        assert!(log.contains(&format!("worker stopped worker=\"{worker}\"")), "{worker}: {log}");
    }
    assert!(!log.contains("abandoned"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(log.contains("route=/api/v1/health/live") && log.contains("status=204"), "the access line: {log}");
}

/// `partner-center-server --data-dir DATA backup COPY`.
async fn backup(data_dir: &Path, copy: &Path) -> std::process::Output {
    let mut command = Command::new(SERVER);
    command.arg("--data-dir").arg(data_dir).env_remove("DATABASE_URL").arg("backup").arg(copy);
    command.output().await.unwrap()
}

#[tokio::test]
async fn backup_copies_the_database_into_a_new_file_that_opens_as_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("partner-center.db").display());
    let db = Database::connect(&url).await.unwrap();
    let mut conn = db.conn().await.unwrap();
    partner_center_server::db::query(
        "INSERT INTO orgs (id, name, slug, parent_id, is_partner, billing_mode, created_at) \
         VALUES ('org-1', 'Northwind Security', 'northwind-security', NULL, 1, 'partner_invoiced', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    drop(conn);

    // The database stays open (as a running server holds it) while the copy is taken.
    let copy = dir.path().join("backup.db");
    let output = backup(dir.path(), &copy).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Backed up the database to"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // Restoring is opening the copy in the database's place.
    let restored = Database::connect(&format!("sqlite://{}", copy.display())).await.unwrap();
    let mut conn = restored.conn().await.unwrap();
    let name: String = partner_center_server::db::query_scalar("SELECT name FROM orgs WHERE id = 'org-1'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(name, "Northwind Security");
    let check: String =
        partner_center_server::db::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.unwrap();
    assert_eq!(check, "ok");

    let again = backup(dir.path(), &copy).await;
    assert!(!again.status.success(), "an existing file is never overwritten");
    assert!(String::from_utf8_lossy(&again.stdout).contains("exists already"), "{:?}", again);
    db.close().await;
}
