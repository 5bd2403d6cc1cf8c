//! `type_tag!`: structs whose JSON always carries one fixed `"@type"`.
//!
//! Such a struct derives its field handling with `#[serde(remote = "Self")]` (which turns the
//! derive into inherent `serialize`/`deserialize` functions) and this macro supplies the real
//! `Serialize`/`Deserialize`: writing adds `"@type"` in front, reading checks and removes it.
//! So `Request`, `Response`, `Mail`, ... describe themselves wherever they appear, inside a
//! union or as a plain field, and carry no redundant type field.

/// Implements `Serialize`/`Deserialize` with a fixed `"@type"` for a `remote = "Self"` struct.
///
/// Reading fails when `"@type"` holds another value; an absent `"@type"` is accepted.
macro_rules! type_tag {
    ($ty:ident, $tag:literal) => {
        impl $ty {
            /// The fixed `"@type"` of this object.
            pub const TYPE_NAME: &'static str = $tag;
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                /// The fields without `"@type"` (the derived, inherent `serialize`).
                struct Fields<'a>(&'a $ty);
                impl ::serde::Serialize for Fields<'_> {
                    fn serialize<S: ::serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> Result<S::Ok, S::Error> {
                        $ty::serialize(self.0, serializer)
                    }
                }
                $crate::dto::union::serialize_tagged("@type", $tag, &Fields(self), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let fields = $crate::dto::union::untag("@type", $tag, deserializer)?;
                $ty::deserialize(fields).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

pub(crate) use type_tag;
