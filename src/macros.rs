//! The `transit!` literal macro, and the functions its expansion calls.

/// Builds a [`Value`](crate::Value) from a literal, in the style of `serde_json::json!`:
/// it gives exactly the `Value` that reading the same data as Transit gives.
///
/// | written | is | Transit read to the same `Value` |
/// |---|---|---|
/// | `null` | `Null` | `null` |
/// | `true`, `1`, `-2.5`, `"text"`, `'c'` | `Bool`, `Integer`, `Float`, `String`, `Char` | `true`, `1`, `-2.5`, `"text"`, `"~cc"` |
/// | `:name`, `:file-id`, `:penpot/shape`, `:"any text"` | a keyword | `"~:name"`, `"~:file-id"`… |
/// | `[a, b]` | an array | `[a, b]` |
/// | `{:k => v, "s" => v, 1 => v, [1, 2] => v}` | a map with keyword, string, integer, array… keys | `["^ ","~:k",v,…]`, or a cmap |
/// | `#{a, b}` or `#set [a, b]` | a set | `["~#set",[a,b]]` |
/// | `#list [a, b]` | a list | `["~#list",[a,b]]` |
/// | `#uuid "…"` (or `#u "…"`) | a uuid | `"~u…"` |
/// | `#inst "2025-11-26T00:00:00Z"` (or `#t "…"`), `#m 1764115200000` | an instant | `"~t…"`, `"~m…"` |
/// | `#uri "…"`, `#bytes "base64"` (or `#r`, `#b`) | a URI, bytes | `"~r…"`, `"~b…"` |
/// | `#point {:x => 1, :y => 2}`, `#penpot/pointer [id, {}]` | a tagged value (any other tag: `#tag rep`) | `["~#point",["^ ","~:x",1,"~:y",2]]` |
/// | any Rust expression: `id`, `(a + b)`, `name.clone()` | `Value::from(expr)` | |
///
/// Elements of arrays and sets, and map entries, are separated by commas (a
/// trailing comma is fine); in a map, `=>` separates each key from its value.
/// Keys and values are written the same way, so a key can be any of the above.
/// A map or set that repeats a key keeps its first place and its last value (a
/// set: its first member), as reading does.
///
/// A keyword's name is the tokens after the colon, up to the comma or `=>`, put
/// together without spaces (`:fdata/path-data`, `:valid?`); `:"…"` takes any
/// text. A tag's name is identifiers joined by `-`, `/` or `.`, and the rep is the
/// rest of the element; a rep that is an expression starting with `-` followed
/// by an identifier needs parentheses (`#t (-x)`). The tags `uuid`, `inst`, `uri`
/// and `bytes` are EDN's names, as [`Display`](std::fmt::Display) prints those
/// types, for Transit's `u`, `t`, `r` and `b`; every other tag is read as
/// `["~#tag", rep]` is, so `#set`, `#list`, `#link`, `#cmap` and the
/// one-character tags (`#i "5"`, `#n "…"`, `#f "…"`, `#z "NaN"`…) give their
/// types.
///
/// A literal number without a suffix is an `i64` or an `f64` (so
/// `1764115200000` needs no suffix); a literal of another type goes in
/// parentheses, `(1u8)`, as any expression.
///
/// An expression is converted with `Value::from`, so it can be anything with a
/// `From` conversion into a `Value` (`Uuid`, `DateTime<Utc>`, `Keyword`, `Map`,
/// `Option<T>`, another `Value`…). Symbols, big numbers and bytes built in code
/// go in that way too: `(Symbol::new("inc"))`.
///
/// The macro is expanded step by step, a few elements or entries at a time: a
/// literal of a few hundred one-token elements or keyword entries fits the
/// compiler's default recursion limit, and a longer one needs
/// `#![recursion_limit = "256"]` in the crate using it, as `json!` does.
///
/// # Panics
///
/// When a tag this crate decodes is given a rep it does not take, as reading the
/// same Transit fails: `#set 1`, `#inst "yesterday"` (`#uuid "nope"` is kept as
/// reading keeps it).
///
/// # Example
///
/// ```
/// use transit_format::{transit, Value};
///
/// let id = uuid::uuid!("0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001");
/// let name = "Q4";
/// let event = transit!({
///     :name => "rename-file",
///     :props => {:id => id, :name => name, :tags => #{"a", "b"}},
///     :created-at => #inst "2025-11-26T00:00:00Z",
///     :position => #point {:x => 120.0, :y => 80.5},
///     "plain" => [1, -2, null, #list [:a, :b]],
/// });
/// let read: Value = transit_format::from_str(
///     r#"["^ ","~:name","rename-file","~:props",["^ ","~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","^0","Q4","~:tags",["~#set",["a","b"]]],"~:created-at","~m1764115200000","~:position",["~#point",["^ ","~:x",120.0,"~:y",80.5]],"plain",[1,-2,null,["~#list",["~:a","~:b"]]]]"#,
/// )?;
/// assert_eq!(event, read);
/// assert_eq!(event["props"]["name"], "Q4");
/// # Ok::<(), transit_format::Error>(())
/// ```
#[macro_export]
macro_rules! transit {
    //////////////////////////////////////////////////////////////////////////
    // One form: all the tokens of one element, key or value.

    (@form null) => {
        $crate::Value::Null
    };
    (@form [ $($items:tt)* ]) => {
        $crate::__private::array($crate::transit!(@array [] [] $($items)*))
    };
    (@form { $($entries:tt)* }) => {
        $crate::transit!(@map [] $($entries)*)
    };
    (@form # { $($items:tt)* }) => {
        $crate::__private::tagged("set", $crate::__private::array($crate::transit!(@array [] [] $($items)*)))
    };
    (@form # $($rest:tt)+) => {
        $crate::transit!(@tag [] $($rest)+)
    };
    (@form : $text:literal) => {
        $crate::__private::keyword($text)
    };
    (@form : $($name:tt)+) => {
        $crate::Value::keyword(::core::concat!($(::core::stringify!($name)),+))
    };
    (@form $literal:literal) => {
        $crate::__private::literal($literal)
    };
    (@form $($expr:tt)+) => {
        $crate::Value::from($($expr)+)
    };

    //////////////////////////////////////////////////////////////////////////
    // A tag's name, identifiers joined by `-`, `/` or `.`, then its rep.

    (@tag [$($name:tt)*] $a:ident - $b:ident $($rest:tt)*) => {
        $crate::transit!(@tag [$($name)* $a -] $b $($rest)*)
    };
    (@tag [$($name:tt)*] $a:ident / $b:ident $($rest:tt)*) => {
        $crate::transit!(@tag [$($name)* $a /] $b $($rest)*)
    };
    (@tag [$($name:tt)*] $a:ident . $b:ident $($rest:tt)*) => {
        $crate::transit!(@tag [$($name)* $a .] $b $($rest)*)
    };
    (@tag [$($name:tt)*] $a:ident $($rep:tt)+) => {
        $crate::__private::tagged(
            ::core::concat!($(::core::stringify!($name),)* ::core::stringify!($a)),
            $crate::transit!(@form $($rep)+),
        )
    };
    (@tag [$($name:tt)*] $($rest:tt)*) => {
        ::core::compile_error!("transit!: `#` takes a tag name and a rep, as in `#point [1, 2]`")
    };

    //////////////////////////////////////////////////////////////////////////
    // The elements of an array or set: done ones, then the tokens of the current
    // one, then the rest.

    (@array [$($done:tt)*] []) => {
        $crate::__private::vec![$($done)*]
    };
    (@array [$($done:tt)*] [$($current:tt)+]) => {
        $crate::__private::vec![$($done)* $crate::transit!(@form $($current)+)]
    };
    (@array [$($done:tt)*] [] , $($rest:tt)*) => {
        ::core::compile_error!("transit!: an empty element (two commas in a row?)")
    };
    (@array [$($done:tt)*] [$($current:tt)+] , $($rest:tt)*) => {
        $crate::transit!(@array [$($done)* $crate::transit!(@form $($current)+),] [] $($rest)*)
    };
    // The common kinds of element (one token, a keyword) in one step each, four
    // elements of one token or two keywords at a time, so that the expansion stays within
    // the compiler's recursion limit for literals of a few hundred elements.
    (@array [$($done:tt)*] [] $a:tt , $b:tt , $c:tt , $d:tt , $($rest:tt)*) => {
        $crate::transit!(@array [$($done)*
            $crate::transit!(@form $a), $crate::transit!(@form $b),
            $crate::transit!(@form $c), $crate::transit!(@form $d),] [] $($rest)*)
    };
    (@array [$($done:tt)*] [] $one:tt , $($rest:tt)*) => {
        $crate::transit!(@array [$($done)* $crate::transit!(@form $one),] [] $($rest)*)
    };
    (@array [$($done:tt)*] [] : $($a:ident)-+ , : $($b:ident)-+ , $($rest:tt)*) => {
        $crate::transit!(@array [$($done)*
            $crate::transit!(@form : $($a)-+), $crate::transit!(@form : $($b)-+),] [] $($rest)*)
    };
    (@array [$($done:tt)*] [] : $($name:ident)-+ , $($rest:tt)*) => {
        $crate::transit!(@array [$($done)* $crate::transit!(@form : $($name)-+),] [] $($rest)*)
    };
    (@array [$($done:tt)*] [$($current:tt)*] $next:tt $($rest:tt)*) => {
        $crate::transit!(@array [$($done)*] [$($current)* $next] $($rest)*)
    };

    //////////////////////////////////////////////////////////////////////////
    // The entries of a map: `(key, value),` done ones, then the tokens of the
    // current key up to `=>`, then of its value up to `,`.

    (@map [$($done:tt)*]) => {
        $crate::__private::map($crate::__private::vec![$($done)*])
    };
    // The common kinds of entry (a keyword or one-token key, a one-token or
    // keyword value) in one step each, two keyword entries at a time, so that
    // the expansion stays within the compiler's recursion limit for literals of
    // a couple of hundred entries.
    (@map [$($done:tt)*] : $($k1:ident)-+ => $v1:tt , : $($k2:ident)-+ => $v2:tt , $($rest:tt)*) => {
        $crate::transit!(@map [$($done)*
            ($crate::transit!(@form : $($k1)-+), $crate::transit!(@form $v1)),
            ($crate::transit!(@form : $($k2)-+), $crate::transit!(@form $v2)),] $($rest)*)
    };
    (@map [$($done:tt)*] : $($key:ident)-+ => $value:tt $(, $($rest:tt)*)?) => {
        $crate::transit!(@map [$($done)* ($crate::transit!(@form : $($key)-+), $crate::transit!(@form $value)),] $($($rest)*)?)
    };
    (@map [$($done:tt)*] : $($key:ident)-+ => : $($value:ident)-+ $(, $($rest:tt)*)?) => {
        $crate::transit!(@map [$($done)* ($crate::transit!(@form : $($key)-+), $crate::transit!(@form : $($value)-+)),] $($($rest)*)?)
    };
    (@map [$($done:tt)*] $key:tt => $value:tt $(, $($rest:tt)*)?) => {
        $crate::transit!(@map [$($done)* ($crate::transit!(@form $key), $crate::transit!(@form $value)),] $($($rest)*)?)
    };
    (@map [$($done:tt)*] $($rest:tt)+) => {
        $crate::transit!(@key [$($done)*] [] $($rest)+)
    };
    (@key [$($done:tt)*] [] => $($rest:tt)*) => {
        ::core::compile_error!("transit!: a map entry without a key before `=>`")
    };
    (@key [$($done:tt)*] [$($key:tt)+] => $($rest:tt)*) => {
        $crate::transit!(@value [$($done)*] [$($key)+] [] $($rest)*)
    };
    (@key [$($done:tt)*] [] $one:tt => $($rest:tt)*) => {
        $crate::transit!(@value [$($done)*] [$one] [] $($rest)*)
    };
    (@key [$($done:tt)*] [] : $($name:ident)-+ => $($rest:tt)*) => {
        $crate::transit!(@value [$($done)*] [: $($name)-+] [] $($rest)*)
    };
    (@key [$($done:tt)*] [$($key:tt)*] , $($rest:tt)*) => {
        ::core::compile_error!("transit!: a map key without `=> value`")
    };
    (@key [$($done:tt)*] [$($key:tt)*] $next:tt $($rest:tt)*) => {
        $crate::transit!(@key [$($done)*] [$($key)* $next] $($rest)*)
    };
    (@key [$($done:tt)*] [$($key:tt)*]) => {
        ::core::compile_error!("transit!: a map key without `=> value`")
    };
    (@value [$($done:tt)*] [$($key:tt)+] []) => {
        ::core::compile_error!("transit!: a map entry without a value after `=>`")
    };
    (@value [$($done:tt)*] [$($key:tt)+] [] , $($rest:tt)*) => {
        ::core::compile_error!("transit!: a map entry without a value after `=>`")
    };
    (@value [$($done:tt)*] [$($key:tt)+] [$($value:tt)+]) => {
        $crate::transit!(@map [$($done)* ($crate::transit!(@form $($key)+), $crate::transit!(@form $($value)+)),])
    };
    (@value [$($done:tt)*] [$($key:tt)+] [$($value:tt)+] , $($rest:tt)*) => {
        $crate::transit!(@map [$($done)* ($crate::transit!(@form $($key)+), $crate::transit!(@form $($value)+)),] $($rest)*)
    };
    (@value [$($done:tt)*] [$($key:tt)+] [] $one:tt , $($rest:tt)*) => {
        $crate::transit!(@map [$($done)* ($crate::transit!(@form $($key)+), $crate::transit!(@form $one)),] $($rest)*)
    };
    (@value [$($done:tt)*] [$($key:tt)+] [$($value:tt)*] $next:tt $($rest:tt)*) => {
        $crate::transit!(@value [$($done)*] [$($key)+] [$($value)* $next] $($rest)*)
    };

    //////////////////////////////////////////////////////////////////////////
    // The entry point.

    () => {
        ::core::compile_error!("transit!: nothing to build (write `null` for Null)")
    };
    ($($form:tt)+) => {
        $crate::transit!(@form $($form)+)
    };
}

