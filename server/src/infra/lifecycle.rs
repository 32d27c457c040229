//! The server's way down. On SIGTERM or Ctrl-C it starts stopping: readiness answers 503 so a
//! balancer sends nothing new, requests in flight finish, each background worker ends after the
//! pass it is in, and whatever is still running at the deadline is abandoned (every job is one
//! transaction per item, so an abandoned pass leaves nothing half-done).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

#[derive(Clone)]
pub struct Lifecycle {
    stopping: Arc<watch::Sender<bool>>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self { stopping: Arc::new(watch::channel(false).0) }
    }
}

impl Lifecycle {
    pub fn begin_stopping(&self) {
        self.stopping.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Resolves once stopping has begun (at once if it has).
    pub async fn stopping(&self) {
        let mut changes = self.stopping.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = changes.wait_for(|stopping| *stopping).await;
    }

    /// Runs `pass` every `every` (and whenever `wake` resolves first) until stopping begins;
    /// a pass under way is finished, never cut.
    pub fn spawn_worker<P, F, W, WF>(&self, every: Duration, mut wake: W, mut pass: P) -> JoinHandle<()>
    where
        P: FnMut() -> F + Send + 'static,
        F: Future<Output = ()> + Send,
        W: FnMut() -> WF + Send + 'static,
        WF: Future<Output = ()> + Send,
    {
        let lifecycle = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(every);
            loop {
                tokio::select! {
                    biased;
                    () = lifecycle.stopping() => return,
                    _ = ticker.tick() => {}
                    () = wake() => {}
                }
                pass().await;
            }
        })
    }
}

/// Waits for `workers` to end, for at most `deadline`; says which did not.
pub async fn join_workers(workers: Vec<(&'static str, JoinHandle<()>)>, deadline: Duration) {
    let until = tokio::time::Instant::now() + deadline;
    for (name, worker) in workers {
        match tokio::time::timeout_at(until, worker).await {
            Ok(_) => tracing::info!(worker = name, "worker stopped"),
            Err(_) => tracing::warn!(worker = name, "worker still busy at the shutdown deadline; abandoned"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_worker_finishes_its_pass_and_then_stops() {
        let lifecycle = Lifecycle::default();
        let passes = Arc::new(AtomicUsize::new(0));
        let (entered, mut in_pass) = tokio::sync::mpsc::channel::<()>(1);
        let (release, released) = tokio::sync::watch::channel(false);
        let counted = passes.clone();
        let worker = lifecycle.spawn_worker(Duration::from_secs(3600), std::future::pending, move || {
            let counted = counted.clone();
            let entered = entered.clone();
            let mut released = released.clone();
            async move {
                let _ = entered.send(()).await;
                let _ = released.wait_for(|go| *go).await;
                counted.fetch_add(1, Ordering::SeqCst);
            }
        });
        // The interval's first tick starts a pass at once; stopping arrives in the middle of it.
        in_pass.recv().await.unwrap();
        lifecycle.begin_stopping();
        assert!(!worker.is_finished());
        release.send_replace(true);
        worker.await.unwrap();
        assert_eq!(passes.load(Ordering::SeqCst), 1, "the pass under way was finished, and no other began");
        assert!(lifecycle.is_stopping());
    }
}
