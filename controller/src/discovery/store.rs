//! The discovery record being served, signed, in a `tokio::sync::watch`: the reconcile loop
//! publishes the targets' entries, HTTP handlers read the current record or wait for a newer
//! one.
//!
//! Every record is held as [`Signed`]: its exact JSON bytes and the signature line over them
//! (`crate::discovery::signer`), so that what is served, copied to Swarm and signed is one and
//! the same byte string. A record says until when it is valid: `expires_at` = its publication
//! time + `discovery.validity`, and it announces the controller's `signing_keys`.
//!
//! Generation rules (docs/controller.md): the generation changes when the content does, and
//! when the leader republishes the same content with a fresh `expires_at` ([`refresh`], once
//! half the validity has passed, or at once when the record does not announce this
//! controller's signing keys); the new one is `max(previous + 1, Unix time in ms)`, so it
//! keeps increasing across controller restarts (a restarted controller starts from 0 and its
//! first record is stamped with the clock). Before the first publish the record is generation
//! 0 with no targets: "nothing published yet", which clients wait out (it is signed too).
//!
//! [`refresh`]: DiscoveryStore::refresh

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, SystemTime};

use bosun_core::discovery::{Record, TargetRecord};
use bosun_core::signature::{format_time, parse_time};
use tokio::sync::watch;

use super::signer::Signer;
use crate::model::keys::key_part;
use crate::swarm::observe::unix_millis;

/// A record as it is served: the record, its exact bytes and their signature line.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    pub record: Record,
    /// The JSON text served, copied to Swarm and signed, byte for byte.
    pub json: String,
    /// `keyid=…, sig=…` over `json`.
    pub signature: String,
    /// `record.expires_at` in Unix milliseconds; 0 when it is missing or unreadable.
    expires_at_ms: u64,
}

impl Signed {
    /// A record read back from where it was published, with its signature (checked by the
    /// caller).
    pub fn published(record: Record, json: String, signature: String) -> Signed {
        let expires_at_ms = record
            .expires_at
            .as_deref()
            .and_then(|t| parse_time(t).ok())
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as u64);
        Signed {
            record,
            json,
            signature,
            expires_at_ms,
        }
    }
}

/// The current record; cheap to clone (all clones share it).
#[derive(Clone)]
pub struct DiscoveryStore {
    tx: Arc<watch::Sender<Arc<Signed>>>,
    clock: fn() -> u64,
    /// The newest generation known to be published on Swarm (`crate::discovery::shared`).
    on_swarm: Arc<AtomicU64>,
    signer: Arc<Signer>,
    /// `discovery.validity` in milliseconds, as last given to [`DiscoveryStore::publish`].
    validity_ms: Arc<AtomicU64>,
    /// The next signing key, announced though this controller does not hold it (the leader
    /// rolls the key: `crate::reconcile::signing`): its OpenSSH public line.
    next: Arc<std::sync::Mutex<Option<String>>>,
}

impl DiscoveryStore {
    /// An empty store (generation 0) on the system clock, signing with `signer`; records are
    /// valid for `validity` until a publish says otherwise.
    pub fn new(signer: Arc<Signer>, validity: Duration) -> Self {
        Self::with_clock(signer, validity, unix_millis)
    }

    /// A store whose "now" (Unix milliseconds) comes from `clock`.
    pub fn with_clock(signer: Arc<Signer>, validity: Duration, clock: fn() -> u64) -> Self {
        let validity_ms = validity.as_millis() as u64;
        let empty = seal(
            &signer,
            signer.signing_keys(),
            Record::new(0, BTreeMap::new()),
            clock(),
            validity_ms,
        );
        let (tx, _) = watch::channel(Arc::new(empty));
        Self {
            tx: Arc::new(tx),
            clock,
            on_swarm: Arc::new(AtomicU64::new(0)),
            signer,
            validity_ms: Arc::new(AtomicU64::new(validity_ms)),
            next: Arc::new(std::sync::Mutex::new(None)),
        }
    }

