//! Webhook bodies: both content types, written as Penpot writes them, and the
//! typed props of all 24 events both ways.

mod events;

use chrono::DateTime;
use transit_format::webhook::{
    camel_case, kebab_case, to_plain_json, to_plain_json_line, ContentType, CreateFileProps, Event,
    EventProps, KnownProps,
};
use transit_format::{Set, Value};
use uuid::Uuid;

const THREAD: &str = r#"["^ ","~:name","create-comment-thread","~:props",["^ ","~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a010","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a011","~:position",["~#point",["^ ","~:x",120.0,"~:y",80.5]],"~:content","Looks good / ship it ✓","~:participants",["~#set",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a012"]],"~:mentions",["^8",[]],"~:is-resolved",false,"~:seqn",3,"~:owner-fullname","Zoë","~:created-at","~m1764115200000","~:modified-at","~m1764115200500","~:type","~:penpot/comment"],"^=","~m1764115200000","~:profile-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a012","~:tracked-at","~m1764115199999"]"#;

#[test]
fn transit_bodies_decode_and_write_back_byte_for_byte() {
    let event = Event::decode(THREAD.as_bytes(), "application/transit+json").unwrap();
    assert_eq!(event.name, "create-comment-thread");
    assert_eq!(
        event.profile_id,
        Some(Uuid::from_u128(0x0e5c3c8a_0d2a_8035_8004_2b1cf9b0a012))
    );
    assert_eq!(
        event.tracked_at,
        DateTime::from_timestamp_millis(1764115199999)
    );
    // Penpot's key order: name, props, created-at, profile-id, tracked-at.
    assert_eq!(
        String::from_utf8(event.encode(ContentType::TransitJson).unwrap()).unwrap(),
        THREAD
    );
}

#[test]
fn json_bodies_are_written_as_penpots_data_json_writes_them() {
    let event = Event::decode(THREAD.as_bytes(), "application/transit+json").unwrap();
    let json = String::from_utf8(event.encode(ContentType::Json).unwrap()).unwrap();
    let expected = r#"{
  "name": "create-comment-thread",
  "props": {
    "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a010",
    "fileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a011",
    "position": {
      "x": 120.0,
      "y": 80.5
    },
    "content": "Looks good \/ ship it \u2713",
    "participants": [
      "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a012"
    ],
    "mentions": [],
    "isResolved": false,
    "seqn": 3,
    "ownerFullname": "Zo\u00eb",
    "createdAt": "2025-11-26T00:00:00Z",
    "modifiedAt": "2025-11-26T00:00:00.500Z",
    "type": "comment"
  },
  "createdAt": "2025-11-26T00:00:00Z",
  "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a012",
  "trackedAt": "2025-11-25T23:59:59.999Z"
}"#;
    assert_eq!(json, expected);
}

