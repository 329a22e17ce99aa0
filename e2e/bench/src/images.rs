//! The images a benchmark deploys must already be on every lab node: `make images` builds them
//! on lab1 and loads them into the others. A benchmark checks before it starts, so that a
//! missing image is a message, not a service that never runs.

use anyhow::{Context, Result};
use bosun_e2e::Lab;

/// Fails unless every one of `images` is on every node of `lab`.
pub async fn check(lab: &Lab, images: &[&str]) -> Result<()> {
    for node in lab.nodes()? {
        let docker = lab.docker(&node).await?;
        for image in images {
            docker.inspect_image(image).await.with_context(|| {
                format!("{image} is not on {node}: run `make images` for this lab first")
            })?;
        }
    }
    Ok(())
}
