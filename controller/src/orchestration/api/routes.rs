//! The one table of the orchestration API's routes and who may call each (issue 13, architecture
//! §8), and the permission check that reads it.
//!
//! The router registers exactly these routes (`router.rs`) and the guard (`guard.rs`) looks up
//! the matched one here, so a route cannot exist without its row. The check is pure: a role
//! and a row in, allowed or a 403 out.
//!
//! The order of the answers, the same for every route:
//!
//! 1. the follower check (503), the peer's rate limit (429), authentication (401/400) and the
//!    token's rate limit (429), in `gate.rs`;
//! 2. the route: an unknown path is 404, a known path with another method 405 with `Allow`;
//! 3. the role's permissions (403): a USER is refused here on every route, before anything
//!    about templates or clones can be learned;
//! 4. the template (404 when unknown), then its extra permission (403);
//! 5. a NODE_OPERATOR's node ids: a clone of another node id is a 404, identical to one that
//!    does not exist; a spawn for another node id is a 403 (it names the id it asked for);
//! 6. the query string and the body (400, 413, 415, 422);
//! 7. the backend (404, 409, 422, 429, 502, 503).

use axum::http::Method;

use super::backend::{Caller, TemplateInfo};
use super::error::ApiError;
use crate::orchestration::model::{Permission, Role};

/// Each route, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteId {
    Spawn,
    ListClones,
    GetClone,
    CloneHealth,
    DeleteClone,
    Spawned,
    ServiceStatus,
    DeleteService,
    Stop,
    Start,
    Restart,
    Requests,
    Approve,
    Reject,
    Audit,
}

/// Who may call a route, besides a NODE_OPERATOR's own access ([`Operator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A role holding every one of these permissions.
    All(&'static [Permission]),
    /// SUPER_ADMIN and no one else (not a permission: the design names the role).
    SuperAdmin,
}

/// What a NODE_OPERATOR, which holds no permission, may do on a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// Nothing: 403.
    Refused,
    /// See what belongs to its own node ids (other ids look like they do not exist).
    OwnNodes,
    /// A spawn for one of its own node ids becomes a pending request (202).
    Request,
}

/// The methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
    Delete,
}

impl Verb {
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Delete => Method::DELETE,
        }
    }
}

/// One route: its method and path, and who may call it.
#[derive(Debug)]
pub struct RouteSpec {
    pub id: RouteId,
    pub verb: Verb,
    pub pattern: &'static str,
    pub access: Access,
    /// Also needs the template's own extra permission (`MANAGE_MONGODB_INSTANCES` for
    /// `mongodb`).
    pub template_extra: bool,
    pub operator: Operator,
    /// Takes a query string (else any is a 400).
    pub query: bool,
    /// Takes a body (else any is a 400).
    pub body: bool,
}

use Permission as P;

const SPAWN: &[Permission] = &[P::SpawnServices, P::CloneServices];
const VIEW: &[Permission] = &[P::ViewSpawnedServices];
const LIFECYCLE: &[Permission] = &[P::ManageServiceLifecycle];
const RESTART: &[Permission] = &[P::OrchestrateContainers];
const REQUESTS: &[Permission] = &[P::SpawnServices];

const fn row(
    id: RouteId,
    verb: Verb,
    pattern: &'static str,
    access: Access,
    operator: Operator,
) -> RouteSpec {
    RouteSpec {
        id,
        verb,
        pattern,
        access,
        template_extra: false,
        operator,
        query: false,
        body: false,
    }
}

