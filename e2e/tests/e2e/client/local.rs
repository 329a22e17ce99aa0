//! The client's explicit non-Swarm fallback on the lab: with `SWARM_MODE=false`, `bosun exec`
//! runs an allowed command directly through the engine of the node it runs on, with the
//! preset's fixed user and working directory, and a rejected command makes no Docker call.
//! The CLI runs inside lab2's namespaces, where `/var/run/docker.sock` is lab2's dockerd.
//! Needs the lab up and `make images`.

use std::time::Duration;

use anyhow::Result;
use bosun_e2e::cli::{bosun_bin, run_in};
use bosun_e2e::fakes::{self, LoggedCall, NEXTCLOUD};
use bosun_e2e::{ServiceFixture, group, unique_name};

const CONVERGE: Duration = Duration::from_secs(60);

fn call(argv: &[&str]) -> LoggedCall {
    LoggedCall {
        argv: argv.iter().map(|s| (*s).to_owned()).collect(),
        uid: 33,
        cwd: "/var/www/html".into(),
    }
}

#[tokio::test]
async fn swarm_mode_off_execs_on_the_local_engine_under_the_same_policy() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let task = nc.wait_running(CONVERGE).await?;
    let lab2 = lab.docker("lab2").await?;
    let bosun = bosun_bin()?;
    let bosun = bosun.to_str().unwrap_or_default();
    let env = [
        ("SWARM_MODE", "false"),
        ("BOSUN_NEXTCLOUD_CONTAINER", nc.name.as_str()),
    ];
    let exec = |argv: &[&str]| -> Vec<String> {
        [bosun, "exec", "nextcloud", "--"]
            .iter()
            .chain(argv)
            .map(|s| (*s).to_owned())
            .collect()
    };
    let run = |node: &str, env: &[(&str, &str)], argv: &[&str]| {
        let argv = exec(argv);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        run_in(&lab, node, env, &argv)
    };

    // allowed: runs in the fake on lab2, as www-data in /var/www/html, output and code back
    let ran = run("lab2", &env, &["php", "occ", "status", "--output=json"])?;
    assert_eq!(ran.code, 0, "{ran:?}");
    let status: serde_json::Value = serde_json::from_str(&ran.stdout)?;
    assert_eq!(
        status["installed"],
        serde_json::Value::Bool(true),
        "{ran:?}"
    );

    // a failing command: its exit code and stderr come back
    let ran = run("lab2", &env, &["php", "occ", "files:scan"])?;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stdout.contains("Please specify the user id to scan"),
        "{ran:?}"
    );

    let expected = vec![
        call(&["php", "occ", "status", "--output=json"]),
        call(&["php", "occ", "files:scan"]),
    ];
    assert_eq!(fakes::argv_log(&lab2, &task.container_id).await?, expected);

    // rejected: 126 and the proxy's message, nothing runs in the target
    let ran = run("lab2", &env, &["php", "occ", "memories:index", "--clear"])?;
    assert_eq!(ran.code, 126, "{ran:?}");
    assert_eq!(
        ran.stderr,
        "bosun: rejected: option --clear is not allowed for php occ memories:index\n"
    );
    assert_eq!(ran.stdout, "");
    // and no Docker call at all: with an engine that does not exist, the answer is the same…
    let no_engine = [
        env[0],
        env[1],
        ("DOCKER_HOST", "unix:///nonexistent/docker.sock"),
    ];
    let ran = run("lab2", &no_engine, &["php", "-r", "system('id');", "occ"])?;
    assert_eq!(ran.code, 255, "{ran:?}");
    assert!(ran.stderr.contains("argument 2 contains `;`"), "{ran:?}");
    let ran = run(
        "lab2",
        &no_engine,
        &["php", "occ", "memories:index", "--clear"],
    )?;
    assert_eq!(ran.code, 126, "{ran:?}");
    // …while an allowed command does try that engine (so DOCKER_HOST is honoured)
    let ran = run("lab2", &no_engine, &["php", "occ", "status"])?;
    assert_eq!(ran.code, 255, "{ran:?}");
    assert!(
        ran.stderr
            .starts_with("bosun: target nextcloud (local engine): cannot reach the Docker engine"),
        "{ran:?}"
    );
    assert_eq!(fakes::argv_log(&lab2, &task.container_id).await?, expected);

    // the local engine is the node's own: on lab1 the target is not found
    let ran = run("lab1", &env, &["php", "occ", "status"])?;
    assert_eq!(ran.code, 255, "{ran:?}");
    assert!(
        ran.stderr
            .contains(&format!("{} has no running task on node", nc.name)),
        "{ran:?}"
    );
    assert_eq!(fakes::argv_log(&lab2, &task.container_id).await?, expected);
    Ok(())
}