    /// Announces `next` (an OpenSSH public key line) after the keys this controller holds, in
    /// every record from now on, or stops announcing it (`None`). A change makes the current
    /// record due at once ([`DiscoveryStore::refresh_in`]).
    pub fn announce_next(&self, next: Option<String>) {
        *self.next.lock().unwrap_or_else(PoisonError::into_inner) = next;
    }

    /// What records announce: the keys held (the signing one first), then the announced next
    /// one unless it is one of them.
    pub fn signing_keys(&self) -> Vec<String> {
        let mut keys = self.signer.signing_keys();
        let next = self
            .next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(next) = next {
            let same = |k: &String| key_part(k) == key_part(&next);
            if !keys.iter().any(same) {
                keys.push(next);
            }
        }
        keys
    }

    /// The trust file clients mount at `/run/secrets/bosun-discovery-keys`: every key records
    /// announce, one OpenSSH line each, sorted, each ending with a newline.
    pub fn trust_file(&self) -> String {
        super::signer::trust_lines(self.signing_keys())
    }

    /// The keys records are signed with.
    pub fn signer(&self) -> &Arc<Signer> {
        &self.signer
    }

    /// Replaces the targets; a new record is valid for `validity`. Returns the new generation
    /// when the record changed (the first publish always does), `None` when it is the same as
    /// the current one.
    pub fn publish(
        &self,
        targets: BTreeMap<String, TargetRecord>,
        validity: Duration,
    ) -> Option<u64> {
        self.validity_ms
            .store(validity.as_millis() as u64, Ordering::SeqCst);
        self.replace(|current| {
            (current.record.generation == 0 || current.record.targets != targets)
                .then(|| targets.clone())
        })
    }

    /// How long until the current record is due to be republished: half its validity before
    /// it expires, or now when it does not announce this controller's signing keys. `None`
    /// before the first publish (there is nothing to refresh).
    pub fn refresh_in(&self) -> Option<Duration> {
        let current = self.current();
        if current.record.generation == 0 {
            return None;
        }
        if current.record.signing_keys != self.signing_keys() {
            return Some(Duration::ZERO);
        }
        let half = self.validity_ms.load(Ordering::SeqCst) / 2;
        let due = current.expires_at_ms.saturating_sub(half);
        Some(Duration::from_millis(due.saturating_sub((self.clock)())))
    }

    /// Republishes the same targets (a new generation, a fresh `expires_at`) when
    /// [`DiscoveryStore::refresh_in`] says it is due. Returns the new generation.
    pub fn refresh(&self) -> Option<u64> {
        if self.refresh_in() != Some(Duration::ZERO) {
            return None;
        }
        self.replace(|current| Some(current.record.targets.clone()))
    }

    /// Replaces the current record by one of the targets `change` returns, if it returns some.
    fn replace(
        &self,
        change: impl FnOnce(&Signed) -> Option<BTreeMap<String, TargetRecord>>,
    ) -> Option<u64> {
        let now = (self.clock)();
        let validity_ms = self.validity_ms.load(Ordering::SeqCst);
        let mut published = None;
        self.tx.send_if_modified(|current| {
            let Some(targets) = change(current) else {
                return false;
            };
            let generation = current.record.generation.saturating_add(1).max(now);
            let record = Record::new(generation, targets);
            let keys = self.signing_keys();
            *current = Arc::new(seal(&self.signer, keys, record, now, validity_ms));
            published = Some(generation);
            true
        });
        published
    }

    /// Serves `signed` as it is, generation and signature included, when it is newer than the
    /// current one (a follower serving the leader's record; a new leader starting from it).
    /// Returns whether it was taken.
    pub fn adopt(&self, signed: Signed) -> bool {
        self.published_on_swarm(signed.record.generation);
        self.tx.send_if_modified(|current| {
            if signed.record.generation <= current.record.generation {
                return false;
            }
            *current = Arc::new(signed);
            true
        })
    }

    /// Generation `generation` is on Swarm (published, or read from there).
    pub fn published_on_swarm(&self, generation: u64) {
        self.on_swarm.fetch_max(generation, Ordering::SeqCst);
    }