/// Every route of the API.
pub static ROUTES: [RouteSpec; 15] = {
    use Access::{All, SuperAdmin};
    use Operator::{OwnNodes, Refused, Request};
    use RouteId as R;
    const CLONE: &str = "/orchestrate/{template}/clones/{node_id}";
    const SERVICE: &str = "/orchestrate/services/{service_id}";
    [
        RouteSpec {
            template_extra: true,
            body: true,
            ..row(
                R::Spawn,
                Verb::Post,
                "/orchestrate/{template}/clone",
                All(SPAWN),
                Request,
            )
        },
        row(
            R::ListClones,
            Verb::Get,
            "/orchestrate/{template}/clones",
            All(VIEW),
            OwnNodes,
        ),
        row(R::GetClone, Verb::Get, CLONE, All(VIEW), OwnNodes),
        row(
            R::CloneHealth,
            Verb::Get,
            "/orchestrate/{template}/clones/{node_id}/health",
            All(VIEW),
            OwnNodes,
        ),
        RouteSpec {
            template_extra: true,
            query: true,
            ..row(R::DeleteClone, Verb::Delete, CLONE, All(LIFECYCLE), Refused)
        },
        row(
            R::Spawned,
            Verb::Get,
            "/orchestrate/services/spawned",
            All(VIEW),
            Refused,
        ),
        row(
            R::ServiceStatus,
            Verb::Get,
            "/orchestrate/services/{service_id}/status",
            All(VIEW),
            Refused,
        ),
        row(
            R::DeleteService,
            Verb::Delete,
            SERVICE,
            All(LIFECYCLE),
            Refused,
        ),
        row(
            R::Stop,
            Verb::Post,
            "/orchestrate/services/{service_id}/stop",
            All(LIFECYCLE),
            Refused,
        ),
        row(
            R::Start,
            Verb::Post,
            "/orchestrate/services/{service_id}/start",
            All(LIFECYCLE),
            Refused,
        ),
        row(
            R::Restart,
            Verb::Post,
            "/orchestrate/services/{service_id}/restart",
            All(RESTART),
            Refused,
        ),
        row(
            R::Requests,
            Verb::Get,
            "/orchestrate/requests",
            All(REQUESTS),
            OwnNodes,
        ),
        row(
            R::Approve,
            Verb::Post,
            "/orchestrate/requests/{id}/approve",
            All(REQUESTS),
            Refused,
        ),
        row(
            R::Reject,
            Verb::Post,
            "/orchestrate/requests/{id}/reject",
            All(REQUESTS),
            Refused,
        ),
        RouteSpec {
            query: true,
            ..row(
                R::Audit,
                Verb::Get,
                "/orchestrate/audit",
                SuperAdmin,
                Refused,
            )
        },
    ]
};

/// The row of a matched route (`HEAD` is a `GET`).
pub fn find(method: &Method, pattern: &str) -> Option<&'static RouteSpec> {
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    ROUTES
        .iter()
        .find(|r| r.verb.method() == method && r.pattern == pattern)
}

impl RouteSpec {
    /// Whether the request changes something (its audit record is stored before the answer).
    pub fn writes(&self) -> bool {
        self.verb != Verb::Get
    }

    /// Step 3: 403 unless `caller`'s role may call this route at all.
    pub fn permits(&self, caller: &Caller) -> Result<(), ApiError> {
        let allowed = match self.access {
            Access::SuperAdmin => caller.role == Role::SuperAdmin,
            Access::All(needed) => {
                needed.iter().all(|p| caller.role.has(*p))
                    || (caller.role == Role::NodeOperator && self.operator != Operator::Refused)
            }
        };
        if allowed {
            return Ok(());
        }
        let needs = match self.access {
            Access::SuperAdmin => "the SUPER_ADMIN role".to_owned(),
            Access::All(needed) => needed
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(" + "),
        };
        Err(ApiError::forbidden(format!(
            "the role {} may not call this route (it needs {needs})",
            caller.role.name()
        )))
    }

    /// Step 4: 403 unless `caller` also holds `template`'s extra permission. A NODE_OPERATOR's
    /// spawn is only a request: the ADMIN who approves it is the one who acts.
    pub fn permits_template(
        &self,
        caller: &Caller,
        template: &TemplateInfo,
    ) -> Result<(), ApiError> {
        let Some(extra) = template.extra_permission.filter(|_| self.template_extra) else {
            return Ok(());
        };
        if caller.role.has(extra)
            || (caller.role == Role::NodeOperator && self.operator == Operator::Request)
        {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "the role {} may not do this with template `{}` (it needs {})",
            caller.role.name(),
            template.name,
            extra.name()
        )))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_route_is_listed_once_and_found_by_its_method_and_pattern() {
        let mut seen = HashSet::new();
        for r in &ROUTES {
            assert!(
                seen.insert((r.verb, r.pattern)),
                "{:?} {} twice",
                r.verb,
                r.pattern
            );
            assert_eq!(find(&r.verb.method(), r.pattern).map(|f| f.id), Some(r.id));
            assert!(r.pattern.starts_with("/orchestrate/"));
            assert_eq!(r.body, r.id == RouteId::Spawn, "only a spawn takes a body");
        }
        let ids: HashSet<_> = ROUTES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), ROUTES.len());
        assert_eq!(
            find(&Method::HEAD, "/orchestrate/requests").map(|r| r.id),
            Some(RouteId::Requests)
        );
        assert!(find(&Method::PUT, "/orchestrate/requests").is_none());
    }
}
