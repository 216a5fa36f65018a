//! A [`Value`] from text (`FromStr`), as serde_json's `Value` has it.

use std::str::FromStr;

use super::Value;
use crate::error::Error;

impl FromStr for Value {
    type Err = Error;

    /// Reads one Transit JSON value (compact or verbose), as
    /// [`from_str`](crate::from_str) does.
    ///
    /// ```
    /// use transit_format::Value;
    /// let v: Value = r#"["^ ","~:a",1]"#.parse().unwrap();
    /// assert_eq!(v["a"], 1);
    /// assert!("[1,".parse::<Value>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Value, Error> {
        crate::from_str(text)
    }
}
