//! Demo data on the first start.

use partner_center_domain::api::Me;
use partner_center_server::services::demo;

use crate::helpers::{browser, spawn_app, START};

#[tokio::test]
async fn the_first_start_creates_a_partner_whose_demo_login_signs_in_and_reaches_a_customer() {
    let app = spawn_app().await;
    let sign_in = demo::ensure(&app.db, START, &app.public_url, None, app.dir.path()).await.unwrap().unwrap();
    assert_eq!(sign_in.email, "demo@northwind-security.example");
    let password = sign_in.password.unwrap();
    assert!(password.len() >= 12);

    let client = browser();
    assert_eq!(app.sign_in(&client, sign_in.email, &password).await.status(), 200);
    let me: Me = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me.acting_org.name, "Northwind Security");
    assert!(me.acting_org.is_partner);
    let names: Vec<_> = me.orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Harbor View Dental", "Northwind Security"]);

    let consultant = app.sign_in(&browser(), demo::CONSULTANT_EMAIL, &password).await;
    let choice: partner_center_domain::api::SignInResponse = consultant.json().await.unwrap();
    assert_eq!(
        choice,
        partner_center_domain::api::SignInResponse::ChooseNamespace {
            namespaces: vec!["org:maple-street-library".into(), "org:northwind-security".into()]
        }
    );

    let invitations = app.deliver_mail().await;
    assert_eq!(invitations.len(), 3, "each customer's Super Admin is invited");

    let again = demo::ensure(&app.db, START, &app.public_url, None, app.dir.path()).await.unwrap().unwrap();
    assert_eq!(again.password.as_deref(), Some(password.as_str()), "a later start prints the same password");
    assert_eq!(app.deliver_mail().await.len(), 3, "and seeds nothing twice");
}

#[tokio::test]
async fn the_demo_password_variable_fixes_the_password_on_later_starts() {
    let app = spawn_app().await;
    demo::ensure(&app.db, START, &app.public_url, None, app.dir.path()).await.unwrap();
    let fixed = demo::ensure(&app.db, START, &app.public_url, Some("automation password"), app.dir.path())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fixed.password.as_deref(), Some("automation password"));
    assert_eq!(app.sign_in(&browser(), demo::EMAIL, "automation password").await.status(), 200);
    // The consultant's two logins follow it too: no demo login keeps the old password.
    for namespace in ["org:maple-street-library", "org:northwind-security"] {
        let response = app
            .send(
                &browser(),
                reqwest::Method::POST,
                "/api/v1/session",
                serde_json::json!({ "email": demo::CONSULTANT_EMAIL, "password": "automation password", "namespace": namespace }),
            )
            .await;
        assert_eq!(response.status(), 200, "{namespace}");
    }
}

#[tokio::test]
async fn the_demo_password_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    demo::ensure(&app.db, START, &app.public_url, None, app.dir.path()).await.unwrap();
    let file = app.dir.path().join("demo-password.txt");
    assert_eq!(std::fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600);
}

#[tokio::test]
async fn a_database_with_data_of_its_own_gets_no_demo() {
    let app = spawn_app().await;
    app.org("Real Customer", None, false).await;
    assert!(demo::ensure(&app.db, START, &app.public_url, None, app.dir.path()).await.unwrap().is_none());
}
