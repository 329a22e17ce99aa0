//! Who may wait to authenticate: the pre-auth table and its admission rules (OpenSSH's
//! `MaxStartups` and `PerSourceMaxStartups`).
//!
//! A connection that has not authenticated yet costs the proxy a key exchange and a task, and
//! proves nothing about its client. Such connections are kept in a table of their own, apart
//! from `--max-connections` (which counts authenticated connections only), so that no number of
//! them can take an authenticated client's place. The table holds at most `max` entries, and at
//! most `per_source` from one source address. A newcomer is admitted, or refused at once:
//!
//! 1. its source already holds `per_source` entries: refused ([`Refusal::PerSource`]);
//! 2. the table has room: admitted;
//! 3. the table is full: the source holding the most entries gives up its oldest one, if that
//!    source holds at least as many as the newcomer's would once admitted (so a source never
//!    evicts to grow past the biggest one); else the newcomer is refused ([`Refusal::Full`]).
//!    Among sources holding equally many, the one whose oldest entry is oldest gives it up.
//!
//! So a flood from one address is capped at `per_source`, and a flood from many addresses (one
//! connection each) keeps the table full of its newest sockets without ever refusing a client
//! from yet another address: the client evicts the oldest of them and gets its key exchange.
//! A flood that reconnects faster than a real client authenticates can still evict that client
//! in turn; the pre-auth deadline and the small cost of a refused connection bound that.
//!
//! The table is plain data: it stores a value `T` per entry (the connection uses a handle that
//! closes the socket), returns the evicted entry's value, and knows nothing of sockets or time,
//! so the rules are tested here without any I/O.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// Pre-auth connections, oldest first.
#[derive(Debug)]
pub(crate) struct Table<T> {
    max: usize,
    per_source: usize,
    /// By admission order: ids only grow, so the first entry is the oldest.
    entries: BTreeMap<u64, (IpAddr, T)>,
    by_source: HashMap<IpAddr, usize>,
    next_id: u64,
}

/// The answer to a newcomer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Admission<T> {
    /// In the table under `id`; `evicted` had to make room for it.
    Admitted {
        id: u64,
        evicted: Option<Evicted<T>>,
    },
    Refused(Refusal),
}

/// An entry that lost its place to a newcomer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Evicted<T> {
    pub source: IpAddr,
    pub value: T,
}

/// Why a newcomer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Its source already holds `per_source` pre-auth connections.
    PerSource,
    /// The table is full and no source holds more than the newcomer's would.
    Full,
}

impl<T> Table<T> {
    /// A table of at most `max` entries, `per_source` of them from one address (both at
    /// least 1).
    pub fn new(max: usize, per_source: usize) -> Table<T> {
        Table {
            max: max.max(1),
            per_source: per_source.max(1),
            entries: BTreeMap::new(),
            by_source: HashMap::new(),
            next_id: 0,
        }
    }

    /// Admits a connection from `source` holding `value`, evicting another if the rules say so.
    pub fn admit(&mut self, source: IpAddr, value: T) -> Admission<T> {
        let source = source.to_canonical();
        let held = self.held_by(source);
        if held >= self.per_source {
            return Admission::Refused(Refusal::PerSource);
        }
        let evicted = if self.entries.len() < self.max {
            None
        } else {
            match self.victim(held + 1) {
                Some(id) => self
                    .remove(id)
                    .map(|(source, value)| Evicted { source, value }),
                None => return Admission::Refused(Refusal::Full),
            }
        };
        let id = self.next_id;
        self.next_id += 1;
        self.entries.insert(id, (source, value));
        *self.by_source.entry(source).or_default() += 1;
        Admission::Admitted { id, evicted }
    }

    /// Takes entry `id` out (it authenticated or ended); `None` if it is no longer there.
    pub fn remove(&mut self, id: u64) -> Option<(IpAddr, T)> {
        let (source, value) = self.entries.remove(&id)?;
        if let Some(n) = self.by_source.get_mut(&source) {
            *n -= 1;
            if *n == 0 {
                self.by_source.remove(&source);
            }
        }
        Some((source, value))
    }

    /// Entries now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries of `source` now.
    pub fn held_by(&self, source: IpAddr) -> usize {
        self.by_source
            .get(&source.to_canonical())
            .copied()
            .unwrap_or(0)
    }

