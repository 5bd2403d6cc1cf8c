//! References and password protection shared by templates, files and tokens (spec §3.4).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::open_enum::open_enum;

/// A shareable reference to a template, file or token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceDto {
    /// base64url of `"<id>@<backboneBaseUrl>|<keyAlg>|<key>|<forIdentity>|<password info>"`.
    pub truncated: String,
    /// `"<backboneBaseUrl>/r/<id>#<base64url(...)>"`.
    pub url: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Password protection of a template or token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordProtectionDto {
    /// The password or PIN.
    pub password: String,
    /// `true` when the password is a PIN.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub password_is_pin: Option<bool>,
    /// Where the user finds the password.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub password_location_indicator: Option<PasswordLocationIndicator>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where the user finds a password: a named place or a custom number (50 to 99).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PasswordLocationIndicator {
    /// A custom location code.
    Code(u64),
    /// A named location.
    Named(PasswordLocation),
}

open_enum! {
    /// Named password locations.
    pub enum PasswordLocation {
        /// The recovery kit.
        RecoveryKit = "RecoveryKit",
        /// Chosen or known by the user (`"Self"`).
        SelfProvided = "Self",
        /// A letter.
        Letter = "Letter",
        /// A registration letter.
        RegistrationLetter = "RegistrationLetter",
        /// An email.
        Email = "Email",
        /// A text message.
        Sms = "SMS",
        /// A website.
        Website = "Website",
    }
}
