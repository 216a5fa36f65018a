//! `Value` as a serde_json user expects it: accessors, indexing, pointer paths,
//! the `transit!` macro (against reading the same Transit), the conversions with
//! serde_json and what they lose, and `TryFrom`.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;
use transit_format::value::{Ext, Extension, MapEntry, TryFromValueError};
use transit_format::{
    transit, BigDecimal, BigInt, Keyword, Link, List, Map, Set, Symbol, Tagged, Uri, Value,
};
use uuid::{uuid, Uuid};

const ID: Uuid = uuid!("0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001");
const ID2: Uuid = uuid!("0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002");

fn read(text: &str) -> Value {
    transit_format::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn instant(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).expect("in range")
}

#[derive(Debug)]
struct Celsius(f64);

impl Extension for Celsius {
    fn tag(&self) -> &str {
        "celsius"
    }
    fn rep(&self) -> Value {
        Value::Float(self.0)
    }
}

/// One value of every variant, and the Transit text it reads from.
fn one_of_each() -> Vec<(&'static str, Value)> {
    vec![
        ("null", Value::Null),
        ("bool", read("true")),
        ("integer", read("7")),
        (
            "big_int",
            read(r#"["~#'","~n123456789012345678901234567890"]"#),
        ),
        ("float", read("2.5")),
        ("big_decimal", read(r#"["~#'","~f1.50"]"#)),
        ("string", read(r#""text""#)),
        ("keyword", read(r#"["~#'","~:rect"]"#)),
        ("symbol", read(r#"["~#'","~$inc"]"#)),
        ("bytes", read(r#"["~#'","~bAQI="]"#)),
        (
            "uuid",
            read(r#"["~#'","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"]"#),
        ),
        ("instant", read(r#"["~#'","~m1764115200000"]"#)),
        ("uri", read(r#"["~#'","~rhttps://penpot.app"]"#)),
        ("char", read(r#"["~#'","~cx"]"#)),
        ("array", read("[1,2]")),
        ("list", read(r#"["~#list",[1,2]]"#)),
        ("set", read(r#"["~#set",[1,2]]"#)),
        ("map", read(r#"["^ ","~:a",1]"#)),
        (
            "link",
            read(r#"["~#link",["^ ","href","~rhttp://a","rel","self"]]"#),
        ),
        ("tagged", read(r#"["~#point",[1,2]]"#)),
        ("ext", Value::Ext(Ext::new(Celsius(21.5)))),
    ]
}

/// Which predicates hold for a value, by name.
fn predicates(v: &Value) -> Vec<&'static str> {
    let all: [(&str, bool); 22] = [
        ("null", v.is_null()),
        ("bool", v.is_bool()),
        ("integer", v.is_integer()),
        ("big_int", v.is_big_int()),
        ("float", v.is_float()),
        ("big_decimal", v.is_big_decimal()),
        ("number", v.is_number()),
        ("string", v.is_string()),
        ("keyword", v.is_keyword()),
        ("symbol", v.is_symbol()),
        ("bytes", v.is_bytes()),
        ("uuid", v.is_uuid()),
        ("instant", v.is_instant()),
        ("uri", v.is_uri()),
        ("char", v.is_char()),
        ("array", v.is_array()),
        ("list", v.is_list()),
        ("set", v.is_set()),
        ("map", v.is_map()),
        ("link", v.is_link()),
        ("tagged", v.is_tagged()),
        ("ext", v.is_ext()),
    ];
    all.iter().filter(|(_, b)| *b).map(|(n, _)| *n).collect()
}

#[test]
fn each_variant_answers_exactly_its_own_predicates() {
    for (name, v) in one_of_each() {
        let mut expected = vec![name];
        if matches!(name, "integer" | "big_int" | "float" | "big_decimal") {
            expected.push("number");
        }
        // `as_array` takes lists, and `is_array` agrees with it.
        if name == "list" {
            expected.insert(0, "array");
        }
        expected.sort_unstable();
        let mut got = predicates(&v);
        got.sort_unstable();
        assert_eq!(got, expected, "{name}: {v:?}");
    }
}

#[test]
fn each_is_agrees_with_its_as() {
    for (name, v) in one_of_each() {
        let pairs = [
            (v.is_bool(), v.as_bool().is_some()),
            (v.is_string(), v.as_str().is_some()),
            (v.is_keyword(), v.as_keyword().is_some()),
            (v.is_symbol(), v.as_symbol().is_some()),
            (v.is_bytes(), v.as_bytes().is_some()),
            (v.is_uuid(), v.as_uuid().is_some()),
            (v.is_instant(), v.as_instant().is_some()),
            (v.is_uri(), v.as_uri().is_some()),
            (v.is_char(), v.as_char().is_some()),
            (v.is_array(), v.as_array().is_some()),
            (v.is_list(), v.as_list().is_some()),
            (v.is_set(), v.as_set().is_some()),
            (v.is_map(), v.as_map().is_some()),
            (v.is_link(), v.as_link().is_some()),
            (v.is_big_int(), v.as_big_int().is_some()),
            (v.is_big_decimal(), v.as_big_decimal().is_some()),
            (v.is_tagged(), v.as_tagged().is_some()),
            (v.is_ext(), v.as_ext().is_some()),
            (v.is_integer(), v.as_i64().is_some()),
        ];
        for (i, (is, as_some)) in pairs.into_iter().enumerate() {
            assert_eq!(is, as_some, "{name}: pair {i}");
        }
        let mut w = v.clone();
        assert_eq!(v.is_bytes(), w.as_bytes_mut().is_some(), "{name}");
        assert_eq!(v.is_array(), w.as_array_mut().is_some(), "{name}");
        assert_eq!(v.is_list(), w.as_list_mut().is_some(), "{name}");
        assert_eq!(v.is_set(), w.as_set_mut().is_some(), "{name}");
        assert_eq!(v.is_map(), w.as_map_mut().is_some(), "{name}");
        assert_eq!(v.is_link(), w.as_link_mut().is_some(), "{name}");
        assert_eq!(v.is_tagged(), w.as_tagged_mut().is_some(), "{name}");
        assert_eq!(w, v, "{name}: looking changes nothing");
    }
}

#[test]
fn accessors_give_what_the_variant_holds() {
    let each: std::collections::HashMap<_, _> = one_of_each().into_iter().collect();
    assert_eq!(each["bool"].as_bool(), Some(true));
    assert_eq!(each["integer"].as_i64(), Some(7));
    assert_eq!(each["integer"].as_u64(), Some(7));
    assert_eq!(each["integer"].as_f64(), Some(7.0));
    assert_eq!(
        each["big_int"].as_big_int().map(BigInt::as_str),
        Some("123456789012345678901234567890")
    );
    assert_eq!(each["big_int"].as_u64(), None);
    assert_eq!(each["float"].as_f64(), Some(2.5));
    assert_eq!(each["float"].as_i64(), None);
    assert_eq!(
        each["big_decimal"].as_big_decimal().map(BigDecimal::as_str),
        Some("1.50")
    );
    assert_eq!(each["string"].as_str(), Some("text"));
    assert_eq!(each["string"].as_text(), Some("text"));
    assert_eq!(each["keyword"].as_keyword(), Some(&Keyword::new("rect")));
    assert_eq!(each["keyword"].as_str(), None);
    assert_eq!(each["keyword"].as_text(), Some("rect"));
    assert_eq!(each["symbol"].as_symbol(), Some(&Symbol::new("inc")));
    assert_eq!(each["symbol"].as_text(), Some("inc"));
    assert_eq!(each["bytes"].as_bytes(), Some(&[1u8, 2][..]));
    assert_eq!(each["uuid"].as_uuid(), Some(ID));
    assert_eq!(
        each["instant"].as_instant(),
        Some(instant(1_764_115_200_000))
    );
    assert_eq!(
        each["uri"].as_uri().map(Uri::as_str),
        Some("https://penpot.app")
    );
    assert_eq!(each["char"].as_char(), Some('x'));
    assert_eq!(
        each["array"].as_array(),
        Some(&[Value::Integer(1), Value::Integer(2)][..])
    );
    assert_eq!(each["list"].as_array(), each["array"].as_array());
    assert_eq!(each["list"].as_list(), each["array"].as_array());
    assert_eq!(each["array"].as_list(), None);
    assert_eq!(each["set"].as_set().map(Set::len), Some(2));
    assert_eq!(each["map"].as_map().map(Map::len), Some(1));
    assert_eq!(
        each["link"].as_link(),
        Some(&Link::new(Uri::new("http://a"), "self"))
    );
    let tagged = each["tagged"].as_tagged().expect("tagged");
    assert_eq!((tagged.tag(), tagged.rep()), ("point", &transit!([1, 2])));
    assert_eq!(each["tagged"].tag(), Some("point"));
    let ext = each["ext"].as_ext().expect("ext");
    assert_eq!(ext.downcast_ref::<Celsius>().map(|c| c.0), Some(21.5));
    assert_eq!(each["ext"].tag(), Some("celsius"));
    assert_eq!(each["map"].tag(), None);
    // u64 above i64::MAX is a BigInt, and reads back as a u64.
    assert_eq!(Value::from(u64::MAX).as_u64(), Some(u64::MAX));
    assert_eq!(Value::Integer(-1).as_u64(), None);
}

#[test]
fn mutable_accessors_change_the_value_in_place() {
    let mut v =
        transit!({:a => [1], :s => #{1}, :l => #list [1], :p => #point [1], :b => #bytes "AQI="});
    v["a"].as_array_mut().unwrap()[0] = 2.into();
    v["s"].as_set_mut().unwrap().insert(3.into());
    v["l"].as_list_mut().unwrap()[0] = 4.into();
    *v["p"].as_tagged_mut().unwrap().rep_mut() = transit!([5]);
    v["b"].as_bytes_mut().unwrap()[0] = 9;
    v.as_map_mut()
        .unwrap()
        .insert(Value::keyword("new"), 6.into());
    assert_eq!(
        v,
        transit!({:a => [2], :s => #{1, 3}, :l => #list [4], :p => #point [5], :b => #bytes "CQI=", :new => 6})
    );
    let mut link = Value::from(Link::new(Uri::new("http://a"), "self"));
    link.as_link_mut().unwrap().rel = "next".into();
    assert_eq!(link.as_link().unwrap().rel, "next");
}

#[test]
fn take_leaves_null() {
    let mut v = transit!({:props => {:name => "x"}});
    let props = v["props"].take();
    assert_eq!(props, transit!({:name => "x"}));
    assert_eq!(v, transit!({:props => null}));
    assert_eq!(v.take(), transit!({:props => null}));
    assert!(v.is_null());
}

//////////////////////////////////////////////////////////////////////////////
// Indexing

/// A map with a keyword key and a string key of the same text, and keys of other
/// types.
fn mixed() -> Value {
    read(
        r#"["~#cmap",["~:name","keyword","name","string","only-string","s","~:only-keyword","k",7,"seven",[1,2],"pair","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","by uuid"]]"#,
    )
}

#[test]
fn a_text_index_finds_the_keyword_first_then_the_string() {
    let v = mixed();
    assert_eq!(v["name"], "keyword");
    assert_eq!(v[&"name".to_owned()], "keyword");
    assert_eq!(v["name".to_owned()], "keyword");
    assert_eq!(v["only-string"], "s");
    assert_eq!(v["only-keyword"], "k");
    assert_eq!(v.get("name"), Some(&Value::from("keyword")));
    assert_eq!(v.get("only-string"), Some(&Value::from("s")));
}

#[test]
fn keyword_and_value_indexes_pick_exactly() {
    let v = mixed();
    assert_eq!(v[Keyword::new("name")], "keyword");
    assert_eq!(v[&Keyword::new("only-keyword")], "k");
    assert!(v[Keyword::new("only-string")].is_null());
    assert_eq!(v[&Value::from("name")], "string");
    assert_eq!(v[Value::keyword("name")], "keyword");
    assert!(v[&Value::from("only-keyword")].is_null());
    assert_eq!(v[&Value::Integer(7)], "seven");
    assert_eq!(v[&transit!([1, 2])], "pair");
    assert_eq!(v[ID], "by uuid");
    assert_eq!(v[&Value::Uuid(ID)], "by uuid");
    assert_eq!(v.get(ID2), None);
    // A Value index is a map key, never a position.
    assert!(transit!([1, 2])[&Value::Integer(0)].is_null());
}

#[test]
fn positions_index_arrays_and_lists_but_not_sets_or_maps() {
    let v = transit!({:a => ["x", "y"], :l => #list ["x"], :s => #{"x"}, :m => {0 => "x"}});
    assert_eq!(v["a"][1], "y");
    assert_eq!(v["l"][0], "x");
    assert!(v["s"][0].is_null());
    assert!(v["m"][0].is_null());
    assert!(v["a"][2].is_null());
    assert_eq!(v["a"].get(5), None);
    assert_eq!(v["m"][&Value::Integer(0)], "x");
}

#[test]
fn missing_keys_and_wrong_kinds_read_as_null_and_get_as_none() {
    let v = transit!({:a => {:b => 1}, :n => 5});
    assert!(v["missing"].is_null());
    assert!(v["missing"]["deeper"][3].is_null());
    assert!(v["n"]["x"].is_null());
    assert!(v[0].is_null());
    assert!(Value::Null["x"].is_null());
    assert_eq!(v.get("missing"), None);
    assert_eq!(v["n"].get("x"), None);
    assert_eq!(
        v.get("a").and_then(|a| a.get("b")),
        Some(&Value::Integer(1))
    );
}

#[test]
fn nested_indexing_and_get_mut() {
    let mut v = transit!({:props => {:pages => [{:name => "p1"}]}});
    assert_eq!(v["props"]["pages"][0]["name"], "p1");
    *v.get_mut("props")
        .and_then(|p| p.get_mut("pages"))
        .and_then(|p| p.get_mut(0))
        .and_then(|p| p.get_mut("name"))
        .unwrap() = "p2".into();
    assert_eq!(v["props"]["pages"][0]["name"], "p2");
    assert!(v.get_mut("missing").is_none());
    assert!(v["props"].get_mut(0).is_none());
    assert_eq!(v, transit!({:props => {:pages => [{:name => "p2"}]}}));
}

#[test]
fn get_mut_follows_the_same_rule() {
    let mut v = mixed();
    *v.get_mut("name").unwrap() = 1.into();
    *v.get_mut("only-string").unwrap() = 2.into();
    *v.get_mut(Value::from("name")).unwrap() = 3.into();
    *v.get_mut(ID).unwrap() = 4.into();
    assert_eq!(v[Keyword::new("name")], 1);
    assert_eq!(v[&Value::from("only-string")], 2);
    assert_eq!(v[&Value::from("name")], 3);
    assert_eq!(v[ID], 4);
}

#[test]
fn lookups_see_through_unknown_tags_but_not_extension_values() {
    let shape = transit!(#shape {:name => "Rect", :selrect => #rect {:x => 0, :y => 1.5}, :points => [#point {:x => 1, :y => 2}]});
    assert_eq!(shape["name"], "Rect");
    assert_eq!(shape["selrect"]["y"], 1.5);
    assert_eq!(shape["points"][0]["x"], 1);
    assert_eq!(shape.pointer("/points/0/y"), Some(&Value::Integer(2)));
    // The accessors look at the variant itself.
    assert!(shape.as_map().is_none());
    let mut shape = shape;
    shape["name"] = "Renamed".into();
    assert_eq!(shape.as_tagged().unwrap().rep()["name"], "Renamed");
    let ext = Value::Ext(Ext::new(Celsius(1.0)));
    assert!(ext[0].is_null());
    assert_eq!(ext.get("x"), None);
}

#[test]
fn assigning_inserts_as_documented() {
    let mut v = Value::Null;
    v["name"] = "x".into();
    v[Keyword::new("k")] = 1.into();
    v[&Value::from("s")] = 2.into();
    v[ID] = 3.into();
    v["nested"]["deeper"] = 4.into();
    assert_eq!(
        transit_format::to_string(&v).unwrap(),
        r#"["^ ","~:name","x","~:k",1,"s",2,"~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",3,"~:nested",["^ ","~:deeper",4]]"#
    );
    // A text key that is only a string in the map updates that string key.
    let mut v = transit!({"name" => 1});
    v["name"] = 2.into();
    assert_eq!(v, transit!({"name" => 2}));
    // ...and one that is both updates the keyword.
    let mut v = mixed();
    v["name"] = "changed".into();
    assert_eq!(v[Keyword::new("name")], "changed");
    assert_eq!(v[&Value::from("name")], "string");
    // Positions replace in place.
    let mut v = transit!([1, 2]);
    v[1] = 3.into();
    assert_eq!(v, transit!([1, 3]));
}

#[test]
#[should_panic(expected = "cannot access index 2 of an array of length 2")]
fn assigning_past_the_end_panics() {
    let mut v = transit!([1, 2]);
    v[2] = 3.into();
}

#[test]
#[should_panic(expected = "cannot access key \"a\" of an integer")]
fn assigning_a_key_into_a_scalar_panics() {
    let mut v = Value::Integer(1);
    v["a"] = 3.into();
}

#[test]
#[should_panic(expected = "cannot access index 0 of a map")]
fn assigning_a_position_into_a_map_panics() {
    let mut v = transit!({});
    v[0] = 3.into();
}

//////////////////////////////////////////////////////////////////////////////
// Pointer paths

#[test]
fn pointer_paths_follow_json_pointer() {
    let v = read(
        r#"["^ ","~:props",["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:pages",["p0","p1"],"a/b",1,"m~n",2,"~~1",3,"",4,"~:name","kw","name","str"],"~:list",["~#list",[10,11]]]"#,
    );
    assert_eq!(v.pointer(""), Some(&v));
    assert_eq!(
        v.pointer("/props/file-id").and_then(Value::as_uuid),
        Some(ID)
    );
    assert_eq!(v.pointer("/props/pages/1"), Some(&Value::from("p1")));
    assert_eq!(v.pointer("/list/1"), Some(&Value::Integer(11)));
    // `~1` is `/`, `~0` is `~`, and `~01` is `~1` (not `/`).
    assert_eq!(v.pointer("/props/a~1b"), Some(&Value::Integer(1)));
    assert_eq!(v.pointer("/props/m~0n"), Some(&Value::Integer(2)));
    assert_eq!(v.pointer("/props/~01"), Some(&Value::Integer(3)));
    assert_eq!(v.pointer("/props/"), Some(&Value::Integer(4)));
    // Keyword before string, as indexing.
    assert_eq!(v.pointer("/props/name"), Some(&Value::from("kw")));
    // No leading slash, positions with a leading zero or a sign, `-`, past the
    // end, and stepping into a scalar: nothing.
    assert_eq!(v.pointer("props"), None);
    assert_eq!(v.pointer("/props/pages/01"), None);
    assert_eq!(v.pointer("/props/pages/+1"), None);
    assert_eq!(v.pointer("/props/pages/-"), None);
    assert_eq!(v.pointer("/props/pages/2"), None);
    assert_eq!(v.pointer("/props/a~1b/x"), None);
    assert_eq!(v.pointer("/missing"), None);
}

#[test]
fn pointer_tokens_name_uuid_and_integer_keys() {
    let v = read(
        r#"["~#cmap",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",["^ ","~:name","by uuid"],12,"twelve",-3,"minus three"]]"#,
    );
    assert_eq!(
        v.pointer("/0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001/name"),
        Some(&Value::from("by uuid"))
    );
    assert_eq!(v.pointer("/12"), Some(&Value::from("twelve")));
    assert_eq!(v.pointer("/-3"), Some(&Value::from("minus three")));
    // Only the integer's plain form names it.
    assert_eq!(v.pointer("/012"), None);
    assert_eq!(v.pointer("/+12"), None);
}

#[test]
fn pointer_mut_changes_what_pointer_finds() {
    let mut v = transit!({:props => {:pages => ["p1"], "s" => 1}, ID => {:name => "x"}});
    *v.pointer_mut("/props/pages/0").unwrap() = "p2".into();
    *v.pointer_mut("/props/s").unwrap() = 2.into();
    *v.pointer_mut("/0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001/name")
        .unwrap() = "y".into();
    assert!(v.pointer_mut("/props/missing").is_none());
    assert!(v.pointer_mut("nope").is_none());
    *v.pointer_mut("").unwrap() = transit!({:all => "new", :was => (v.clone())});
    assert_eq!(
        v,
        transit!({:all => "new", :was => {:props => {:pages => ["p2"], "s" => 2}, ID => {:name => "y"}}})
    );
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn pointer_and_indexing_dig_into_a_penpot_file() {
    let dir = common::penpot_samples_dir();
    let text = std::fs::read_to_string(dir.join("get-file-not-empty.json")).expect("sample");
    let file = read(&text);
    let page = file["data"]["pages"][0].as_uuid().expect("a page id");
    let root = &file["data"]["pages-index"][page]["objects"][Uuid::nil()];
    assert_eq!(root["name"], "Root Frame");
    assert_eq!(root["type"].as_text(), Some("frame"));
    assert_eq!(root["transform"]["a"], 1.0);
    assert_eq!(
        file.pointer(&format!(
            "/data/pages-index/{page}/objects/00000000-0000-0000-0000-000000000000/name"
        )),
        Some(&Value::from("Root Frame"))
    );
    assert_eq!(file["name"], "New File 14");
    assert!(file["features"]
        .as_set()
        .unwrap()
        .contains(&"styles/v2".into()));
}

//////////////////////////////////////////////////////////////////////////////
// The macro

/// `transit!` and reading the Transit text give the same value, and the value
/// writes that text back.
macro_rules! same {
    ($text:expr, $($literal:tt)+) => {{
        let built = transit!($($literal)+);
        let text: &str = $text;
        assert_eq!(built, read(text), "{text}");
        assert_eq!(transit_format::to_string(&built).unwrap(), text);
    }};
}

#[test]
fn the_macro_builds_what_reading_gives() {
    same!(r#"["~#'",null]"#, null);
    same!(r#"["~#'",true]"#, true);
    same!(r#"["~#'",-7]"#, -7);
    same!(r#"["~#'",1764115200000]"#, 1764115200000);
    same!(r#"["~#'",-2.5]"#, -2.5);
    same!(r#"["~#'","text"]"#, "text");
    same!(r#"["~#'","~~:not a keyword"]"#, "~:not a keyword");
    same!(r#"["~#'","~cx"]"#, 'x');
    same!(r#"["~#'","~:name"]"#, :name);
    same!(r#"["~#'","~:file-id"]"#, :file-id);
    same!(r#"["~#'","~:penpot/shape"]"#, :penpot/shape);
    same!(r#"["~#'","~:fdata/path-data"]"#, :fdata/path-data);
    same!(r#"["~#'","~:valid?"]"#, :valid?);
    same!(r#"["~#'","~:type"]"#, :type);
    same!(r#"["~#'","~:h-1"]"#, :h-1);
    same!(r#"["~#'","~:any text at all"]"#, :"any text at all");
    same!("[]", []);
    same!("[1,-2,null,[3]]", [1, -2, null, [3]]);
    same!("[1,2]", [1, 2,]);
    same!(r#"["^ "]"#, {});
    same!(
        r#"["^ ","~:name","x","~:props",["^ ","~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"]]"#,
        {:name => "x", :props => {:id => #uuid "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"}}
    );
    same!(r#"["^ ","name","x","~i1",2]"#, {"name" => "x", 1 => 2});
    same!(r#"["~#cmap",[[1,2],"pair","~:k",-1]]"#, {[1, 2] => "pair", :k => -1});
    same!(r#"["~#cmap",[["~#set",[1]],"set"]]"#, {#{1} => "set"});
    same!(r#"["~#set",["a","b"]]"#, #{"a", "b"});
    same!(r#"["~#set",["a","b"]]"#, #set ["a", "b"]);
    same!(r#"["~#set",[]]"#, #{});
    same!(r#"["~#list",["~:a",1]]"#, #list [:a, 1]);
    same!(
        r#"["~#'","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"]"#,
        #uuid "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"
    );
    same!(
        r#"["~#'","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"]"#,
        #u "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"
    );
    same!(r#"["~#'","~m1764115200000"]"#, #inst "2025-11-26T00:00:00Z");
    same!(r#"["~#'","~m1764115200123"]"#, #t "2025-11-26T00:00:00.123Z");
    same!(r#"["~#'","~m1764115200000"]"#, #m 1764115200000);
    same!(r#"["~#'","~rhttps://penpot.app"]"#, #uri "https://penpot.app");
    same!(r#"["~#'","~bAQI="]"#, #bytes "AQI=");
    same!(r#"["~#'","~n12"]"#, #n "12");
    same!(r#"["~#'","~f1.50"]"#, #f "1.50");
    same!(r#"["~#'","~zNaN"]"#, #z "NaN");
    // `~i5` reads as the integer 5, which is written `5`.
    assert_eq!(transit!(#i "5"), read(r#"["~#'","~i5"]"#));
    same!(r#"["~#cmap",[[1],2]]"#, #cmap [[1], 2]);
    same!(
        r#"["~#link",["^ ","rel","self","href","~rhttp://a"]]"#,
        #link {"href" => "http://a", "rel" => "self"}
    );
    same!(r#"["~#point",["^ ","~:x",1.0,"~:y",-2]]"#, #point {:x => 1.0, :y => -2});
    same!(r#"["~#point",-1]"#, #point -1);
    same!(
        r#"["~#penpot/pointer",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",["^ ","~:created-at","~m1713873823636"]]]"#,
        #penpot/pointer [#uuid "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001", {:created-at => #m 1713873823636}]
    );
    same!(r#"["~#penpot/path-data","~bAQI="]"#, #penpot/path-data #bytes "AQI=");
    same!(r#"["~#penpot/objects-map/v2",["^ "]]"#, #penpot/objects-map/v2 {});
    same!(r#"["~#a.b",[]]"#, #a.b []);
    same!(r#"["~#x",["~#y",1]]"#, #x #y 1);
}

#[test]
fn the_macro_takes_rust_expressions() {
    let id = ID;
    let name = String::from("Q4");
    let at = instant(1_764_115_200_000);
    let tags: Set = ["a".into()].into_iter().collect();
    let n = 3;
    let built = transit!({
        :id => id,
        :name => name.clone(),
        :at => at,
        :tags => tags,
        :sum => (n + 1),
        :maybe => (None::<i64>),
        :some => (Some("x")),
        :kw => (Keyword::new("k")),
        :sym => (Symbol::new("inc")),
        :small => (1u8),
        :big => (u64::MAX),
        id => "uuid key",
        (name.as_str()) => "string key from an expression",
        :nested => [id, {:inner => name}],
    });
    let expected = read(
        r#"["~#cmap",["~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:name","Q4","~:at","~m1764115200000","~:tags",["~#set",["a"]],"~:sum",4,"~:maybe",null,"~:some","x","~:kw","~:k","~:sym","~$inc","~:small",1,"~:big","~n18446744073709551615","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","uuid key","Q4","string key from an expression","~:nested",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",["^ ","~:inner","Q4"]]]]"#,
    );
    assert_eq!(built, expected);
}

#[test]
fn the_macro_keeps_the_first_place_and_last_value_of_a_repeated_key() {
    let built = transit!({:a => 1, :b => 2, :a => 3});
    assert_eq!(built, read(r#"["^ ","~:a",1,"~:b",2,"~:a",3]"#));
    assert_eq!(
        transit_format::to_string(&built).unwrap(),
        r#"["^ ","~:a",3,"~:b",2]"#
    );
    let set = transit!(#{1, 2, 1});
    assert_eq!(
        transit_format::to_string(&set).unwrap(),
        r#"["~#set",[1,2]]"#
    );
}

#[test]
fn long_literals_stay_within_the_default_recursion_limit() {
    let array = transit!([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
        48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70,
        71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93,
        94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
        113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130,
        131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148,
        149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166,
        167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184,
        185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199
    ]);
    assert_eq!(array, (0..200).collect::<Value>());
    let map = transit!({:key-a0 => 0, :key-b1 => 1, :key-c2 => 2, :key-d3 => 3, :key-e4 => 4, :key-f5 => 5, :key-g6 => 6, :key-h7 => 7, :key-i8 => 8, :key-j9 => 9, :key-k10 => 10, :key-l11 => 11, :key-m12 => 12, :key-n13 => 13, :key-o14 => 14, :key-p15 => 15, :key-q16 => 16, :key-r17 => 17, :key-s18 => 18, :key-t19 => 19, :key-u20 => 20, :key-v21 => 21, :key-w22 => 22, :key-x23 => 23, :key-y24 => 24, :key-z25 => 25, :key-a26 => 26, :key-b27 => 27, :key-c28 => 28, :key-d29 => 29, :key-e30 => 30, :key-f31 => 31, :key-g32 => 32, :key-h33 => 33, :key-i34 => 34, :key-j35 => 35, :key-k36 => 36, :key-l37 => 37, :key-m38 => 38, :key-n39 => 39, :key-o40 => 40, :key-p41 => 41, :key-q42 => 42, :key-r43 => 43, :key-s44 => 44, :key-t45 => 45, :key-u46 => 46, :key-v47 => 47, :key-w48 => 48, :key-x49 => 49, :key-y50 => 50, :key-z51 => 51, :key-a52 => 52, :key-b53 => 53, :key-c54 => 54, :key-d55 => 55, :key-e56 => 56, :key-f57 => 57, :key-g58 => 58, :key-h59 => 59, :key-i60 => 60, :key-j61 => 61, :key-k62 => 62, :key-l63 => 63, :key-m64 => 64, :key-n65 => 65, :key-o66 => 66, :key-p67 => 67, :key-q68 => 68, :key-r69 => 69, :key-s70 => 70, :key-t71 => 71, :key-u72 => 72, :key-v73 => 73, :key-w74 => 74, :key-x75 => 75, :key-y76 => 76, :key-z77 => 77, :key-a78 => 78, :key-b79 => 79, :key-c80 => 80, :key-d81 => 81, :key-e82 => 82, :key-f83 => 83, :key-g84 => 84, :key-h85 => 85, :key-i86 => 86, :key-j87 => 87, :key-k88 => 88, :key-l89 => 89, :key-m90 => 90, :key-n91 => 91, :key-o92 => 92, :key-p93 => 93, :key-q94 => 94, :key-r95 => 95, :key-s96 => 96, :key-t97 => 97, :key-u98 => 98, :key-v99 => 99});
    assert_eq!(map.as_map().map(Map::len), Some(100));
    assert_eq!(map["key-v99"], 99);
    let keywords = transit!([:kw-a0, :kw-b1, :kw-c2, :kw-d3, :kw-e4, :kw-f5, :kw-g6, :kw-h7, :kw-i8, :kw-j9, :kw-k10, :kw-l11, :kw-m12, :kw-n13, :kw-o14, :kw-p15, :kw-q16, :kw-r17, :kw-s18, :kw-t19, :kw-u20, :kw-v21, :kw-w22, :kw-x23, :kw-y24, :kw-z25, :kw-a26, :kw-b27, :kw-c28, :kw-d29, :kw-e30, :kw-f31, :kw-g32, :kw-h33, :kw-i34, :kw-j35, :kw-k36, :kw-l37, :kw-m38, :kw-n39, :kw-o40, :kw-p41, :kw-q42, :kw-r43, :kw-s44, :kw-t45, :kw-u46, :kw-v47, :kw-w48, :kw-x49, :kw-y50, :kw-z51, :kw-a52, :kw-b53, :kw-c54, :kw-d55, :kw-e56, :kw-f57, :kw-g58, :kw-h59, :kw-i60, :kw-j61, :kw-k62, :kw-l63, :kw-m64, :kw-n65, :kw-o66, :kw-p67, :kw-q68, :kw-r69, :kw-s70, :kw-t71, :kw-u72, :kw-v73, :kw-w74, :kw-x75, :kw-y76, :kw-z77, :kw-a78, :kw-b79, :kw-c80, :kw-d81, :kw-e82, :kw-f83, :kw-g84, :kw-h85, :kw-i86, :kw-j87, :kw-k88, :kw-l89, :kw-m90, :kw-n91, :kw-o92, :kw-p93, :kw-q94, :kw-r95, :kw-s96, :kw-t97, :kw-u98, :kw-v99]);
    assert_eq!(keywords.as_array().map(<[_]>::len), Some(100));
    assert_eq!(keywords[99], Keyword::new("kw-v99"));
}

#[test]
#[should_panic(expected = "transit!: #inst \"nope\": invalid rep")]
fn the_macro_panics_where_reading_fails() {
    let _ = transit!(#inst "nope");
}

#[test]
fn the_macro_keeps_uuid_text_as_reading_does() {
    // Reading keeps `~u` text that is not a uuid; so does the macro.
    assert_eq!(transit!(#uuid "nope"), read(r#"["~#'","~unope"]"#));
}

#[test]
#[should_panic(expected = "transit!: #set 1")]
fn the_macro_panics_on_a_set_that_is_not_an_array() {
    let _ = transit!(#set 1);
}

//////////////////////////////////////////////////////////////////////////////
// serde_json

#[test]
fn to_json_is_the_plain_view() {
    let v = read(
        r#"["^ ","~:name","x","~:penpot/type","~:penpot/rect","~:sym","~$clojure.core/inc","~:id","~u0E5C3C8A-0D2A-8035-8004-2B1CF9B0A001","~:at","~m1764115200000","~:at-ms","~m1764115200123","~:uri","~rhttps://penpot.app","~:c","~cx","~:bytes","~bAQI=","~:set",["~#set",[1,"a"]],"~:list",["~#list",[true,null]],"~:float",2.5,"~:whole",2.0,"~:int",-3,"~:big","~n123456789012345678901234567890","~:big-small","~n12","~:dec","~f1.50","~:point",["~#point",["^ ","~:x",1,"~:y",2]],"~:link",["~#link",["^ ","href","~rhttp://a","rel","self","name","home"]]]"#,
    );
    assert_eq!(
        v.to_json(),
        json!({
            "name": "x",
            "penpot/type": "penpot/rect",
            "sym": "clojure.core/inc",
            "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
            "at": "2025-11-26T00:00:00Z",
            "at-ms": "2025-11-26T00:00:00.123Z",
            "uri": "https://penpot.app",
            "c": "x",
            "bytes": "AQI=",
            "set": [1, "a"],
            "list": [true, null],
            "float": 2.5,
            "whole": 2.0,
            "int": -3,
            "big": "123456789012345678901234567890",
            "big-small": 12,
            "dec": "1.50",
            "point": {"x": 1, "y": 2},
            "link": {"href": "http://a", "rel": "self", "name": "home"},
        })
    );
    assert_eq!(serde_json::Value::from(&v), v.to_json());
    assert_eq!(serde_json::Value::from(v.clone()), v.to_json());
    let ext = Value::Ext(Ext::new(Celsius(21.5)));
    assert_eq!(ext.to_json(), json!(21.5));
}

#[test]
fn to_json_turns_floats_json_cannot_hold_into_null() {
    let v = read(r#"["~zNaN","~zINF","~z-INF",-0.0]"#);
    assert_eq!(v.to_json(), json!([null, null, null, -0.0]));
}

#[test]
fn to_json_big_integers_are_numbers_within_64_bits() {
    let v = transit!([
        (Value::from(u64::MAX)),
        (Value::from(i64::MIN)),
        (Value::from(i128::from(i64::MIN) - 1)),
        (Value::from(u128::MAX)),
    ]);
    assert_eq!(
        v.to_json(),
        json!([
            u64::MAX,
            i64::MIN,
            "-9223372036854775809",
            "340282366920938463463374607431768211455"
        ])
    );
}

#[test]
fn to_json_writes_keys_as_their_text() {
    let v = read(
        r#"["~#cmap",[1,"int",null,"null",true,"bool",2.5,"float",[1,"a"],"array",["^ ","~:k",1],"map",["~#set",[1]],"set","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","uuid","~:ns/kw","keyword","~m0","instant"]]"#,
    );
    assert_eq!(
        v.to_json(),
        json!({
            "1": "int",
            "null": "null",
            "true": "bool",
            "2.5": "float",
            "[1,\"a\"]": "array",
            "{\"k\":1}": "map",
            "[1]": "set",
            "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001": "uuid",
            "ns/kw": "keyword",
            "1970-01-01T00:00:00Z": "instant",
        })
    );
}

#[test]
fn to_json_keys_of_the_same_text_are_all_kept_in_their_transit_text() {
    // Nothing is lost silently: a map whose keys would collide as plain text
    // writes every key as its Transit map-key text, which no two keys share.
    let v = read(r#"["^ ","~:name","keyword","name","string"]"#);
    assert_eq!(v.to_json(), json!({"~:name": "keyword", "name": "string"}));
    let v = read(r#"["^ ","name","string","~:name","keyword"]"#);
    assert_eq!(v.to_json(), json!({"name": "string", "~:name": "keyword"}));
}

#[test]
fn from_json_keeps_json_types_and_string_keys() {
    let json = json!({
        "name": "x",
        "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
        "esc": "~:not-a-keyword",
        "nums": [1, -1, 2.5, u64::MAX, i64::MIN],
        "nested": {"a": [true, null]},
    });
    let v = Value::from(&json);
    assert_eq!(
        v,
        transit!({
            "name" => "x",
            "id" => "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
            "esc" => "~:not-a-keyword",
            "nums" => [1, -1, 2.5, (u64::MAX), (i64::MIN)],
            "nested" => {"a" => [true, null]},
        })
    );
    assert!(v["nums"][3].is_big_int());
    assert!(v["id"].is_string());
    assert_eq!(Value::from(json.clone()), v);
    // Keys in the object's order (serde_json's map sorts them unless its
    // `preserve_order` feature is on).
    let keys: Vec<&Value> = v.as_map().unwrap().keys().collect();
    let json_keys: Vec<Value> = json
        .as_object()
        .unwrap()
        .keys()
        .map(|k| Value::from(k.as_str()))
        .collect();
    assert_eq!(keys, json_keys.iter().collect::<Vec<_>>());
}

#[test]
fn json_subset_round_trips_exactly() {
    let v = transit!({"a" => [1, -2, 2.5, null, true, "s"], "b" => {"c" => []}, "d" => {}});
    assert_eq!(Value::from(v.to_json()), v);
    let json = json!({"a": [1, {"b": null}], "c": 0.25});
    assert_eq!(Value::from(&json).to_json(), json);
}

#[test]
fn the_plain_view_loses_types_and_keywordize_keys_restores_keys() {
    let v = transit!({:name => "x", :id => #uuid "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001", :tags => #{"a"}, :at => #m 0});
    let back = Value::from(v.to_json());
    assert_ne!(back, v);
    assert_eq!(
        back,
        transit!({"at" => "1970-01-01T00:00:00Z", "id" => "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001", "name" => "x", "tags" => ["a"]})
    );
    let keyed = back.keywordize_keys();
    assert_eq!(
        keyed,
        transit!({:at => "1970-01-01T00:00:00Z", :id => "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001", :name => "x", :tags => ["a"]})
    );
    // The typed props of a webhook event still read the text back as a uuid.
    assert_eq!(
        keyed["id"].as_str().map(|s| s.parse::<Uuid>().unwrap()),
        Some(ID)
    );
}

#[test]
fn keywordize_keys_goes_into_every_collection() {
    let v = transit!({"a" => [{"b" => 1}], "s" => #{{"c" => 2}}, "l" => #list [{"d" => 3}], "t" => #point {"x" => 4}, 1 => {"e" => 5}, :k => {"f" => 6}});
    assert_eq!(
        v.keywordize_keys(),
        transit!({:a => [{:b => 1}], :s => #{{:c => 2}}, :l => #list [{:d => 3}], :t => #point {:x => 4}, 1 => {:e => 5}, :k => {:f => 6}})
    );
    // A string key meeting its keyword: the later value, in the first place.
    let v = transit!({:a => 1, "b" => 2, "a" => 3});
    let k = v.keywordize_keys();
    assert_eq!(
        transit_format::to_string(&k).unwrap(),
        r#"["^ ","~:a",3,"~:b",2]"#
    );
}

//////////////////////////////////////////////////////////////////////////////
// From and TryFrom

#[test]
fn from_gives_the_variant_of_each_rust_type() {
    assert_eq!(Value::from(1i8), Value::Integer(1));
    assert_eq!(Value::from(1u32), Value::Integer(1));
    assert_eq!(Value::from(-1isize), Value::Integer(-1));
    assert_eq!(Value::from(1usize), Value::Integer(1));
    assert_eq!(Value::from(1i128), Value::Integer(1));
    assert_eq!(
        Value::from(u64::MAX),
        read(r#"["~#'","~n18446744073709551615"]"#)
    );
    assert_eq!(
        Value::from(i128::MIN),
        Value::BigInt(BigInt::from(i128::MIN))
    );
    assert_eq!(
        Value::from(u128::MAX),
        Value::BigInt(BigInt::from(u128::MAX))
    );
    assert_eq!(Value::from(0.5f32), Value::Float(0.5));
    assert_eq!(Value::from(true), Value::Bool(true));
    assert_eq!(Value::from('x'), Value::Char('x'));
    assert_eq!(Value::from("s"), Value::String("s".into()));
    assert_eq!(Value::from(String::from("s")), Value::from("s"));
    assert_eq!(Value::from(&String::from("s")), Value::from("s"));
    assert_eq!(
        Value::from(std::borrow::Cow::Borrowed("s")),
        Value::from("s")
    );
    assert_eq!(Value::from(Arc::<str>::from("s")), Value::from("s"));
    assert_eq!(Value::from(Box::<str>::from("s")), Value::from("s"));
    assert_eq!(Value::from(Keyword::new("k")), Value::keyword("k"));
    assert_eq!(Value::from(&Keyword::new("k")), Value::keyword("k"));
    assert_eq!(Value::from(Symbol::new("s")), Value::symbol("s"));
    assert_eq!(Value::from(ID), Value::Uuid(ID));
    assert_eq!(Value::from(instant(0)), Value::Instant(instant(0)));
    assert_eq!(Value::from(Uri::new("u")), Value::Uri(Uri::new("u")));
    assert_eq!(
        Value::from(BigDecimal::parse("1.5").unwrap()),
        read(r#"["~#'","~f1.5"]"#)
    );
    assert_eq!(
        Value::from(vec![1u8, 2].into_boxed_slice()),
        read(r#"["~#'","~bAQI="]"#)
    );
    assert_eq!(Value::from(vec![Value::Null]), transit!([null]));
    assert_eq!(
        Value::from(vec![Value::Null].into_boxed_slice()),
        transit!([null])
    );
    assert_eq!(Value::from(List(vec![1, 2])), transit!(#list [1, 2]));
    assert_eq!(Value::from(Map::new()), transit!({}));
    assert_eq!(Value::from(Set::new()), transit!(#{}));
    assert_eq!(
        Value::from(Link::new(Uri::new("http://a"), "self")),
        read(r#"["~#link",["^ ","href","~rhttp://a","rel","self"]]"#)
    );
    assert_eq!(
        Value::from(Tagged::new("point", transit!([1]))),
        transit!(#point [1])
    );
    assert!(Value::from(Ext::new(Celsius(1.0))).is_ext());
    assert_eq!(Value::from(Some(1)), Value::Integer(1));
    assert_eq!(Value::from(None::<i32>), Value::Null);
    assert_eq!(Value::from(()), Value::Null);
    assert_eq!((1..=2).collect::<Value>(), transit!([1, 2]));
    assert_eq!(
        [("a", 1), ("b", 2)]
            .into_iter()
            .map(|(k, v)| (Value::keyword(k), v))
            .collect::<Value>(),
        transit!({:a => 1, :b => 2})
    );
}

#[test]
fn try_from_takes_what_the_variant_holds() {
    let each: std::collections::HashMap<_, _> = one_of_each().into_iter().collect();
    assert!(bool::try_from(&each["bool"]).unwrap());
    assert_eq!(i64::try_from(&each["integer"]), Ok(7));
    assert_eq!(u8::try_from(each["integer"].clone()), Ok(7));
    assert_eq!(f64::try_from(&each["float"]), Ok(2.5));
    assert_eq!(f64::try_from(&each["integer"]), Ok(7.0));
    assert_eq!(char::try_from(&each["char"]), Ok('x'));
    assert_eq!(Uuid::try_from(&each["uuid"]), Ok(ID));
    assert_eq!(
        DateTime::<Utc>::try_from(each["instant"].clone()),
        Ok(instant(1_764_115_200_000))
    );
    assert_eq!(String::try_from(&each["string"]).as_deref(), Ok("text"));
    assert_eq!(<&str>::try_from(&each["string"]), Ok("text"));
    assert_eq!(
        Arc::<str>::try_from(each["string"].clone()).as_deref(),
        Ok("text")
    );
    assert_eq!(
        Keyword::try_from(&each["keyword"]),
        Ok(Keyword::new("rect"))
    );
    assert_eq!(
        <&Keyword>::try_from(&each["keyword"]),
        Ok(&Keyword::new("rect"))
    );
    assert_eq!(
        Symbol::try_from(each["symbol"].clone()),
        Ok(Symbol::new("inc"))
    );
    assert_eq!(
        Uri::try_from(&each["uri"]),
        Ok(Uri::new("https://penpot.app"))
    );
    assert_eq!(
        BigInt::try_from(&each["big_int"]).map(|n| n.to_string()),
        Ok("123456789012345678901234567890".to_owned())
    );
    assert_eq!(
        i128::try_from(&each["big_int"]),
        Ok(123_456_789_012_345_678_901_234_567_890)
    );
    assert_eq!(
        BigDecimal::try_from(each["big_decimal"].clone()).map(|d| d.to_string()),
        Ok("1.50".to_owned())
    );
    assert_eq!(Vec::<u8>::try_from(&each["bytes"]), Ok(vec![1, 2]));
    assert_eq!(
        Box::<[u8]>::try_from(each["bytes"].clone()).as_deref(),
        Ok(&[1u8, 2][..])
    );
    assert_eq!(<&[u8]>::try_from(&each["bytes"]), Ok(&[1u8, 2][..]));
    assert_eq!(
        Vec::<Value>::try_from(each["list"].clone()),
        Ok(vec![1.into(), 2.into()])
    );
    assert_eq!(<&[Value]>::try_from(&each["array"]).map(<[_]>::len), Ok(2));
    assert_eq!(Map::try_from(&each["map"]).map(|m| m.len()), Ok(1));
    assert_eq!(<&Map>::try_from(&each["map"]).map(Map::len), Ok(1));
    assert_eq!(Set::try_from(each["set"].clone()).map(|s| s.len()), Ok(2));
    assert_eq!(<&Set>::try_from(&each["set"]).map(Set::len), Ok(2));
    assert_eq!(
        Link::try_from(&each["link"]).map(|l| l.rel),
        Ok("self".to_owned())
    );
    assert_eq!(
        Tagged::<Value>::try_from(each["tagged"].clone()).map(|t| t.tag().to_owned()),
        Ok("point".to_owned())
    );
    assert!(Ext::try_from(&each["ext"]).is_ok());
    assert_eq!(u64::try_from(Value::from(u64::MAX)), Ok(u64::MAX));
}

#[test]
fn try_from_fails_with_what_it_wanted_and_found() {
    let err = Uuid::try_from(&Value::from("0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001")).unwrap_err();
    assert_eq!(err.expected(), "a uuid");
    assert_eq!(err.found(), "a string");
    assert_eq!(err.to_string(), "expected a uuid, found a string");
    let cases: Vec<(TryFromValueError, &str)> = vec![
        (
            u8::try_from(Value::Integer(256)).unwrap_err(),
            "expected a u8, found the integer 256",
        ),
        (
            u64::try_from(&Value::Integer(-1)).unwrap_err(),
            "expected a u64, found the integer -1",
        ),
        (
            i64::try_from(&Value::from(u64::MAX)).unwrap_err(),
            "expected an i64, found the big integer 18446744073709551615",
        ),
        (
            i64::try_from(&Value::Float(1.0)).unwrap_err(),
            "expected an i64, found a float",
        ),
        (
            f64::try_from(&Value::from("1")).unwrap_err(),
            "expected a number, found a string",
        ),
        (
            bool::try_from(Value::Null).unwrap_err(),
            "expected a boolean, found a null",
        ),
        (
            String::try_from(Value::keyword("k")).unwrap_err(),
            "expected a string, found a keyword",
        ),
        (
            <&str>::try_from(&Value::keyword("k")).unwrap_err(),
            "expected a string, found a keyword",
        ),
        (
            Keyword::try_from(&Value::from("k")).unwrap_err(),
            "expected a keyword, found a string",
        ),
        (
            Map::try_from(transit!(#point {})).unwrap_err(),
            "expected a map, found a tagged value",
        ),
        (
            Vec::<Value>::try_from(transit!(#{1})).unwrap_err(),
            "expected an array, found a set",
        ),
        (
            DateTime::<Utc>::try_from(&Value::Integer(0)).unwrap_err(),
            "expected an instant, found the integer 0",
        ),
        (
            char::try_from(&Value::from("x")).unwrap_err(),
            "expected a char, found a string",
        ),
        (
            Uuid::try_from(&Value::Instant(instant(0))).unwrap_err(),
            "expected a uuid, found an instant",
        ),
        (
            Map::try_from(transit!([1])).unwrap_err(),
            "expected a map, found an array",
        ),
    ];
    for (err, message) in cases {
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn try_from_errors_convert_into_the_crate_error() {
    fn name(v: &Value) -> transit_format::Result<String> {
        Ok(String::try_from(&v["name"])?)
    }
    assert_eq!(name(&transit!({:name => "x"})).unwrap(), "x");
    let err = name(&transit!({:name => 1})).unwrap_err();
    assert!(err.is_data(), "{err:?}");
    assert!(
        err.to_string()
            .contains("expected a string, found the integer 1"),
        "{err}"
    );
}

#[test]
fn values_compare_with_plain_rust_values() {
    let v = transit!({:s => "x", :k => :x, :i => 3, :f => 2.5, :b => true, :u => (ID)});
    assert_eq!(v["s"], "x");
    assert_eq!(v["s"], *"x");
    assert_eq!(v["s"], String::from("x"));
    assert_eq!("x", v["s"]);
    assert_eq!(String::from("x"), v["s"]);
    assert_ne!(v["k"], "x");
    assert_eq!(v["k"], Keyword::new("x"));
    assert_eq!(v["i"], 3);
    assert_eq!(v["i"], 3u8);
    assert_eq!(3i64, v["i"]);
    assert_eq!(v["i"], 3.0);
    assert_ne!(v["i"], 4);
    assert_eq!(v["f"], 2.5);
    assert_ne!(v["f"], 2);
    assert_eq!(v["b"], true);
    assert_eq!(v["u"], ID);
    assert_ne!(Value::Float(f64::NAN), f64::NAN);
}

#[test]
fn map_lookups_by_text_do_not_confuse_keywords_and_strings() {
    let v = mixed();
    let map = v.as_map().unwrap();
    assert_eq!(map.get_keyword("name"), Some(&Value::from("keyword")));
    assert_eq!(map.get_str("name"), Some(&Value::from("string")));
    assert_eq!(map.get_keyword("only-string"), None);
    assert_eq!(map.get_str("only-keyword"), None);
    // Large maps keep a hash index: the lookups by text must hash as the keys do.
    let large: Map = (0..100)
        .flat_map(|i| {
            [
                (Value::keyword(&format!("k{i}")), Value::Integer(i)),
                (Value::from(format!("s{i}")), Value::Integer(-i)),
            ]
        })
        .collect();
    let mut large = Value::Map(large);
    for i in 0..100 {
        assert_eq!(large[format!("k{i}")], i);
        assert_eq!(large[format!("s{i}")], -i);
        assert_eq!(large.as_map().unwrap().get_str(&format!("k{i}")), None);
    }
    large["s5"] = 500.into();
    *large.as_map_mut().unwrap().get_keyword_mut("k5").unwrap() = 50.into();
    *large.as_map_mut().unwrap().get_str_mut("s6").unwrap() = 600.into();
    for (_, value) in large.as_map_mut().unwrap().iter_mut().take(1) {
        *value = 1000.into();
    }
    if let Some(last) = large.as_map_mut().unwrap().values_mut().last() {
        *last = 2000.into();
    }
    assert_eq!(large["k0"], 1000);
    assert_eq!(large["s5"], 500);
    assert_eq!(large["k5"], 50);
    assert_eq!(large["s6"], 600);
    assert_eq!(large["s99"], 2000);
}

// ---------------------------------------------------------------------------
// serde_json's and rmp-serde's habits

#[test]
fn arrays_grow_and_shrink_through_as_array_mut() {
    // The mutable API is a guard over the boxed slice: a `Value` stays 24 bytes.
    assert_eq!(std::mem::size_of::<Value>(), 24);
    // The wide tag (`repr(u64)`) leaves unused tag values: an `Option` costs nothing.
    assert_eq!(std::mem::size_of::<Option<Value>>(), 24);
    let mut v = transit!([1, 2, 3]);
    v.as_array_mut().unwrap().push(4.into());
    {
        let mut items = v.as_array_mut().unwrap();
        items.insert(0, 0.into());
        assert_eq!(items.remove(2), Value::from(2));
        items.retain(|x| x != &Value::from(3));
        for x in &mut items {
            *x = Value::from(x.as_i64().unwrap() * 10);
        }
        assert_eq!(items.len(), 3);
    }
    assert_eq!(v, transit!([0, 10, 40]));
    // Lists too, and a list stays a list.
    let mut list = transit!(#list [1]);
    list.as_array_mut().unwrap().push(2.into());
    assert_eq!(list, transit!(#list [1, 2]));
    assert!(transit!({}).as_array_mut().is_none());
    // The value is whole again after the guard, even when emptied.
    let mut v = transit!([1]);
    v.as_array_mut().unwrap().clear();
    assert_eq!(v, transit!([]));
}

#[test]
fn map_entry_retain_and_remove_keep_order_and_lookups() {
    // Large enough to be indexed (more than 32 entries), with keyword and string
    // keys of the same text.
    let mut map: Map = (0..200)
        .flat_map(|i| {
            [
                (Value::keyword(&format!("k{i}")), Value::Integer(i)),
                (Value::from(format!("k{i}")), Value::Integer(-i)),
            ]
        })
        .collect();
    for i in (0..200).step_by(3) {
        assert_eq!(
            map.remove(&Value::keyword(&format!("k{i}"))),
            Some(Value::Integer(i))
        );
    }
    // Every remaining key is found where it is, in the order of insertion.
    let keys: Vec<String> = map.keys().map(|k| format!("{k}")).collect();
    let mut expected = Vec::new();
    for i in 0..200 {
        if i % 3 != 0 {
            expected.push(format!(":k{i}"));
        }
        expected.push(format!("\"k{i}\""));
    }
    assert_eq!(keys, expected);
    for i in 0..200 {
        assert_eq!(map.get_str(&format!("k{i}")), Some(&Value::Integer(-i)));
        let keyword = map.get_keyword(&format!("k{i}"));
        assert_eq!(keyword, (i % 3 != 0).then_some(&Value::Integer(i)));
    }
    // entry: present, absent, and removal through it.
    *map.entry(Value::keyword("k1")).or_insert(Value::Null) = Value::from("one");
    assert_eq!(map.get_keyword("k1"), Some(&Value::from("one")));
    map.entry(Value::keyword("new"))
        .or_insert_with(|| Value::from(7));
    assert_eq!(map.keys().last(), Some(&Value::keyword("new")));
    if let MapEntry::Occupied(entry) = map.entry(Value::from("k0")) {
        assert_eq!(entry.remove(), Value::Integer(0));
    } else {
        panic!("\"k0\" is there");
    }
    assert_eq!(map.get_str("k0"), None);
    // retain down to below the indexed size, then lookups still work.
    map.retain(|k, _| matches!(k, Value::String(s) if s.len() == 2));
    assert_eq!(map.len(), 9);
    for i in 1..10 {
        assert_eq!(map.get_str(&format!("k{i}")), Some(&Value::Integer(-i)));
    }
    // Removing down past the index's threshold one by one.
    let mut big: Map = (0..40).map(|i| (Value::from(i), Value::from(i))).collect();
    for i in 0..40 {
        assert_eq!(big.remove(&Value::from(i)), Some(Value::from(i)));
        for j in i + 1..40 {
            assert_eq!(big.get(&Value::from(j)), Some(&Value::from(j)), "{i} {j}");
        }
    }
    assert!(big.is_empty());
    // swap_remove: the last entry takes the place of the removed one.
    let mut big: Map = (0..100).map(|i| (Value::from(i), Value::from(i))).collect();
    for i in 0..100 {
        assert_eq!(big.swap_remove(&Value::from(i)), Some(Value::from(i)));
        assert_eq!(big.len(), 99 - i as usize);
        for j in i + 1..100 {
            assert_eq!(big.get(&Value::from(j)), Some(&Value::from(j)), "{i} {j}");
        }
    }
    assert_eq!(big.swap_remove(&Value::from(0)), None);
}

#[test]
fn value_parses_and_lends_itself_to_deserialize() {
    use serde::Deserialize;
    let v: Value = r#"["^ ","~:name","x","~:ids",[1,2],"~:at","~m0"]"#.parse().unwrap();
    assert_eq!(v["name"], "x");
    assert!("[1,".parse::<Value>().unwrap_err().is_eof());
    assert_eq!(i64::deserialize(&v["ids"][1]).unwrap(), 2);
    assert_eq!(<&str>::deserialize(&v["name"]).unwrap(), "x");
    assert_eq!(Vec::<u8>::deserialize(&v["ids"]).unwrap(), [1, 2]);
    #[derive(Deserialize, Debug, PartialEq)]
    struct Record {
        name: String,
        ids: Vec<i64>,
        at: DateTime<Utc>,
    }
    let record = Record::deserialize(&v).unwrap();
    assert_eq!(record.name, "x");
    assert_eq!(record.at, DateTime::<Utc>::UNIX_EPOCH);
    assert_eq!(record.ids, [1, 2]);
    // The same as from_value on the owned value; `v` is still there.
    let owned: (String, Vec<i64>) =
        transit_format::from_value(transit!([v["name"].clone(), v["ids"].clone()])).unwrap();
    assert_eq!((record.name, record.ids), owned);
    assert!(i64::deserialize(&v["name"]).is_err());
    assert_eq!(Value::string(String::from("x")), v["name"]);
}

/// `&Value` as a `Deserializer` lends its strings and bytes: `&str`, `&[u8]` and
/// borrowed `Cow` fields point into the value, and what is read follows the same
/// rules as `from_value` on the owned value.
#[test]
fn a_borrowed_value_lends_its_strings_to_deserialize() {
    use serde::Deserialize;
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Kind<'a> {
        File,
        Page(&'a str),
        Shape { name: &'a str },
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Doc<'a> {
        name: &'a str,
        #[serde(borrow)]
        title: Cow<'a, str>,
        kind: &'a str,
        sym: &'a str,
        data: &'a [u8],
        tags: Vec<&'a str>,
        #[serde(borrow)]
        counts: BTreeMap<&'a str, i64>,
        #[serde(borrow)]
        kinds: Vec<Kind<'a>>,
        point: Point<'a>,
        rest: Value,
        missing: Option<&'a str>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Point<'a> {
        label: &'a str,
        x: i64,
    }

    let v = read(
        r#"["^ ","~:name","x","~:title","Title","~:kind","~:file","~:sym","~$s","~:data","~bAQID",
            "~:tags",["~#set",["a"]],"~:counts",["^ ","~:k",1,"s",2],
            "~:kinds",["~:file",["^ ","~:page","p1"],["^ ","~:shape",["^ ","~:name","r"]]],
            "~:point",["~#point",["^ ","~:label","P","~:x",3]],
            "~:rest",["~#list",[1,"~:b"]],"~:missing",null]"#,
    );
    let doc = Doc::deserialize(&v).unwrap();
    assert_eq!(doc.name, "x");
    assert!(matches!(doc.title, Cow::Borrowed("Title")));
    assert_eq!(
        (doc.kind, doc.sym, doc.data),
        ("file", "s", &[1u8, 2, 3][..])
    );
    assert_eq!(doc.tags, ["a"]);
    assert_eq!(doc.counts, BTreeMap::from([("k", 1), ("s", 2)]));
    assert_eq!(
        doc.kinds,
        [Kind::File, Kind::Page("p1"), Kind::Shape { name: "r" }]
    );
    assert_eq!(doc.point, Point { label: "P", x: 3 });
    assert_eq!(doc.rest, v["rest"]);
    assert_eq!(doc.missing, None);
    // Borrowed, not copied: each `&str` points into `v`.
    assert!(std::ptr::eq(doc.name, v["name"].as_str().unwrap()));
    assert!(std::ptr::eq(
        doc.tags[0],
        v["tags"]
            .as_set()
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
    ));
    assert!(std::ptr::eq(
        doc.kind,
        v["kind"].as_keyword().unwrap().as_str()
    ));
    assert_eq!(doc.data.as_ptr(), v["data"].as_bytes().unwrap().as_ptr());

    // The rules are `from_value`'s: the same results and the same errors.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Owned {
        name: String,
        kind: String,
        tags: Vec<String>,
        counts: BTreeMap<String, i64>,
        rest: Vec<Value>,
        point: BTreeMap<String, Value>,
    }
    let by_ref = Owned::deserialize(&v).unwrap();
    let by_value: Owned = transit_format::from_value(v.clone()).unwrap();
    assert_eq!(by_ref, by_value);
    for text in [
        r#"["~#'","~:a"]"#,
        r#"["~#set",[1,2]]"#,
        r#"["~#list",["~:a"]]"#,
        r#"["~#point",[1,2]]"#,
        r#"["~#'","~n12345678901234567890123"]"#,
        r#"["~#'","~f1.5"]"#,
        r#"["^ ","~:a",["~#set",["~$b"]]]"#,
        r#"["~#'","~rhttp://x/"]"#,
    ] {
        let v = read(text);
        assert_eq!(Value::deserialize(&v).unwrap(), v, "{text}");
        let any = |v: &Value| serde_json::Value::deserialize(v).map_err(|e| e.to_string());
        assert_eq!(
            any(&v),
            transit_format::from_value::<serde_json::Value>(v.clone()).map_err(|e| e.to_string()),
            "{text}"
        );
        assert_eq!(
            <Vec<i64>>::deserialize(&v).map_err(|e| e.to_string()),
            transit_format::from_value::<Vec<i64>>(v.clone()).map_err(|e| e.to_string()),
            "{text}"
        );
    }
    #[derive(Deserialize, Debug)]
    enum Unit {
        #[allow(dead_code)] // reason: only the error of a value that is no variant is compared
        A,
    }
    for v in [Value::from(1), transit!(:b), transit!({:a => 1, :b => 2})] {
        assert_eq!(
            Unit::deserialize(&v).unwrap_err().to_string(),
            transit_format::from_value::<Unit>(v.clone())
                .unwrap_err()
                .to_string()
        );
    }
}

#[test]
fn msgpack_functions_have_rmp_serde_names_and_options_have_a_default() {
    let v = transit!({:a => [1, 2]});
    let bytes = transit_format::msgpack::to_vec(&v).unwrap();
    assert_eq!(bytes, transit_format::to_msgpack_vec(&v).unwrap());
    assert_eq!(
        transit_format::msgpack::from_slice::<Value>(&bytes).unwrap(),
        v
    );
    assert_eq!(
        transit_format::msgpack::from_reader::<_, Value>(&bytes[..]).unwrap(),
        v
    );
    let mut out = Vec::new();
    transit_format::msgpack::to_writer(&mut out, &v).unwrap();
    assert_eq!(out, bytes);

    let options = transit_format::Options::default();
    assert_eq!(options, transit_format::ser::Options::compact());
    assert_eq!(
        transit_format::to_vec_with_options(&v, options).unwrap(),
        transit_format::to_vec(&v).unwrap()
    );
    let shallow = options.max_depth(1);
    assert!(transit_format::from_slice_with_options::<Value>(b"[[1]]", shallow).is_err());
    assert!(transit_format::msgpack::from_slice_with_options::<Value>(&bytes, shallow).is_err());
    assert!(transit_format::msgpack::from_slice_with_options::<Value>(&bytes, options).is_ok());
    let mut de = transit_format::Deserializer::from_str("[[1]]");
    de.set_options(shallow);
    assert!(de.parse_value().is_err());
}
