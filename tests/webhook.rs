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
    assert_eq!(keys.len(), 17);
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
