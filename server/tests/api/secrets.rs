//! Secrets at rest: raw invitation tokens live only in the mail, and files holding secrets
//! are their owner's alone. (That no token reaches a log line is `tests/log_secrets.rs`.)

use std::os::unix::fs::PermissionsExt;

use partner_center_server::infra::secrets::token_digest;

use crate::helpers::spawn_app;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn no_raw_invitation_token_stays_in_the_database_once_its_mail_is_delivered() {
    let app = spawn_app().await;
    let token = app.invite_someone().await;
    let mut conn = app.db.conn().await.unwrap();
    let bodies: Vec<String> =
        partner_center_server::db::query_scalar("SELECT body FROM outbox").fetch_all(&mut conn).await.unwrap();
    assert_eq!(bodies.len(), 1);
    assert!(!bodies[0].contains(&token), "the delivered body is erased: {}", bodies[0]);
    let hashes: Vec<String> = partner_center_server::db::query_scalar("SELECT token_hash FROM invitations")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(hashes, [token_digest(&token)], "only the digest is kept");
}

#[tokio::test]
async fn outbox_files_and_the_sqlite_database_are_readable_by_their_owner_only() {
    let app = spawn_app().await;
    app.invite_someone().await;
    let mails: Vec<_> = std::fs::read_dir(app.outbox_dir()).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert_eq!(mails.len(), 1);
    assert_eq!(mode(&mails[0]), 0o600, "{}", mails[0].display());
    if app.expected_backend == "sqlite" {
        let files: Vec<_> = std::fs::read_dir(app.dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("test.db"))
            .collect();
        assert!(!files.is_empty());
        for file in files {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
}