    /// The newest generation known to be on Swarm.
    pub fn on_swarm(&self) -> u64 {
        self.on_swarm.load(Ordering::SeqCst)
    }

    /// The record being served.
    pub fn current(&self) -> Arc<Signed> {
        self.tx.borrow().clone()
    }

    /// Waits until the generation differs from `generation`, at most `limit`: the new record,
    /// or `None` when the wait ended first. Returns at once when it already differs.
    pub async fn changed_from(&self, generation: u64, limit: Duration) -> Option<Arc<Signed>> {
        let mut rx = self.tx.subscribe();
        let wait = rx.wait_for(|r| r.record.generation != generation);
        match tokio::time::timeout(limit, wait).await {
            Ok(Ok(record)) => Some(record.clone()),
            // The sender lives as long as `self`; a closed channel cannot happen here.
            Ok(Err(_)) | Err(_) => None,
        }
    }
}

/// `record`, published at `now` (Unix ms) for `validity_ms`: its expiry and signing keys
/// (`keys`) set, its bytes signed by `signer`.
fn seal(
    signer: &Signer,
    keys: Vec<String>,
    mut record: Record,
    now: u64,
    validity_ms: u64,
) -> Signed {
    let expires_at_ms = now.saturating_add(validity_ms);
    let expires = SystemTime::UNIX_EPOCH + Duration::from_millis(expires_at_ms);
    record.expires_at = Some(format_time(expires));
    record.signing_keys = keys;
    let json = record.to_json();
    let signature = signer.sign(json.as_bytes());
    Signed {
        record,
        json,
        signature,
        expires_at_ms,
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::cell::Cell;

    use bosun_core::discovery::Endpoint;
    use bosun_core::keys;
    use bosun_core::signature::Trust;

    /// A signer with one fresh key, `v1`.
    pub fn signer() -> Arc<Signer> {
        let key = keys::generate("test-signing").unwrap();
        Arc::new(Signer::from_keys(vec![(1, key)]).unwrap())
    }

    /// A store on the system clock, records valid for an hour.
    pub fn store() -> DiscoveryStore {
        DiscoveryStore::new(signer(), Duration::from_secs(3600))
    }

    pub fn targets(hosts: &[&str]) -> BTreeMap<String, TargetRecord> {
        let record = TargetRecord {
            ssh_user: "bosun".into(),
            key_version: 1,
            endpoints: hosts
                .iter()
                .map(|h| Endpoint {
                    host: (*h).into(),
                    port: 2222,
                    node: "lab1".into(),
                    node_id: "n1".into(),
                })
                .collect(),
            host_keys: vec!["ssh-ed25519 AAAA".into()],
            commands: vec!["php occ status".into()],
            limits: Default::default(),
        };
        BTreeMap::from([("nextcloud".to_owned(), record)])
    }

    const HOUR: Duration = Duration::from_secs(3600);

    thread_local! {
        /// The test clock (Unix ms) of the stores on this thread.
        static NOW: Cell<u64> = const { Cell::new(1_000) };
    }

    fn clock() -> u64 {
        NOW.with(Cell::get)
    }

    fn set_clock(ms: u64) {
        NOW.with(|now| now.set(ms));
    }

    /// A store on the test clock, set to 1 000 ms.
    fn fixed(signer: Arc<Signer>) -> DiscoveryStore {
        set_clock(1_000);
        DiscoveryStore::with_clock(signer, HOUR, clock)
    }

    /// Whether `signed` verifies for a client trusting `signer`, at the test clock.
    fn verifies(signer: &Signer, signed: &Signed) -> Result<(), String> {
        let now = SystemTime::UNIX_EPOCH + Duration::from_millis(clock());
        Trust::new(signer.public_keys())
            .verify(signed.json.as_bytes(), Some(&signed.signature), now)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn an_announced_next_key_is_in_the_next_record_and_the_trust_file() {
        let store = fixed(signer());
        let held = store.signer().signing_keys();
        store.publish(targets(&["a"]), HOUR);
        assert_eq!(store.refresh_in(), Some(HOUR / 2));
        let next = keys::public_openssh(keys::generate("next").unwrap().public_key()).unwrap();
        store.announce_next(Some(next.clone()));
        // due at once: the record still announces the held keys alone
        assert_eq!(store.refresh_in(), Some(Duration::ZERO));
        let generation = store.refresh().unwrap();
        let current = store.current();
        assert_eq!(current.record.generation, generation);
        assert_eq!(current.record.signing_keys, [held[0].clone(), next.clone()]);
        // still signed by the held key
        assert_eq!(verifies(store.signer(), &current), Ok(()));
        let trust = store.trust_file();
        assert!(trust.contains(&next) && trust.contains(&held[0]), "{trust}");
        // a key held already is not listed twice, whatever its comment
        let same = format!("{} other-comment", key_part(&held[0]));
        store.announce_next(Some(same));
        assert_eq!(store.signing_keys(), held);
        store.announce_next(None);
        assert_eq!(store.signing_keys(), held);
    }

    #[test]
    fn the_generation_changes_only_with_the_content() {
        let store = fixed(signer());
        assert_eq!(store.current().record.generation, 0);
        assert!(store.current().record.targets.is_empty());
        // the first publish is stamped with the clock
        assert_eq!(store.publish(targets(&["a"]), HOUR), Some(1_000));
        assert_eq!(store.publish(targets(&["a"]), HOUR), None);
        // the clock did not move: previous + 1
        assert_eq!(store.publish(targets(&["a", "b"]), HOUR), Some(1_001));
        let current = store.current();
        assert_eq!(current.record.generation, 1_001);
        assert_eq!(current.record.targets, targets(&["a", "b"]));
        assert_eq!(
            current.record.schema_version,
            bosun_core::discovery::SCHEMA_VERSION
        );
    }

    #[test]
    fn every_record_is_signed_over_its_bytes_and_expires_after_the_validity() {
        let signer = signer();
        let store = fixed(signer.clone());
        // generation 0 too: a client is told "nothing yet", not "unsigned"
        verifies(&signer, &store.current()).unwrap();
        store
            .publish(targets(&["a"]), Duration::from_secs(60))
            .unwrap();
        let current = store.current();
        assert_eq!(current.json, current.record.to_json());
        assert_eq!(
            current.record.expires_at.as_deref(),
            Some("1970-01-01T00:01:01.000Z")
        );
        assert_eq!(current.record.signing_keys, signer.signing_keys());
        verifies(&signer, &current).unwrap();
        set_clock(61_000);
        let err = verifies(&signer, &current).unwrap_err();
        assert!(
            err.starts_with("the record expired at 1970-01-01T00:01:01.000Z"),
            "{err}"
        );
        // another controller's key does not verify it
        let stranger = self::signer();
        assert!(
            verifies(&stranger, &current)
                .unwrap_err()
                .contains("unknown key id")
        );
    }

    #[test]
    fn the_same_content_is_republished_when_half_the_validity_has_passed() {
        let signer = signer();
        let store = fixed(signer.clone());
        assert_eq!(store.refresh_in(), None, "nothing published yet");
        let minute = Duration::from_secs(60);
        let g = store.publish(targets(&["a"]), minute).unwrap();
        assert_eq!(store.refresh_in(), Some(Duration::from_secs(30)));
        set_clock(30_999);
        assert_eq!(store.refresh_in(), Some(Duration::from_millis(1)));
        assert_eq!(store.refresh(), None, "not due yet");
        set_clock(31_000);
        assert_eq!(store.refresh_in(), Some(Duration::ZERO));
        assert_eq!(store.refresh(), Some(31_000));
        let current = store.current();
        assert!(current.record.generation > g);
        assert_eq!(current.record.targets, targets(&["a"]));
        assert_eq!(
            current.record.expires_at.as_deref(),
            Some("1970-01-01T00:01:31.000Z")
        );
        verifies(&signer, &current).unwrap();
        assert_eq!(store.refresh_in(), Some(Duration::from_secs(30)));
    }

    #[test]
    fn a_record_that_does_not_announce_this_controllers_keys_is_refreshed_at_once() {
        let old = signer();
        let leader = fixed(old.clone());
        leader.publish(targets(&["a"]), HOUR).unwrap();
        // a new leader with another key set adopts it, then re-signs it at once
        let new = signer();
        let next = fixed(new.clone());
        assert!(next.adopt((*leader.current()).clone()));
        assert_eq!(next.refresh_in(), Some(Duration::ZERO));
        let g = next.refresh().unwrap();
        assert!(g > leader.current().record.generation);
        verifies(&new, &next.current()).unwrap();
        assert_eq!(next.current().record.signing_keys, new.signing_keys());
    }

    #[test]
    fn the_first_publish_counts_even_when_there_are_no_targets() {
        let store = fixed(signer());
        assert_eq!(store.publish(BTreeMap::new(), HOUR), Some(1_000));
        assert_eq!(store.publish(BTreeMap::new(), HOUR), None);
    }

    #[test]
    fn the_generation_is_at_least_the_unix_time_so_it_grows_across_restarts() {
        let before = unix_millis();
        let signer = signer();
        let first = DiscoveryStore::new(signer.clone(), HOUR);
        let g1 = first.publish(targets(&["a"]), HOUR).unwrap();
        assert!(g1 >= before, "{g1} < {before}");
        // a restarted controller publishes the same content: a newer generation anyway
        std::thread::sleep(Duration::from_millis(2));
        let restarted = DiscoveryStore::new(signer, HOUR);
        let g2 = restarted.publish(targets(&["a"]), HOUR).unwrap();
        assert!(g2 > g1, "{g2} <= {g1}");
    }

    #[test]
    fn a_newer_record_is_adopted_as_it_is_and_an_older_one_never() {
        let signer = signer();
        let leader = fixed(signer.clone());
        set_clock(5_000);
        leader.publish(targets(&["a"]), HOUR).unwrap();
        let published = (*leader.current()).clone();
        let store = fixed(signer.clone());
        assert!(store.adopt(published.clone()));
        assert_eq!(
            *store.current(),
            published,
            "bytes and signature as they are"
        );
        // it came from Swarm: a new leader does not publish it again
        assert_eq!(store.on_swarm(), 5_000);
        let mut older = published.clone();
        older.record.generation = 4_000;
        assert!(!store.adopt(older));
        let mut same = published.clone();
        same.record.targets = targets(&["b"]);
        assert!(!store.adopt(same));
        assert_eq!(store.current().record.targets, targets(&["a"]));
        // the same content after an adoption is no change; new content continues from it
        assert_eq!(store.publish(targets(&["a"]), HOUR), None);
        assert_eq!(store.publish(targets(&["c"]), HOUR), Some(5_001));
    }

    #[tokio::test]
    async fn a_waiter_wakes_on_a_change() {
        let store = store();
        let g = store.publish(targets(&["a"]), HOUR).unwrap();
        let waiter = {
            let store = store.clone();
            tokio::spawn(async move { store.changed_from(g, Duration::from_secs(30)).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        // the same content wakes nobody
        assert_eq!(store.publish(targets(&["a"]), HOUR), None);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        let g2 = store.publish(targets(&["b"]), HOUR).unwrap();
        let record = waiter.await.unwrap().expect("woken by the change");
        assert_eq!(record.record.generation, g2);
        assert_eq!(record.record.targets, targets(&["b"]));
        // an already different generation answers at once
        let now = store.changed_from(g, Duration::ZERO).await.unwrap();
        assert_eq!(now.record.generation, g2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_without_change_times_out() {
        let store = store();
        let g = store.publish(targets(&["a"]), HOUR).unwrap();
        let started = tokio::time::Instant::now();
        assert_eq!(store.changed_from(g, Duration::from_secs(30)).await, None);
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }
}
