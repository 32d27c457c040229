//! Random ids and tokens, token digests, and password hashing (Argon2id).

use argon2::password_hash::{Output, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// A 128-bit random id, hex: unguessable, so ids in URLs reveal nothing.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A 256-bit random bearer token (sessions, invitations), URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: a leaked table grants nothing.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// An Argon2id hash in PHC format (parameters and salt included).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    hash_password_beside(password, None)
}

/// `hash_password` for a login whose email already has a login with a password (`sibling`, its
/// hash): the new hash takes the sibling's salt, so one Argon2 run checks a password against
/// every login of the email and a sign-in costs one hash however many logins the email has.
/// The price: two logins of one email with the same password store the same hash.
pub fn hash_password_beside(password: &str, sibling: Option<&str>) -> Result<String, argon2::password_hash::Error> {
    let parsed = sibling.and_then(|phc| PasswordHash::new(phc).ok());
    let salt = match parsed.as_ref().and_then(|sibling| sibling.salt) {
        Some(shared) => SaltString::from_b64(shared.as_str())?,
        None => SaltString::generate(&mut OsRng),
    };
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Which of `hashes` match `password`, computing each distinct (parameters, salt) once.
fn matching_hashes(password: &str, hashes: &[String]) -> Vec<bool> {
    let mut computed: Vec<(String, Option<Output>)> = Vec::new();
    hashes
        .iter()
        .map(|hash| {
            let Ok(stored) = PasswordHash::new(hash) else { return false };
            let key = phc_prefix(&stored);
            let ours = match computed.iter().find(|(known, _)| *known == key) {
                Some((_, ours)) => *ours,
                None => {
                    let ours = recompute(password, &stored);
                    computed.push((key, ours));
                    ours
                }
            };
            // `Output` compares in constant time.
            ours.is_some() && ours == stored.hash
        })
        .collect()
}

/// The algorithm, version, parameters and salt of a stored hash: what one Argon2 run shares.
fn phc_prefix(hash: &PasswordHash<'_>) -> String {
    format!(
        "{}${:?}${}${}",
        hash.algorithm,
        hash.version,
        hash.params,
        hash.salt.map(|s| s.as_str()).unwrap_or_default()
    )
}

/// The output of hashing `password` exactly as `stored` was hashed; `None` when `stored` names
/// something Argon2 cannot redo (it then never matches).
fn recompute(password: &str, stored: &PasswordHash<'_>) -> Option<Output> {
    let params = argon2::Params::try_from(stored).ok()?;
    Argon2::default()
        .hash_password_customized(password.as_bytes(), Some(stored.algorithm), stored.version, params, stored.salt?)
        .ok()?
        .hash
}

/// Checks a password against a stored hash; a malformed hash never verifies.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Spends the time of one verification, so a sign-in for an unknown email takes as long as
/// one with a wrong password.
pub fn burn_verification(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// Argon2 work, bounded process-wide: each hash takes a core and about 19 MiB, so at most one
/// runs per core and a flood of sign-ins queues here instead of exhausting the machine. Each
/// `Passwords` also counts the hashes it ran, so tests can see what a request cost.
#[derive(Clone, Default)]
pub struct Passwords {
    hashes_run: Arc<AtomicU64>,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(cores()))
}

/// Holds every hashing permit until dropped, so what waits behind password hashing can be
/// seen: the API tests use it to show that a waiting sign-in holds no database connection.
pub async fn pause_hashing() -> tokio::sync::SemaphorePermit<'static> {
    let all = u32::try_from(cores()).unwrap_or(u32::MAX);
    permits().acquire_many(all).await.expect("the hashing semaphore is never closed")
}

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl Passwords {
    /// Runs `work`, which performs `hashes` Argon2 operations, off the async workers once a
    /// core is free.
    async fn run<T: Send + 'static>(
        &self,
        hashes: u64,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let _permit = permits().acquire().await.map_err(|error| HashingError::Hash(error.to_string()))?;
        self.hashes_run.fetch_add(hashes, Ordering::Relaxed);
        Ok(tokio::task::spawn_blocking(work).await?)
    }

    /// A hash of `password` for a login whose email's other logins include `sibling` (see
    /// `hash_password_beside`).
    pub async fn hash(&self, password: String, sibling: Option<String>) -> Result<String, HashingError> {
        self.run(1, move || hash_password_beside(&password, sibling.as_deref()))
            .await?
            .map_err(|error| HashingError::Hash(error.to_string()))
    }

    /// Which of `hashes` match `password`: one Argon2 run per distinct salt (one, for the logins
    /// of one email hashed beside each other); with none to check, one run's time is spent all
    /// the same.
    pub async fn matching(&self, password: String, hashes: Vec<String>) -> Result<Vec<bool>, HashingError> {
        let salts: std::collections::BTreeSet<String> =
            hashes.iter().filter_map(|hash| PasswordHash::new(hash).ok().map(|parsed| phc_prefix(&parsed))).collect();
        let cost = u64::try_from(salts.len().max(1)).unwrap_or(u64::MAX);
        self.run(cost, move || {
            if salts.is_empty() {
                burn_verification(&password);
            }
            matching_hashes(&password, &hashes)
        })
        .await
    }

    /// How many hashes or verifications this instance has run.
    pub fn hashes_run(&self) -> u64 {
        self.hashes_run.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn logins_hashed_beside_each_other_share_a_salt_and_each_still_checks_its_own_password() {
        let first = hash_password("first password").unwrap();
        let second = hash_password_beside("second password", Some(&first)).unwrap();
        assert_eq!(PasswordHash::new(&first).unwrap().salt, PasswordHash::new(&second).unwrap().salt);
        assert_ne!(first, second);
        assert_eq!(matching_hashes("second password", &[first.clone(), second.clone()]), [false, true]);
        assert_eq!(matching_hashes("first password", &[first, second, "not a hash".into()]), [true, false, false]);
    }

    #[test]
    fn tokens_are_long_random_and_stored_only_as_digests() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_digest(&a).len(), 64);
        assert_ne!(token_digest(&a), a);
        assert_eq!(new_id().len(), 32);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_run_at_once_than_there_are_cores() {
        use std::sync::atomic::AtomicUsize;
        use std::sync::mpsc;

        let cores = cores();
        let passwords = Passwords::default();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut releases = Vec::new();
        let mut tasks = Vec::new();
        for _ in 0..cores + 3 {
            let (release, released) = mpsc::channel::<()>();
            releases.push(release);
            let (passwords, running, most) = (passwords.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                passwords
                    .run(1, move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        released.recv().unwrap();
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                    .unwrap();
            }));
        }
        // Every permit is taken by a blocked hash; the others wait for one.
        while running.load(Ordering::SeqCst) < cores {
            tokio::task::yield_now().await;
        }
        assert_eq!(permits().available_permits(), 0);
        for release in releases {
            release.send(()).unwrap();
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), cores, "at most one hash per core at any moment");
        assert_eq!(passwords.hashes_run(), u64::try_from(cores + 3).unwrap());
    }
}