/// What the expansion of [`transit!`] calls; not part of the API.
#[doc(hidden)]
pub mod __private {
    use std::sync::Arc;

    use crate::value::{scalar, Map, Value};

    pub use std::vec;

    /// The literals `transit!` takes as they are: with one integer type and one
    /// float type, an unsuffixed literal such as `1764115200000` is an `i64`
    /// rather than an `i32` out of range.
    #[diagnostic::on_unimplemented(
        message = "transit!: a literal is an i64, f64, string, char or boolean",
        label = "write other types in parentheses, e.g. `(1u8)`, to convert them with `Value::from`"
    )]
    pub trait Literal {
        /// The value of the literal.
        fn into_value(self) -> Value;
    }

    impl Literal for i64 {
        fn into_value(self) -> Value {
            Value::Integer(self)
        }
    }

    impl Literal for f64 {
        fn into_value(self) -> Value {
            Value::Float(self)
        }
    }

    impl Literal for &str {
        fn into_value(self) -> Value {
            Value::from(self)
        }
    }

    impl Literal for bool {
        fn into_value(self) -> Value {
            Value::Bool(self)
        }
    }

    impl Literal for char {
        fn into_value(self) -> Value {
            Value::Char(self)
        }
    }

    /// The value of a literal.
    pub fn literal(literal: impl Literal) -> Value {
        literal.into_value()
    }

    /// An array of `items`.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(items.into_boxed_slice())
    }

    /// A map of `entries` as reading makes it: a repeated key keeps its first
    /// place and its last value.
    pub fn map(entries: Vec<(Value, Value)>) -> Value {
        Value::Map(entries.into_iter().collect::<Map>())
    }

    /// The keyword `:text`, for `:"text"` (and `:1`).
    pub fn keyword(text: impl std::fmt::Display) -> Value {
        Value::keyword(&text.to_string())
    }

    /// What reading `["~#tag", rep]` gives, EDN's names standing for Transit's
    /// one-character tags.
    ///
    /// # Panics
    ///
    /// Where reading fails: a tag this crate decodes with a rep it does not take.
    pub fn tagged(tag: &str, rep: Value) -> Value {
        let transit_tag = match tag {
            "uuid" => "u",
            "inst" => "t",
            "uri" => "r",
            "bytes" => "b",
            other => other,
        };
        if transit_tag == "cmap" {
            return cmap(rep);
        }
        let shown = format!("#{tag} {rep}");
        match scalar::apply_tag(Arc::from(transit_tag), rep) {
            Ok(value) => value,
            Err(err) => panic!("transit!: {shown}: {err}"),
        }
    }

    /// A cmap's rep, keys and values in turn, as a map.
    fn cmap(rep: Value) -> Value {
        match rep {
            Value::Array(items) if items.len() % 2 == 0 => {
                let mut items = items.into_vec().into_iter();
                let mut entries = Vec::with_capacity(items.len() / 2);
                while let (Some(k), Some(v)) = (items.next(), items.next()) {
                    entries.push((k, v));
                }
                map(entries)
            }
            other => panic!("transit!: #cmap {other}: a cmap's rep is an array of keys and values"),
        }
    }
}
