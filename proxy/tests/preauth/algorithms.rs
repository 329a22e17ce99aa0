//! What the proxy offers in its KEXINIT, read from a raw socket: curve25519 (both names) and
//! the mlkem768x25519 hybrid, strict kex, an ED25519 host key, no Diffie-Hellman group
//! exchange and no compression (`zlib` before authentication was on offer before issue 11).

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::support::{BANNER, PATIENCE, ProxyProcess, read_server_kexinit};

#[tokio::test]
async fn the_proxy_offers_modern_key_exchanges_and_no_compression() {
    let proxy = ProxyProcess::start("algorithms", &[]);
    let mut stream = TcpStream::connect(proxy.addr).await.expect("connecting");
    // russh sends its KEXINIT once it has read the client's version line
    stream
        .write_all(BANNER)
        .await
        .expect("sending the version line");
    let (version, offer) = tokio::time::timeout(PATIENCE, read_server_kexinit(&mut stream))
        .await
        .expect("no KEXINIT from the proxy")
        .expect("reading the proxy's KEXINIT");
    assert_eq!(version, "SSH-2.0-bosun");
    assert_eq!(
        offer.kex,
        [
            "mlkem768x25519-sha256",
            "curve25519-sha256",
            "curve25519-sha256@libssh.org",
            "ext-info-s",
            "kex-strict-s-v00@openssh.com",
        ]
    );
    assert_eq!(offer.host_key, ["ssh-ed25519"]);
    for ciphers in [&offer.ciphers_c2s, &offer.ciphers_s2c] {
        assert_eq!(
            *ciphers,
            [
                "chacha20-poly1305@openssh.com",
                "aes256-gcm@openssh.com",
                "aes128-gcm@openssh.com",
                "aes256-ctr",
                "aes192-ctr",
                "aes128-ctr",
            ]
        );
    }
    for macs in [&offer.macs_c2s, &offer.macs_s2c] {
        assert_eq!(
            *macs,
            [
                "hmac-sha2-512-etm@openssh.com",
                "hmac-sha2-256-etm@openssh.com",
                "hmac-sha2-512",
                "hmac-sha2-256",
            ]
        );
    }
    assert_eq!(offer.compression_c2s, ["none"]);
    assert_eq!(offer.compression_s2c, ["none"]);
    let everything = format!("{offer:?}");
    for banned in ["diffie-hellman", "zlib", "sha1", "cbc", "nistp", "rsa"] {
        assert!(
            !everything.contains(banned),
            "{banned} is on offer: {offer:#?}"
        );
    }
}
