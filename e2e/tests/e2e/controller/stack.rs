//! The controller as users run it: `manifests/bosun.yml` deployed with `docker stack deploy`,
//! its config a Docker config, its record signing key the external secret
//! `bosun-signing-key-v1` (made here when the lab has none, removed again then). The stack
//! comes up with its network and two replicas on two managers, each passing its health check,
//! exactly one of them leading (asked from inside each replica's container: the HTTP port is
//! not published); a target declared by swapping the Docker config with
//! `docker service update --config-rm/--config-add` gets its proxy. Cleans up the stack on the
//! way out.
//!
//! Then the record's signing key rolls as the controller does it itself (docs/keys.md,
//! "Rolling the signing key"): the stack's controller has made and announced `v2` on its own;
//! an app of the target follows the stack's record (`tasks.bosun_controller`) with two loops
//! without pause; `bosun-controller rotate --signing-key` is asked; the controller moves its
//! own service to `v2` (labelled `bosun.signing-since`), the app takes a record signed by `v2`
//! and is never restarted, no command fails, and the request is removed.
//!
//! Needs the lab and the images (`make images`).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use bosun_e2e::client_service::{ClientServiceFixture, now_ms};
use bosun_e2e::controller::{DEFAULT_INSTANCE, run_controller_cli, sweep_instance};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::{Lab, ServiceFixture, group, managed, unique_name, wait};

const CONVERGE: Duration = Duration::from_secs(120);

/// The stack's external secret: the discovery record's signing key.
const SIGNING_SECRET: &str = "bosun-signing-key-v1";

/// Removes the stack and the configs it used (and the signing secret, when the test made it),
/// even when the test fails.
struct Stack<'a> {
    lab: &'a Lab,
    configs: Vec<String>,
    secrets: Vec<String>,
}

