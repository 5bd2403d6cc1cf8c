//! Which credentials the endpoint accepts, and the constant-time check of an API key.

use std::fmt;
use std::hint::black_box;

/// The header the Connector sends its API key in unless configured otherwise.
pub const DEFAULT_API_KEY_HEADER: &str = "x-api-key";

/// The endpoint's authentication: accepted API keys and their header, whether bearer tokens are
/// verified (by a callback outside), or an explicit opt-out.
///
/// Its `Debug` shows how many keys there are, never the keys.
#[derive(Clone, PartialEq, Eq)]
pub struct Auth {
    keys: Vec<Vec<u8>>,
    header: String,
    bearer: bool,
}

/// A configuration the endpoint refuses to start with.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No keys, no bearer verification and no explicit opt-out: the endpoint would be open.
    NoAuthentication,
    /// `allowUnauthenticated` together with keys or bearer verification.
    ConflictingAuthentication,
    /// The key at `index` is empty.
    EmptyApiKey {
        /// The key's position in the configured list, from 0.
        index: usize,
    },
    /// The key at `index` cannot be sent in an HTTP header as it is: it has a character outside
    /// visible ASCII (`!` to `~`) other than a space inside it (see [`is_header_safe_key`]).
    InvalidApiKey {
        /// The key's position in the configured list, from 0.
        index: usize,
    },
    /// The API key header name is not an HTTP token.
    InvalidHeaderName {
        /// The name as configured, cut to 64 characters.
        name: String,
    },
}

impl ConfigError {
    /// A stable code: `no_authentication`, `conflicting_authentication`, `empty_api_key`,
    /// `invalid_api_key` or `invalid_header_name`.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::NoAuthentication => "no_authentication",
            ConfigError::ConflictingAuthentication => "conflicting_authentication",
            ConfigError::EmptyApiKey { .. } => "empty_api_key",
            ConfigError::InvalidApiKey { .. } => "invalid_api_key",
            ConfigError::InvalidHeaderName { .. } => "invalid_header_name",
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NoAuthentication => f.write_str(
                "no authentication configured: set apiKeys or verifyBearer, \
                 or allowUnauthenticated: true to accept every request",
            ),
            ConfigError::ConflictingAuthentication => f.write_str(
                "allowUnauthenticated: true cannot be combined with apiKeys or verifyBearer",
            ),
            ConfigError::EmptyApiKey { index } => write!(f, "apiKeys[{index}] is empty"),
            ConfigError::InvalidApiKey { index } => write!(
                f,
                "apiKeys[{index}] cannot be sent in a header: expected visible ascii characters \
                 and spaces between them"
            ),
            ConfigError::InvalidHeaderName { name } => {
                write!(f, "apiKeyHeader {name:?} is not a valid header name")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl Auth {
    /// The endpoint's authentication. `header` is the API key header (default `x-api-key`,
    /// stored lowercase since header names are case-insensitive).
    ///
    /// # Errors
    ///
    /// [`ConfigError::NoAuthentication`] with no keys, no `bearer` and no
    /// `allow_unauthenticated`; [`ConfigError::ConflictingAuthentication`] for
    /// `allow_unauthenticated` with keys or `bearer`; [`ConfigError::EmptyApiKey`] for an empty
    /// key; [`ConfigError::InvalidApiKey`] for a key that is not [header-safe](is_header_safe_key);
    /// [`ConfigError::InvalidHeaderName`] for a header name that is not an HTTP token.
    pub fn new<K: AsRef<str>>(
        keys: &[K],
        header: Option<&str>,
        bearer: bool,
        allow_unauthenticated: bool,
    ) -> Result<Auth, ConfigError> {
        let configured = !keys.is_empty() || bearer;
        if allow_unauthenticated && configured {
            return Err(ConfigError::ConflictingAuthentication);
        }
        if !allow_unauthenticated && !configured {
            return Err(ConfigError::NoAuthentication);
        }
        if let Some(index) = keys.iter().position(|k| k.as_ref().is_empty()) {
            return Err(ConfigError::EmptyApiKey { index });
        }
        if let Some(index) = keys.iter().position(|k| !is_header_safe_key(k.as_ref())) {
            return Err(ConfigError::InvalidApiKey { index });
        }
        let header = header.unwrap_or(DEFAULT_API_KEY_HEADER);
        if !is_token(header) {
            return Err(ConfigError::InvalidHeaderName {
                name: header.chars().take(64).collect(),
            });
        }
        Ok(Auth {
            keys: keys
                .iter()
                .map(|k| k.as_ref().as_bytes().to_vec())
                .collect(),
            header: header.to_ascii_lowercase(),
            bearer,
        })
    }

    /// The API key header name, lowercase.
    pub fn api_key_header(&self) -> &str {
        &self.header
    }

    /// Whether API keys are configured.
    pub fn has_api_keys(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Whether bearer tokens are verified.
    pub fn has_bearer(&self) -> bool {
        self.bearer
    }

    /// Whether no credential is asked for (`allowUnauthenticated`).
    pub fn is_open(&self) -> bool {
        self.keys.is_empty() && !self.bearer
    }

    /// Whether `presented` equals one of the configured keys, in constant time.
    ///
    /// Every configured key is compared, each over its whole length, with no exit on the first
    /// differing byte or matching key: the differences are OR-ed together. The running time
    /// depends on the configured keys' lengths (fixed for a deployment) and on a bounds check
    /// against the presented value's length (which its sender knows), never on its content.
    pub fn check_api_key(&self, presented: &str) -> bool {
        let presented = presented.as_bytes();
        let mut matched = 0u8;
        for key in &self.keys {
            matched |= black_box(equal(key, presented));
        }
        matched == 1
    }
}

/// 1 when `key == presented`, else 0, without data-dependent branches.
fn equal(key: &[u8], presented: &[u8]) -> u8 {
    let mut diff = key.len() ^ presented.len();
    for (i, k) in key.iter().enumerate() {
        let p = presented.get(i).copied().unwrap_or(0);
        diff = black_box(diff | usize::from(k ^ p));
    }
    u8::from(diff == 0)
}

/// Whether `key` reaches the endpoint unchanged in every runtime when a client sends it as a
/// header value: visible ASCII (`!` to `~`) with spaces only between such characters.
///
/// Fetch `Headers` strip leading and trailing spaces and tabs, so a key with them never
/// matches; workerd hands a Worker U+FFFD for header bytes outside ASCII, and a tab or control
/// character is refused or altered by some HTTP stacks. Such a key could never be accepted, so
/// the endpoint refuses to start with it rather than answer 401 to every request.
pub fn is_header_safe_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let visible = |b: &u8| b.is_ascii_graphic();
    bytes.first().is_some_and(visible)
        && bytes.last().is_some_and(visible)
        && bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
}

/// An HTTP token (RFC 9110 §5.6.2): the characters a header name may have.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("keys", &format_args!("[{} redacted]", self.keys.len()))
            .field("header", &self.header)
            .field("bearer", &self.bearer)
            .finish()
    }
}
