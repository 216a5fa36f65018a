//! The JSON layer: bytes to JSON tokens and back. It knows nothing of Transit.

pub(crate) mod read;
pub(crate) mod tokens;
pub(crate) mod write;
