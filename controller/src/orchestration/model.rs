//! The orchestration API's shared vocabulary (docs/orchestration.md): permissions, roles, the
//! token entries of the config, the API's limits and why a spawn's parameters were refused.
//! Plain data, no I/O: the config (`crate::config`), the templates (`template`), the HTTP side
//! (`api`) and the Swarm side all speak it.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

/// What a request may do. The design (architecture §8) names exactly these six.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    SpawnServices,
    CloneServices,
    ManageMongodbInstances,
    ViewSpawnedServices,
    ManageServiceLifecycle,
    OrchestrateContainers,
}

impl Permission {
    pub const ALL: [Permission; 6] = [
        Permission::SpawnServices,
        Permission::CloneServices,
        Permission::ManageMongodbInstances,
        Permission::ViewSpawnedServices,
        Permission::ManageServiceLifecycle,
        Permission::OrchestrateContainers,
    ];

    /// The name the config, the docs and error messages use (`SPAWN_SERVICES`).
    pub fn name(self) -> &'static str {
        match self {
            Permission::SpawnServices => "SPAWN_SERVICES",
            Permission::CloneServices => "CLONE_SERVICES",
            Permission::ManageMongodbInstances => "MANAGE_MONGODB_INSTANCES",
            Permission::ViewSpawnedServices => "VIEW_SPAWNED_SERVICES",
            Permission::ManageServiceLifecycle => "MANAGE_SERVICE_LIFECYCLE",
            Permission::OrchestrateContainers => "ORCHESTRATE_CONTAINERS",
        }
    }

    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Who a token is. A role's permissions are fixed here, never taken from a request or the
/// config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// All six permissions.
    SuperAdmin,
    /// All but ORCHESTRATE_CONTAINERS.
    Admin,
    /// No permission of its own: it may *request* a clone for one of its own node ids (the
    /// request waits until an ADMIN approves it) and see its own clones and requests.
    NodeOperator,
    /// Nothing.
    User,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::SuperAdmin,
        Role::Admin,
        Role::NodeOperator,
        Role::User,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::SuperAdmin => "SUPER_ADMIN",
            Role::Admin => "ADMIN",
            Role::NodeOperator => "NODE_OPERATOR",
            Role::User => "USER",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Whether this role holds `permission` outright.
    pub fn has(self, permission: Permission) -> bool {
        match self {
            Role::SuperAdmin => true,
            Role::Admin => permission != Permission::OrchestrateContainers,
            Role::NodeOperator | Role::User => false,
        }
    }
}

/// The name the audit gives the controller itself when it removes a clone stopped for longer
/// than `orchestration.cleanup_stopped_after`: reserved, no token may have it.
pub const CLEANUP_WHO: &str = "bosun-cleanup";

/// One token of `orchestration.tokens`: the config holds its SHA-256, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEntry {
    /// Who it is, in the audit and in `owner` labels: unique among the tokens.
    pub name: String,
    /// SHA-256 of the token's bytes (as sent after `Bearer `).
    pub sha256: [u8; 32],
    pub role: Role,
    /// The node ids a NODE_OPERATOR acts for (empty for the other roles).
    pub node_ids: BTreeSet<String>,
    /// After this instant the token is refused (401).
    pub expires: Option<SystemTime>,
}

/// The API's limits (`orchestration.limits`), each with the default a config that says
/// nothing gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiLimits {
    /// Requests per minute per token, and per peer address (each its own bucket).
    pub per_token_per_minute: u32,
    pub per_peer_per_minute: u32,
    /// Spawns being made at once, over all tokens; one more gets 429.
    pub concurrent_spawns: u32,
    /// Clones a token may own at once (pending requests count), over all templates.
    pub quota_per_token: u32,
    /// Pending NODE_OPERATOR requests at once, over all tokens.
    pub pending_requests: u32,
    /// The largest request body accepted; a larger one gets 413.
    pub max_body_bytes: usize,
}

pub const DEFAULT_API_LIMITS: ApiLimits = ApiLimits {
    per_token_per_minute: 120,
    per_peer_per_minute: 240,
    concurrent_spawns: 4,
    quota_per_token: 50,
    pending_requests: 100,
    max_body_bytes: 16 * 1024,
};

impl Default for ApiLimits {
    fn default() -> ApiLimits {
        DEFAULT_API_LIMITS
    }
}

/// The audit's settings (`orchestration.audit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditSettings {
    /// Records older than this are pruned (default 90 days).
    pub retention: Duration,
    /// The most records kept; past it the oldest go first (bounded storage).
    pub max_records: u32,
}

pub const DEFAULT_AUDIT: AuditSettings = AuditSettings {
    retention: Duration::from_secs(90 * 86_400),
    max_records: 100_000,
};

impl Default for AuditSettings {
    fn default() -> AuditSettings {
        DEFAULT_AUDIT
    }
}

/// Why a spawn's parameters were refused: each says which field, and never echoes the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// A field the template does not declare (400).
    #[error("unknown field `{0}`")]
    Unknown(String),
    /// A required field is missing (422).
    #[error("missing field `{0}`")]
    Missing(String),
    /// A value of the wrong JSON type (400).
    #[error("field `{field}` must be {expected}")]
    WrongType {
        field: String,
        expected: &'static str,
    },
    /// A value of the right type that its validation refuses (422): `reason` says why
    /// (`does not match ^node_[a-z0-9]{1,32}$`, `checksum does not match`, ...).
    #[error("field `{field}` is invalid: {reason}")]
    Invalid { field: String, reason: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_hold_exactly_the_designs_permissions() {
        for p in Permission::ALL {
            assert!(Role::SuperAdmin.has(p));
            assert_eq!(Role::Admin.has(p), p != Permission::OrchestrateContainers);
            assert!(!Role::NodeOperator.has(p));
            assert!(!Role::User.has(p));
            assert_eq!(Permission::parse(p.name()), Some(p));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.name()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None, "names are exact");
    }
}
