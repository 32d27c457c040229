//! The data layer's promises on either database, through the same `Database` the server uses.

use partner_center_server::db::{query, query_scalar};

use crate::helpers::spawn_app;

/// On SQLite a statement runs on the thread that asks. A write outside a transaction must wait
/// for the writer's turn like a transaction does: were it to meet the lock inside SQLite, its
/// busy wait would block this test's only thread, the transaction holding the lock could never
/// commit, and the write would fail after the busy timeout.
#[tokio::test]
async fn a_write_outside_a_transaction_waits_its_turn_behind_an_open_one() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    let mut tx = app.db.begin().await.unwrap();
    query("UPDATE orgs SET name = 'Held' WHERE id = $1").bind(&org).execute(&mut tx).await.unwrap();

    let db = app.db.clone();
    let id = org.clone();
    let later = tokio::spawn(async move {
        let mut conn = db.conn().await.unwrap();
        query("UPDATE orgs SET name = 'After' WHERE id = $1").bind(&id).execute(&mut conn).await.map(|_| ())
    });
    // Lets the spawned write run up to its wait.
    tokio::task::yield_now().await;
    tx.commit().await.unwrap();
    later.await.unwrap().expect("the write waited for its turn and then ran");

    let mut conn = app.db.conn().await.unwrap();
    let name: String =
        query_scalar("SELECT name FROM orgs WHERE id = $1").bind(&org).fetch_one(&mut conn).await.unwrap();
    assert_eq!(name, "After");
}