impl Drop for Stack<'_> {
    fn drop(&mut self) {
        let _ = self.lab.docker_cli("lab1", &["stack", "rm", "bosun"]);
        for _ in 0..30 {
            let out = self.lab.docker_cli(
                "lab1",
                &["service", "ls", "-q", "--filter", "name=bosun_controller"],
            );
            if out.map(|o| o.stdout.is_empty()).unwrap_or(true) {
                break;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        // the stack's network goes with it; the next test's controller makes its own
        for _ in 0..30 {
            let exists = self
                .lab
                .docker_cli("lab1", &["network", "inspect", "bosun"])
                .map(|o| o.status.success())
                .unwrap_or(false);
            if !exists {
                break;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        for c in &self.configs {
            let _ = self.lab.docker_cli("lab1", &["config", "rm", c]);
        }
        for s in &self.secrets {
            let _ = self.lab.docker_cli("lab1", &["secret", "rm", s]);
        }
        // proxies and secrets the controller made, so later tests start clean
        sweep_instance(self.lab, DEFAULT_INSTANCE);
    }
}

fn config_yaml(targets: &str) -> String {
    format!(
        "network: bosun\nintervals: {{ resync: 5s, task_poll: 1s, watch_deadline: 15s }}\n\
         rotation: {{ announce: 3s }}\ntargets:{targets}\n"
    )
}

/// What the stack's clients use to find the record: the controller's tasks on the overlay.
const STACK_DISCOVERY: &str = "http://tasks.bosun_controller:8080/v1/discovery";

/// The labels of secret `name` (empty when it does not exist).
fn secret_labels(lab: &Lab, name: &str) -> Result<serde_json::Value> {
    let out = lab.docker_cli(
        "lab1",
        &[
            "secret",
            "inspect",
            "--format",
            "{{json .Spec.Labels}}",
            name,
        ],
    )?;
    if !out.status.success() {
        return Ok(serde_json::Value::Null);
    }
    Ok(serde_json::from_slice(&out.stdout).unwrap_or_default())
}

/// The key id (as records' signatures name it) of an OpenSSH public key line.
fn key_id(line: &str) -> Result<String> {
    let keys = bosun_core::keys::parse_public_keys(line, "the bosun.public-key label")?;
    let key = keys.first().context("no key in the label")?;
    Ok(bosun_core::signature::KeyId::of(key)
        .context("not an ED25519 key")?
        .to_string())
}

/// The record's signing key rolls to `v2` while `app` runs commands: see the module's comment.
async fn the_signing_key_rolls(lab: &Lab, app: &ClientServiceFixture) -> Result<()> {
    // the controller made the next key at once, and announced it
    let v2 = "bosun-signing-key-v2";
    let public = wait::until(
        "the controller to make and announce v2",
        CONVERGE,
        || async {
            let labels = secret_labels(lab, v2)?;
            let announced = labels.get("bosun.announced-at").is_some();
            Ok(announced
                .then(|| labels["bosun.public-key"].as_str().map(str::to_owned))
                .flatten())
        },
    )
    .await?;
    let v2_id = key_id(&public)?;
    let t0 = now_ms();
    let out = run_controller_cli(lab, &["rotate", "--signing-key"])?;
    ensure!(
        out.status.success(),
        "rotate --signing-key: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let started = std::time::Instant::now();
    wait::until(
        "the app to take a record signed by v2",
        CONVERGE,
        || async {
            app.assert_no_record_refused().await?;
            let log = app.stderr().await?;
            Ok(log.contains(&format!("key_id={v2_id}")).then_some(()))
        },
    )
    .await?;
    println!(
        "signing key rolled: the app took a record signed by v2 {:.1}s after the request",
        started.elapsed().as_secs_f64()
    );
    let spec = lab.cli(&[
        "service",
        "inspect",
        "--format",
        "{{json .Spec}}",
        "bosun_controller",
    ])?;
    let spec: serde_json::Value = serde_json::from_str(&spec)?;
    let mounts = spec["TaskTemplate"]["ContainerSpec"]["Secrets"].to_string();
    ensure!(
        mounts.contains(v2) && mounts.contains("/run/secrets/bosun-signing/v2"),
        "the controller's service does not mount v2: {mounts}"
    );
    // the move was a read-modify-write of the stack's spec: its health check is still there
    let health = &spec["TaskTemplate"]["ContainerSpec"]["Healthcheck"];
    ensure!(
        health["Test"].to_string().contains("probe"),
        "the controller's service lost its health check when it moved to v2: {health}"
    );
    ensure!(
        spec["Labels"]["bosun.signing-since"].is_string(),
        "no bosun.signing-since on the controller's service: {}",
        spec["Labels"]
    );
    wait::until("the request to be removed", CONVERGE, || async {
        let left = lab.cli(&[
            "config",
            "ls",
            "-q",
            "--filter",
            "label=bosun.rotate=signing-key",
        ])?;
        Ok(left.trim().is_empty().then_some(()))
    })
    .await?;
    app.wait_ok_since(now_ms() + 2_000, CONVERGE).await?;
    app.assert_not_restarted().await?;
    let lines = app.lines_between(t0, now_ms()).await?;
    // every command succeeded with the fake's own exit code
    let failed: Vec<_> = lines
        .iter()
        .filter(|l| !(l.ok() && l.exit_code == Some(0)))
        .collect();
    ensure!(
        !lines.is_empty() && failed.is_empty(),
        "{} commands during the roll; failed: {failed:#?}",
        lines.len()
    );
    println!("signing key roll: {} commands, none failed", lines.len());
    Ok(())
}

/// `result`, with the stack controller's last log lines when it failed (the stack is removed
/// on the way out, and its logs with it).
fn with_logs<T>(lab: &Lab, result: Result<T>) -> Result<T> {
    result.map_err(|e| {
        let logs = lab
            .docker_cli(
                "lab1",
                &[
                    "service",
                    "logs",
                    "--raw",
                    "--tail",
                    "40",
                    "bosun_controller",
                ],
            )
            .map(|o| {
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                )
            })
            .unwrap_or_default();
        e.context(format!("the stack's controller logged, last:\n{logs}"))
    })
}

/// The nodes that run a controller task.
fn controller_nodes(lab: &Lab) -> Result<Vec<String>> {
    let nodes = lab.cli(&[
        "service",
        "ps",
        "--format",
        "{{.Node}}",
        "--filter",
        "desired-state=running",
        "bosun_controller",
    ])?;
    Ok(nodes.split_whitespace().map(str::to_owned).collect())
}

/// The health of the controller's container on `node`, as the stack's health check reports it.
fn controller_health(lab: &Lab, node: &str) -> Result<String> {
    let id = controller_container(lab, node)?;
    let out = lab.docker_cli(
        node,
        &["inspect", "--format", "{{.State.Health.Status}}", &id],
    )?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The id of the controller's container on `node`.
fn controller_container(lab: &Lab, node: &str) -> Result<String> {
    let out = lab.docker_cli(node, &["ps", "-q", "--filter", "name=bosun_controller"])?;
    let ids = String::from_utf8_lossy(&out.stdout).to_string();
    ids.split_whitespace()
        .next()
        .map(str::to_owned)
        .with_context(|| format!("no controller container on {node}"))
}

/// Whether the replica on `node` leads, from its `/readyz`, asked from inside its container
/// (`bosun-controller probe` prints the body): the stack does not publish the port.
fn leads(lab: &Lab, node: &str) -> Result<bool> {
    let id = controller_container(lab, node)?;
    let url = "http://127.0.0.1:8080/readyz";
    let probe = ["/usr/local/bin/bosun-controller", "probe", "--url", url];
    let mut args = vec!["exec", id.as_str()];
    args.extend(probe);
    let out = lab.docker_cli(node, &args)?;
    let body: serde_json::Value = serde_json::from_slice(&out.stdout)
        .with_context(|| format!("{url} on {node}: {}", String::from_utf8_lossy(&out.stdout)))?;
    body["leading"]
        .as_bool()
        .with_context(|| format!("{url} on {node} says nothing of leading: {body}"))
}

/// Makes the stack's signing key secret unless the lab has one; returns whether it made it.
fn ensure_signing_secret(lab: &Lab, dir: &std::path::Path) -> Result<bool> {
    let exists = lab
        .docker_cli("lab1", &["secret", "inspect", SIGNING_SECRET])?
        .status
        .success();
    if exists {
        return Ok(false);
    }
    let key = bosun_core::keys::generate("bosun-e2e-stack-signing")?;
    let file = dir.join("signing-key-v1");
    std::fs::write(&file, bosun_core::keys::private_openssh(&key)?)?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
    lab.cli(&[
        "secret",
        "create",
        SIGNING_SECRET,
        &file.display().to_string(),
    ])?;
    std::fs::remove_file(&file)?;
    Ok(true)
}

#[tokio::test]
async fn the_stack_runs_the_controller_and_a_swapped_docker_config_is_applied() -> Result<()> {
    // the stack's controller service garbage-collects like any controller
    let lab = group::controller();
    let target = unique_name("stk").replace("e2e-", "").replace('-', "");
    let target: String = target.chars().take(20).collect();
    let _nc = ServiceFixture::pinned(&lab, &target, NEXTCLOUD.image, "lab2").await?;

    // the stack file, with its config next to it, as a user deploys it
    let dir = PathBuf::from(lab.dir()).join(unique_name("stack"));
    std::fs::create_dir_all(&dir)?;
    let manifests = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../manifests/bosun.yml");
    std::fs::copy(&manifests, dir.join("bosun.yml")).context("copying the stack file")?;
    std::fs::write(dir.join("bosun.yaml"), config_yaml(" {}"))?;
    let version = format!("e2e{}", std::process::id());
    let mut stack = Stack {
        lab: &lab,
        configs: vec![format!("bosun-config-{version}")],
        secrets: Vec::new(),
    };
    if ensure_signing_secret(&lab, &dir)? {
        stack.secrets.push(SIGNING_SECRET.to_owned());
    }
    // A `bosun` network left by a controller outside the stack (the other tests') would make
    // the deploy fail; it can be removed once the tasks of removed services have let go of it.
    wait::until("no `bosun` network outside the stack", CONVERGE, || async {
        let exists = lab
            .docker_cli("lab1", &["network", "inspect", "bosun"])?
            .status
            .success();
        if !exists {
            return Ok(Some(()));
        }
        let _ = lab.docker_cli("lab1", &["network", "rm", "bosun"]);
        Ok(None)
    })
    .await?;
    let deploy = lab
        .command(
            "lab1",
            &[
                "docker",
                "-H",
                &format!("unix://{}", lab.socket("lab1").display()),
                "stack",
                "deploy",
                "--resolve-image",
                "never",
                "-c",
                &dir.join("bosun.yml").display().to_string(),
                "bosun",
            ],
        )
        .env("BOSUN_CONFIG_VERSION", &version)
        .output()?;
    if !deploy.status.success() {
        bail!("stack deploy: {}", String::from_utf8_lossy(&deploy.stderr));
    }
    let started = std::time::Instant::now();
    let nodes = wait::until(
        "two controller replicas to pass their health checks",
        CONVERGE,
        || async {
            let nodes = controller_nodes(&lab)?;
            let healthy = nodes
                .iter()
                .all(|n| controller_health(&lab, n).ok().as_deref() == Some("healthy"));
            Ok((nodes.len() == 2 && healthy).then_some(nodes))
        },
    )
    .await?;
    println!(
        "stack healthy after {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert_ne!(nodes[0], nodes[1], "the replicas are spread over managers");
    let leaders = wait::until("one replica to lead", CONVERGE, || async {
        let leading: Vec<&String> = nodes
            .iter()
            .filter(|n| leads(&lab, n).unwrap_or(false))
            .collect();
        Ok((!leading.is_empty()).then_some(leading.len()))
    })
    .await?;
    assert_eq!(leaders, 1, "exactly one of {nodes:?} leads");
    assert!(
        managed::proxies(&lab, &target).await?.is_empty(),
        "no target yet"
    );

    // swap the Docker config: the new one declares the target
    let v2 = format!("bosun-config-{version}-2");
    let app_name = unique_name("app");
    let yaml = config_yaml(&format!(
        "\n  {target}:\n    service: {target}\n    policy: {{ preset: nextcloud }}\n    clients: [{{ service: {app_name} }}]\n"
    ));
    let file = dir.join("v2.yaml");
    std::fs::write(&file, yaml)?;
    lab.cli(&["config", "create", &v2, &file.display().to_string()])?;
    stack.configs.push(v2.clone());
    lab.cli(&[
        "service",
        "update",
        "-d",
        "--config-rm",
        &format!("bosun-config-{version}"),
        "--config-add",
        &format!("source={v2},target=/etc/bosun/bosun.yaml,mode=0444"),
        "bosun_controller",
    ])?;
    let swapped = std::time::Instant::now();
    with_logs(
        &lab,
        managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await,
    )?;
    println!(
        "config swapped: the target's proxy runs on lab2 after {:.1}s",
        swapped.elapsed().as_secs_f64()
    );

    let mut app = ClientServiceFixture::create_start_first_on(
        &lab,
        &app_name,
        &target,
        "lab1",
        STACK_DISCOVERY,
        2,
        "bosun",
    )
    .await?;
    app.wait_keyed(CONVERGE).await?;
    app.wait_ok_since(0, CONVERGE).await?;
    with_logs(&lab, the_signing_key_rolls(&lab, &app).await)
}
