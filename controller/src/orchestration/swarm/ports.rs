//! Which port a clone publishes: the one asked for, if the template's pool holds it and no
//! service of the swarm publishes it; otherwise the lowest free one of the pool.
//!
//! "Published by any service" reads both what a service asks for (its spec's endpoint) and
//! what Swarm gave it (its endpoint's ports), so a port is taken from the moment a service
//! names it, whoever made that service. The spawn lock (`spawn.rs`) makes the read and the
//! create one step for this controller, so two spawns never get the same port.

use std::collections::BTreeSet;

use bollard::models::{EndpointPortConfig, Service};

use crate::orchestration::api::backend::{BackendError, LimitKind};
use crate::orchestration::template::PortPool;

/// Every port published by one of `services`.
pub fn taken(services: &[Service]) -> BTreeSet<u16> {
    let declared = services
        .iter()
        .filter_map(|s| s.spec.as_ref()?.endpoint_spec.as_ref()?.ports.as_ref())
        .flatten();
    let actual = services
        .iter()
        .filter_map(|s| s.endpoint.as_ref()?.ports.as_ref())
        .flatten();
    declared.chain(actual).filter_map(published).collect()
}

fn published(port: &EndpointPortConfig) -> Option<u16> {
    port.published_port.and_then(|p| u16::try_from(p).ok())
}

/// The port a new clone gets: `asked` when it is free (the template already checked it is
/// in the pool), else the lowest free one of `pool`.
pub fn choose(
    pool: PortPool,
    asked: Option<u16>,
    taken: &BTreeSet<u16>,
) -> Result<u16, BackendError> {
    match asked {
        Some(port) if taken.contains(&port) => Err(BackendError::PortTaken(port)),
        Some(port) => Ok(port),
        // A pool with every port taken is as full as the template's cap.
        None => (pool.first..=pool.last)
            .find(|p| !taken.contains(p))
            .ok_or(BackendError::Limit(LimitKind::ClonesPerTemplate)),
    }
}

#[cfg(test)]
mod tests {
    use bollard::models::{EndpointSpec, ServiceEndpoint, ServiceSpec};

    use super::*;

    fn port(p: i64) -> EndpointPortConfig {
        EndpointPortConfig {
            published_port: Some(p),
            ..Default::default()
        }
    }

    const POOL: PortPool = PortPool {
        first: 27100,
        last: 27102,
        target: 27017,
    };

    #[test]
    fn ports_declared_or_given_are_taken() {
        let declared = Service {
            spec: Some(ServiceSpec {
                endpoint_spec: Some(EndpointSpec {
                    ports: Some(vec![port(27100)]),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        let given = Service {
            endpoint: Some(ServiceEndpoint {
                ports: Some(vec![port(8080), port(70000)]),
                ..Default::default()
            }),
            ..Default::default()
        };
        let taken = taken(&[declared, given, Service::default()]);
        assert_eq!(taken, BTreeSet::from([8080, 27100]), "70000 is no port");
    }

    #[test]
    fn the_asked_port_only_when_free() {
        let taken = BTreeSet::from([27101]);
        assert_eq!(choose(POOL, Some(27102), &taken), Ok(27102));
        assert_eq!(
            choose(POOL, Some(27101), &taken),
            Err(BackendError::PortTaken(27101))
        );
    }

    #[test]
    fn none_asked_gives_the_lowest_free_one_until_the_pool_is_full() {
        assert_eq!(choose(POOL, None, &BTreeSet::new()), Ok(27100));
        assert_eq!(choose(POOL, None, &BTreeSet::from([27100])), Ok(27101));
        let full = BTreeSet::from([27100, 27101, 27102]);
        assert_eq!(
            choose(POOL, None, &full),
            Err(BackendError::Limit(LimitKind::ClonesPerTemplate))
        );
    }
}
