//! `transit webhook serve`.
