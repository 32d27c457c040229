//! Who is on the other end of a request: the client's address (for throttling) and whether it
//! reached us over HTTPS (for cookies and HSTS). `X-Forwarded-For` and `X-Forwarded-Proto` are
//! believed only from the reverse proxies named by `--trusted-proxies`; from anyone else they
//! are ignored, so a client cannot pick its own throttle bucket or claim HTTPS.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::error::AppError;
use crate::AppState;

/// An address block such as `10.0.0.0/8`, `127.0.0.1` or `fd00::/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not an address or address block (like 10.0.0.0/8 or ::1)")]
pub struct CidrError(String);

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || CidrError(text.to_owned());
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| invalid())?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(invalid)?,
            None => bits,
        };
        Ok(Self { network, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    pub fn new(blocks: Vec<Cidr>) -> Self {
        Self(blocks)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|block| block.contains(address))
    }

    /// The client behind `peer`, which sent `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Client {
        if !self.trusts(peer) {
            return Client { ip: peer.to_canonical(), https: false };
        }
        // Each proxy appends the address it heard from: walk back past our own proxies to the
        // first address none of them is, which is the one a proxy of ours saw connect.
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
            .collect();
        let ip = forwarded
            .iter()
            .rev()
            .find(|address| !self.trusts(**address))
            .or(forwarded.first())
            .copied()
            .unwrap_or(peer)
            .to_canonical();
        let https = headers
            .get("x-forwarded-proto")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"));
        Client { ip, https }
    }
}

/// The client of a request, as far as it can be believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub ip: IpAddr,
    /// The client reached us over HTTPS (through a trusted proxy that terminated TLS).
    pub https: bool,
}

impl Client {
    /// The client of a request with these parts, if the connection's address is known.
    pub fn of(
        parts_extensions: &axum::http::Extensions,
        headers: &HeaderMap,
        proxies: &TrustedProxies,
    ) -> Option<Self> {
        let ConnectInfo(peer) = parts_extensions.get::<ConnectInfo<SocketAddr>>()?;
        Some(proxies.client(peer.ip(), headers))
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Self::of(&parts.extensions, &parts.headers, &state.trusted_proxies)
            .ok_or_else(|| AppError::Internal("the connection's address is unknown".into()))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn blocks_contain_their_addresses_only() {
        let block: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(block.contains(ip("10.1.200.3")));
        assert!(!block.contains(ip("10.2.0.1")));
        assert!(block.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped IPv6 peers count as IPv4");
        let single: Cidr = "127.0.0.1".parse().unwrap();
        assert!(single.contains(ip("127.0.0.1")) && !single.contains(ip("127.0.0.2")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "nope", "10.0.0/8", "::/129", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let proxies = TrustedProxies::new(vec!["10.0.0.1".parse().unwrap()]);
        let forged = headers(&[("x-forwarded-for", "198.51.100.7"), ("x-forwarded-proto", "https")]);
        assert_eq!(proxies.client(ip("203.0.113.9"), &forged), Client { ip: ip("203.0.113.9"), https: false });
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_first_untrusted_hop_from_the_right() {
        let proxies = TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap()]);
        let forwarded =
            headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.5"), ("x-forwarded-proto", "https")]);
        // 1.2.3.4 was written by the client itself; 198.51.100.7 is who our proxy saw.
        assert_eq!(proxies.client(ip("10.0.0.1"), &forwarded), Client { ip: ip("198.51.100.7"), https: true });
        let plain = headers(&[("x-forwarded-for", "198.51.100.8")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &plain), Client { ip: ip("198.51.100.8"), https: false });
        assert_eq!(proxies.client(ip("10.0.0.1"), &HeaderMap::new()).ip, ip("10.0.0.1"));
    }
}