#[test]
fn json_escapes_follow_data_json() {
    let value: Value =
        transit_format::from_str(r#"["a\"b\\c","tab\there","\u0001","😀","~~x"]"#).unwrap();
    assert_eq!(
        to_plain_json(&value).unwrap(),
        "[\n  \"a\\\"b\\\\c\",\n  \"tab\\there\",\n  \"\\u0001\",\n  \"\\ud83d\\ude00\",\n  \"~x\"\n]"
    );
    let nan: Value = transit_format::from_str(r#"["~zNaN"]"#).unwrap();
    assert!(to_plain_json(&nan).is_err());
}

#[test]
fn both_content_types_decode_to_the_same_typed_event() {
    let event = Event::decode(THREAD.as_bytes(), "application/transit+json").unwrap();
    let json = event.encode(ContentType::Json).unwrap();
    for content_type in [
        "application/json",
        "Application/JSON; charset=UTF-8",
        " application/json ;charset=utf-8",
    ] {
        let from_json = Event::decode(&json, content_type).unwrap();
        assert_eq!(from_json.name, event.name);
        assert_eq!(from_json.profile_id, event.profile_id);
        assert_eq!(from_json.created_at, event.created_at);
        assert_eq!(from_json.tracked_at, event.tracked_at);
        // Plain JSON has no keywords: the unknown `:type :penpot/comment` key comes
        // back as the string "comment"; every typed field comes back whole.
        let (KnownProps::CreateCommentThread(mut a), KnownProps::CreateCommentThread(mut b)) = (
            from_json.known_props().unwrap(),
            event.known_props().unwrap(),
        ) else {
            panic!("comment thread props")
        };
        assert_eq!(a.extra.get_keyword("type"), Some(&Value::from("comment")));
        a.extra.remove(&Value::keyword("type"));
        b.extra.remove(&Value::keyword("type"));
        assert_eq!(a, b);
    }
    let KnownProps::CreateCommentThread(props) = event.known_props().unwrap() else {
        panic!("comment thread props")
    };
    let position = props.position.unwrap();
    assert_eq!((position.x.as_f64(), position.y.as_f64()), (120.0, 80.5));
    assert_eq!(
        props.participants,
        Some(Set::from_iter([Uuid::from_u128(
            0x0e5c3c8a_0d2a_8035_8004_2b1cf9b0a012
        )]))
    );
    assert_eq!(props.owner_fullname.as_deref(), Some("Zoë"));
    assert_eq!(
        props.modified_at,
        DateTime::from_timestamp_millis(1764115200500)
    );
    // JSON → Transit keeps what JSON can say.
    let back = Event::decode(&json, "application/json")
        .unwrap()
        .encode(ContentType::TransitJson)
        .unwrap();
    let back = Event::decode(&back, "application/transit+json").unwrap();
    let mut props = back.props.clone();
    if let Value::Map(map) = &mut props {
        map.insert(Value::keyword("type"), Value::keyword("penpot/comment"));
    }
    assert_eq!(props, event.props);
}

#[test]
fn every_event_penpot_sends_is_typed_both_ways_in_both_content_types() {
    let events = events::all_events(7);
    assert_eq!(events.len(), 24);
    assert_eq!(KnownProps::METHODS.len(), 24);
    for (event, method) in events.iter().zip(KnownProps::METHODS) {
        assert_eq!(&event.name, method);
        let typed = event.known_props().unwrap();
        assert_eq!(typed.method(), Some(*method));
        // Typed props write their keys in Penpot's order, and read back the same.
        assert_eq!(typed.to_value(), event.props, "{method}");
        for content_type in [ContentType::TransitJson, ContentType::Json] {
            let body = event.encode(content_type).unwrap();
            let back = Event::decode(&body, content_type.as_str())
                .unwrap_or_else(|e| panic!("{method} {content_type:?}: {e}"));
            assert_eq!(&back, event, "{method} {content_type:?}");
            assert_eq!(
                back.known_props().unwrap(),
                typed,
                "{method} {content_type:?}"
            );
            // The same bytes again: the order survives both content types.
            assert_eq!(
                back.encode(ContentType::TransitJson).unwrap(),
                event.encode(ContentType::TransitJson).unwrap(),
                "{method} {content_type:?}"
            );
        }
        // Unknown keys survive decoding and encoding, typed or not.
        let extended = events::with_unknown_key(event.clone());
        for content_type in [ContentType::TransitJson, ContentType::Json] {
            let body = extended.encode(content_type).unwrap();
            let back = Event::decode(&body, content_type.as_str()).unwrap();
            assert_eq!(back, extended, "{method} {content_type:?}");
            let typed = back.known_props().unwrap();
            let rebuilt = Event::decode(
                &{
                    let mut again = back.clone();
                    again.set_props(typed);
                    again
                }
                .encode(content_type)
                .unwrap(),
                content_type.as_str(),
            )
            .unwrap();
            assert_eq!(
                rebuilt.props.get_keyword("x-extra"),
                Some(&Value::from("kept")),
                "{method} {content_type:?}"
            );
        }
    }
    // A name Penpot does not send is `Other`, with its props as they are.
    let mut other = events[0].clone();
    other.name = "get-profile".into();
    assert_eq!(
        other.known_props().unwrap(),
        KnownProps::Other(other.props.clone())
    );
}

#[test]
fn typed_props_follow_penpots_inferred_key_order() {
    // The reconstructed create-file body: small maps in jsonb's order (shorter
    // keys first), the event's keys name, props, created-at, profile-id, tracked-at.
    let body = r#"["^ ","~:name","create-file","~:props",["^ ","^0","Landing page","~:team-id","~uc7ce0794-0992-8105-8004-38e630f40f6d","~:features",["~#set",["fdata/path-data","variants/v1","components/v2","fdata/shape-data-type","design-tokens/v1"]],"~:project-id","~uc7ce0794-0992-8105-8004-38e630f7920b"],"~:created-at","~m1753360121374","~:profile-id","~uc7ce0794-0992-8105-8004-38e630f29a9b","~:tracked-at","~m1753360121342"]"#;
    let decoded = Event::decode(body.as_bytes(), "application/transit+json").unwrap();
    let KnownProps::CreateFile(props) = decoded.known_props().unwrap() else {
        panic!("create-file")
    };
    let mut built = Event::new(CreateFileProps {
        features: props.features.clone(),
        project_id: props.project_id,
        team_id: props.team_id,
        name: props.name.clone(),
        ..Default::default()
    });
    built.profile_id = decoded.profile_id;
    built.created_at = decoded.created_at;
    built.tracked_at = decoded.tracked_at;
    assert_eq!(
        String::from_utf8(built.encode(ContentType::TransitJson).unwrap()).unwrap(),
        body
    );
    // More than 8 keys: a Clojure hash map's order, the same whatever order the
    // fields were set in.
    let thread = &events::all_events(1)[18];
    let keys: Vec<String> = thread
        .props
        .as_map()
        .unwrap()
        .keys()
        .map(|k| k.as_keyword().unwrap().as_str().to_owned())
        .collect();
    assert_eq!(keys.len(), 18);
    let mut reversed: Vec<(Value, Value)> = thread
        .props
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    reversed.reverse();
    let again = transit_format::webhook::CreateCommentThreadProps::from_map(
        &reversed.into_iter().collect(),
    )
    .unwrap();
    let again_keys: Vec<String> = again
        .to_map()
        .keys()
        .map(|k| k.as_keyword().unwrap().as_str().to_owned())
        .collect();
    assert_eq!(again_keys, keys);
}

#[test]
fn typed_props_go_through_serde_both_ways() {
    for event in events::all_events(3) {
        let typed = event.known_props().unwrap();
        let text = transit_format::to_string(&event).unwrap();
        assert_eq!(
            text.as_bytes(),
            event.encode(ContentType::TransitJson).unwrap()
        );
        assert_eq!(transit_format::from_str::<Event>(&text).unwrap(), event);
        let KnownProps::CreateComment(props) = typed else {
            continue;
        };
        let text = transit_format::to_string(&*props).unwrap();
        assert_eq!(text, transit_format::to_string(&props.to_value()).unwrap());
        let back: transit_format::webhook::CreateCommentProps =
            transit_format::from_str(&text).unwrap();
        assert_eq!(back, *props);
        let verbose = transit_format::to_string_verbose(&*props).unwrap();
        assert_eq!(
            transit_format::from_str::<transit_format::webhook::CreateCommentProps>(&verbose)
                .unwrap(),
            *props
        );
    }
}

#[test]
fn a_typed_field_of_the_wrong_type_names_the_key() {
    let body = br#"["^ ","~:name","move-files","~:props",["^ ","~:ids",["~#set",["not a uuid"]]]]"#;
    let event = Event::decode(body, "application/transit+json").unwrap();
    assert_eq!(
        event.known_props().unwrap_err().to_string(),
        "invalid type: set, expected a set at props.ids"
    );
}

#[test]
fn one_line_json_is_the_pretty_json_without_layout() {
    for event in events::all_events(5) {
        let pretty = String::from_utf8(event.encode(ContentType::Json).unwrap()).unwrap();
        let line = to_plain_json_line(&event.to_value()).unwrap();
        assert!(!line.contains('\n'));
        let a: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        let b: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn unknown_events_and_keys_are_kept() {
    let body = br#"["^ ","~:name","update-profile","~:props",["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:embed-assets",true],"~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002","~:context",["^ ","~:version","2.4"]]"#;
    let event = Event::decode(body, "application/transit+json").unwrap();
    assert_eq!(
        event.id,
        Some(Uuid::from_u128(0x0e5c3c8a_0d2a_8035_8004_2b1cf9b0a002))
    );
    assert!(matches!(
        event.known_props().unwrap(),
        KnownProps::Other(Value::Map(_))
    ));
    assert_eq!(
        event.extra.get_keyword("context").map(|v| v.to_string()),
        Some(r#"{:version "2.4"}"#.to_owned())
    );
    // Nothing is lost on the way back (keys in Penpot's order, extra keys last).
    let again = Event::decode(
        &event.encode(ContentType::TransitJson).unwrap(),
        "application/transit+json",
    )
    .unwrap();
    assert_eq!(again, event);
    let value: Value = transit_format::from_str(std::str::from_utf8(body).unwrap()).unwrap();
    assert_eq!(again.to_value(), value);
}

#[test]
fn a_body_that_does_not_match_its_content_type_is_a_clear_error() {
    let err = Event::decode(THREAD.as_bytes(), "application/json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the body is a JSON array: it looks like Transit (application/transit+json), not plain JSON"
    );
    let err = Event::decode(
        br#"{"name":"create-file","profileId":"x"}"#,
        "application/transit+json",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"key "name" is a string, not a keyword: this looks like a plain JSON body, not Transit"#
    );
    let err = Event::decode(b"{}", "multipart/form-data").unwrap_err();
    assert!(
        err.to_string().starts_with("unsupported content type"),
        "{err}"
    );
    let err = Event::decode(
        br#"["^ ","~:name","x","~:profile-id",5]"#,
        "application/transit+json",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer, expected a uuid at profile-id"
    );
    let err = Event::decode(br#"["^ ","~:name""#, "application/transit+json").unwrap_err();
    assert!(err.is_eof(), "{err}");
}

#[test]
fn key_case_conversions() {
    for (kebab, camel) in [
        ("project-id", "projectId"),
        ("owner-fullname", "ownerFullname"),
        ("id", "id"),
        ("is-shared", "isShared"),
    ] {
        assert_eq!(camel_case(kebab), camel);
        assert_eq!(kebab_case(camel), kebab);
    }
}

// Bodies written by hand the way Penpot 2.17's backend builds them (read from
// its `develop` of 2026-07-24): the props come from the RPC method's params
// merged with or replaced by what the method attaches (`fonts.clj`,
// `comments.clj`), pass twice through `jsonb` as verbose Transit, and are then
// written as compact Transit (`t/encode-str`) or as data.json with camelCase keys
// and indentation. Maps of up to 8 keys keep `jsonb`'s key order (shorter keys
// first); larger ones have a Clojure hash map's order, which these bodies do not
// try to reproduce: they are compared as values.

/// `create-font-variant`: `params` with `profile-id` added and `data` turned into
/// the vector of its MIME types (`(comp vec keys)`); `uploads` removed before.
const FONT_VARIANT_TRANSIT: &str = r#"["^ ","~:name","create-font-variant","~:props",["^ ","~:data",["font/ttf","font/woff2"],"~:font-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a018","~:team-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a003","~:font-style","italic","~:profile-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a020","~:font-family","Inter","~:font-weight",400],"~:created-at","~m1764115200002","^6","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a020","~:tracked-at","~m1764115200000"]"#;

const FONT_VARIANT_JSON: &str = r#"{
  "name": "create-font-variant",
  "props": {
    "data": [
      "font\/ttf",
      "font\/woff2"
    ],
    "fontId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a018",
    "teamId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a003",
    "fontStyle": "italic",
    "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a020",
    "fontFamily": "Inter",
    "fontWeight": 400
  },
  "createdAt": "2025-11-26T00:00:00.002Z",
  "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a020",
  "trackedAt": "2025-11-26T00:00:00Z"
}"#;

/// `create-comment-thread`: the request's params merged with the new thread's
/// row, its owner (`add-owner`: full name, e-mail, photo) and `comment-id`.
const THREAD_TRANSIT: &str = r#"["^ ","~:name","create-comment-thread","~:props",["^ ","~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a010","~:seqn",3,"~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:page-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a011","~:page-name","Page 1","~:frame-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a012","~:position",["~#point",["^ ","~:x",120.0,"~:y",80.5]],"~:content","Looks good / ship it ✓","~:comment-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a013","~:owner-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a014","~:owner-fullname","Zoë Ådahl","~:owner-email","zoe@example.com","~:owner-photo-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a022","~:participants",["~#set",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a014"]],"~:mentions",["^A",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a015"]],"~:is-resolved",false,"~:created-at","~m1764115200000","~:modified-at","~m1764115200000"],"^D","~m1764115200000","~:profile-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a014","~:tracked-at","~m1764115200000"]"#;

const THREAD_JSON: &str = r#"{
  "name": "create-comment-thread",
  "props": {
    "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a010",
    "seqn": 3,
    "fileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
    "pageId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a011",
    "pageName": "Page 1",
    "frameId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a012",
    "position": {
      "x": 120.0,
      "y": 80.5
    },
    "content": "Looks good \/ ship it \u2713",
    "commentId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a013",
    "ownerId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a014",
    "ownerFullname": "Zo\u00eb \u00c5dahl",
    "ownerEmail": "zoe@example.com",
    "ownerPhotoId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a022",
    "participants": [
      "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a014"
    ],
    "mentions": [
      "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a015"
    ],
    "isResolved": false,
    "createdAt": "2025-11-26T00:00:00Z",
    "modifiedAt": "2025-11-26T00:00:00Z"
  },
  "createdAt": "2025-11-26T00:00:00Z",
  "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a014",
  "trackedAt": "2025-11-26T00:00:00Z"
}"#;

/// `create-comment`: the request's params merged with the new comment's row,
/// its thread's `file-id` and its owner.
const COMMENT_TRANSIT: &str = r#"["^ ","~:name","create-comment","~:props",["^ ","~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a016","~:thread-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a010","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:content","Agreed.","~:owner-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a015","~:owner-fullname","Bo","~:owner-email","bo@example.com","~:owner-photo-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a023","~:mentions",["~#set",[]],"~:created-at","~m1764115200001","~:modified-at","~m1764115200001"],"^<","~m1764115200001","~:profile-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a015","~:tracked-at","~m1764115200001"]"#;

const COMMENT_JSON: &str = r#"{
  "name": "create-comment",
  "props": {
    "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a016",
    "threadId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a010",
    "fileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
    "content": "Agreed.",
    "ownerId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a015",
    "ownerFullname": "Bo",
    "ownerEmail": "bo@example.com",
    "ownerPhotoId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a023",
    "mentions": [],
    "createdAt": "2025-11-26T00:00:00.001Z",
    "modifiedAt": "2025-11-26T00:00:00.001Z"
  },
  "createdAt": "2025-11-26T00:00:00.001Z",
  "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a015",
  "trackedAt": "2025-11-26T00:00:00.001Z"
}"#;

fn uuid(last: u16) -> Option<Uuid> {
    Some(Uuid::from_u128(
        0x0e5c3c8a_0d2a_8035_8004_2b1cf9b0a000 | u128::from(last),
    ))
}

/// Decodes Penpot's two bodies of one event and checks that they give the same
/// event, and that the event rebuilt from its typed props is the same value as
/// each body. Returns the typed props.
fn penpot_bodies_agree(transit: &str, json: &str) -> KnownProps {
    let from_transit = Event::decode(transit.as_bytes(), "application/transit+json").unwrap();
    let from_json = Event::decode(json.as_bytes(), "application/json").unwrap();
    assert_eq!(from_json, from_transit, "{}", from_transit.name);
    let typed = from_transit.known_props().unwrap();
    assert_eq!(from_json.known_props().unwrap(), typed);
    let mut rebuilt = from_transit.clone();
    rebuilt.set_props(typed.clone());
    let body_value: Value = transit_format::from_str(transit).unwrap();
    assert_eq!(rebuilt.to_value(), body_value, "{}", rebuilt.name);
    let written = rebuilt.encode(ContentType::TransitJson).unwrap();
    assert_eq!(
        transit_format::from_slice::<Value>(&written).unwrap(),
        body_value,
        "{}",
        rebuilt.name
    );
    let written = rebuilt.encode(ContentType::Json).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&written).unwrap(),
        serde_json::from_str::<serde_json::Value>(json).unwrap(),
        "{}",
        rebuilt.name
    );
    typed
}

#[test]
fn create_font_variant_is_typed_as_penpot_sends_it() {
    let KnownProps::CreateFontVariant(props) =
        penpot_bodies_agree(FONT_VARIANT_TRANSIT, FONT_VARIANT_JSON)
    else {
        panic!("create-font-variant")
    };
    assert_eq!(
        props.data.as_deref(),
        Some(&["font/ttf".to_owned(), "font/woff2".to_owned()][..])
    );
    assert_eq!(props.profile_id, uuid(0x20));
    assert_eq!(props.font_weight, Some(400));
    assert!(props.extra.is_empty(), "{:?}", props.extra);
    // Seven keys: jsonb's order, so the typed event writes Penpot's bytes.
    let mut event =
        Event::decode(FONT_VARIANT_TRANSIT.as_bytes(), "application/transit+json").unwrap();
    event.set_props(*props);
    assert_eq!(
        String::from_utf8(event.encode(ContentType::TransitJson).unwrap()).unwrap(),
        FONT_VARIANT_TRANSIT
    );
    assert_eq!(
        String::from_utf8(event.encode(ContentType::Json).unwrap()).unwrap(),
        FONT_VARIANT_JSON
    );
    // `data` is a vector: a `~#list` is another value, and is refused by name.
    let list = FONT_VARIANT_TRANSIT.replace(
        r#"["font/ttf","font/woff2"]"#,
        r#"["~#list",["font/ttf","font/woff2"]]"#,
    );
    let event = Event::decode(list.as_bytes(), "application/transit+json").unwrap();
    assert_eq!(
        event.known_props().unwrap_err().to_string(),
        "invalid type: list, expected an array of strings at props.data"
    );
}

#[test]
fn comment_events_carry_the_owners_photo() {
    let KnownProps::CreateCommentThread(thread) = penpot_bodies_agree(THREAD_TRANSIT, THREAD_JSON)
    else {
        panic!("create-comment-thread")
    };
    assert_eq!(thread.owner_photo_id, uuid(0x22));
    assert_eq!(thread.owner_id, uuid(0x14));
    assert_eq!(thread.comment_id, uuid(0x13));
    assert_eq!(thread.mentions, Some(Set::from_iter(uuid(0x15))));
    assert!(thread.extra.is_empty(), "{:?}", thread.extra);

    let KnownProps::CreateComment(comment) = penpot_bodies_agree(COMMENT_TRANSIT, COMMENT_JSON)
    else {
        panic!("create-comment")
    };
    assert_eq!(comment.owner_photo_id, uuid(0x23));
    assert_eq!(comment.thread_id, uuid(0x10));
    assert_eq!(comment.mentions, Some(Set::new()));
    assert!(comment.extra.is_empty(), "{:?}", comment.extra);

    // An author without a photo: Penpot drops the nil key.
    let without = COMMENT_TRANSIT.replace(
        r#""~:owner-photo-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a023","#,
        "",
    );
    let KnownProps::CreateComment(comment) =
        Event::decode(without.as_bytes(), "application/transit+json")
            .unwrap()
            .known_props()
            .unwrap()
    else {
        panic!("create-comment")
    };
    assert_eq!(comment.owner_photo_id, None);
}

#[test]
fn a_key_penpot_adds_later_is_kept_in_every_event() {
    // A Transit-only value (a set of uuids in a map), so that the check is not
    // helped by plain JSON's strings.
    let later: Value = transit_format::from_str(
        r#"["^ ","~:ids",["~#set",["~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a0ff"]],"~:at","~m1764115200000"]"#,
    )
    .unwrap();
    for event in events::all_events(11) {
        let mut extended = event.clone();
        let Value::Map(props) = &mut extended.props else {
            panic!("{}: props are a map", event.name)
        };
        props.insert(Value::keyword("added-later"), later.clone());
        let body = extended.encode(ContentType::TransitJson).unwrap();
        let back = Event::decode(&body, "application/transit+json").unwrap();
        let typed = back
            .known_props()
            .unwrap_or_else(|e| panic!("{}: {e}", event.name));
        let mut rebuilt = back.clone();
        rebuilt.set_props(typed);
        assert_eq!(rebuilt, extended, "{}", event.name);
        assert_eq!(
            rebuilt.props.get_keyword("added-later"),
            Some(&later),
            "{}",
            event.name
        );
    }
}