    /// The oldest entry of the biggest source, if that source holds at least `would_hold`.
    fn victim(&self, would_hold: usize) -> Option<u64> {
        let biggest = self.by_source.values().copied().max()?;
        if biggest < would_hold {
            return None;
        }
        self.entries
            .iter()
            .find(|(_, (source, _))| self.by_source.get(source) == Some(&biggest))
            .map(|(id, _)| *id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, n])
    }

    fn admitted<T: std::fmt::Debug>(a: Admission<T>) -> (u64, Option<Evicted<T>>) {
        match a {
            Admission::Admitted { id, evicted } => (id, evicted),
            refused => panic!("expected admission, got {refused:?}"),
        }
    }

    #[test]
    fn newcomers_are_admitted_while_there_is_room() {
        let mut t = Table::new(3, 3);
        for n in 0..3 {
            let (_, evicted) = admitted(t.admit(ip(n), n));
            assert_eq!(evicted, None);
        }
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn a_source_at_its_cap_is_refused_even_with_room() {
        let mut t = Table::new(10, 2);
        admitted(t.admit(ip(1), ()));
        admitted(t.admit(ip(1), ()));
        assert_eq!(t.admit(ip(1), ()), Admission::Refused(Refusal::PerSource));
        assert_eq!((t.len(), t.held_by(ip(1))), (2, 2));
        // another address is not concerned
        admitted(t.admit(ip(2), ()));
    }

    #[test]
    fn a_full_table_evicts_the_oldest_entry_of_the_biggest_source() {
        let mut t = Table::new(4, 4);
        admitted(t.admit(ip(1), "a1"));
        admitted(t.admit(ip(2), "b1"));
        admitted(t.admit(ip(2), "b2"));
        admitted(t.admit(ip(1), "a2"));
        // sources 1 and 2 hold two each; 1's oldest (a1) is older than 2's (b1)
        let (_, evicted) = admitted(t.admit(ip(3), "c1"));
        assert_eq!(
            evicted,
            Some(Evicted {
                source: ip(1),
                value: "a1"
            })
        );
        // now source 2 is the biggest (two): it gives up b1
        let (_, evicted) = admitted(t.admit(ip(4), "d1"));
        assert_eq!(evicted.map(|e| e.value), Some("b1"));
        assert_eq!(t.len(), 4);
        assert_eq!(t.held_by(ip(2)), 1);
    }

    #[test]
    fn a_full_table_refuses_a_newcomer_whose_source_would_become_the_biggest() {
        let mut t = Table::new(3, 3);
        for n in 1..=3 {
            admitted(t.admit(ip(n), ()));
        }
        // every source holds one; source 1 would hold two: no one gives way
        assert_eq!(t.admit(ip(1), ()), Admission::Refused(Refusal::Full));
        // a new address would hold one, as many as the biggest: the oldest gives way
        let (_, evicted) = admitted(t.admit(ip(9), ()));
        assert_eq!(evicted.map(|e| e.source), Some(ip(1)));
    }

    #[test]
    fn many_addresses_never_lock_out_another_one() {
        // 200 addresses, one connection each, against a table of 32: every newcomer gets in,
        // the table keeps the newest 32, and a client from yet another address still gets in
        let mut t = Table::new(32, 8);
        let mut evictions = 0;
        for n in 0..200u32 {
            let source = IpAddr::from((0x7f00_0002 + n).to_be_bytes());
            let (_, evicted) = admitted(t.admit(source, n));
            evictions += usize::from(evicted.is_some());
        }
        assert_eq!((t.len(), evictions), (32, 200 - 32));
        let (_, evicted) = admitted(t.admit(IpAddr::from([127, 0, 0, 1]), 1000));
        assert_eq!(evicted.map(|e| e.value), Some(200 - 32));
    }

    #[test]
    fn one_address_cannot_fill_the_table_beyond_its_cap() {
        let mut t = Table::new(32, 8);
        let refused = (0..100)
            .filter(|_| matches!(t.admit(ip(1), ()), Admission::Refused(Refusal::PerSource)))
            .count();
        assert_eq!((t.len(), refused), (8, 92));
    }

    #[test]
    fn removing_frees_the_place_and_the_source_count() {
        let mut t = Table::new(2, 1);
        let (a, _) = admitted(t.admit(ip(1), "a"));
        admitted(t.admit(ip(2), "b"));
        assert_eq!(t.remove(a), Some((ip(1), "a")));
        assert_eq!(t.remove(a), None);
        assert_eq!((t.len(), t.held_by(ip(1))), (1, 0));
        // source 1 may come back, and the table has room for it
        let (_, evicted) = admitted(t.admit(ip(1), "a again"));
        assert_eq!(evicted, None);
    }

    #[test]
    fn an_ipv4_mapped_address_is_its_ipv4_source() {
        let mut t = Table::new(4, 1);
        admitted(t.admit(ip(1), ()));
        let mapped = IpAddr::from(std::net::Ipv4Addr::new(10, 0, 0, 1).to_ipv6_mapped());
        assert_eq!(t.admit(mapped, ()), Admission::Refused(Refusal::PerSource));
        assert_eq!(t.held_by(mapped), 1);
    }
}
