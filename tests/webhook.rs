//! Webhook bodies: both content types, written as Penpot writes them (penpot.md §4).

use chrono::DateTime;
use transit_format::webhook::{
    camel_case, kebab_case, to_plain_json, ContentType, Event, KnownProps,
};
use transit_format::Value;
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
        assert_eq!(
            from_json.known_props().unwrap(),
            event.known_props().unwrap()
        );
    }
    let KnownProps::CreateCommentThread(props) = event.known_props().unwrap() else {
        panic!("comment thread props")
    };
    let position = props.position.unwrap();
    assert_eq!((position.x.as_f64(), position.y.as_f64()), (120.0, 80.5));
    assert_eq!(
        props.participants.as_deref(),
        Some(&[Uuid::from_u128(0x0e5c3c8a_0d2a_8035_8004_2b1cf9b0a012)][..])
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
    assert_eq!(back.known_props().unwrap(), event.known_props().unwrap());
}

#[test]
fn every_common_event_has_typed_props() {
    let id = "~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001";
    for (name, props) in [
        (
            "create-file",
            format!(
                r#"["^ ","~:name","F","~:project-id","{id}","~:features",["~#set",["a"]],"~:team-id","{id}"]"#
            ),
        ),
        (
            "update-file",
            format!(
                r#"["^ ","~:id","{id}","~:name","F","~:features",["~#set",[]],"~:project-id","{id}","~:team-id","{id}"]"#
            ),
        ),
        (
            "rename-file",
            format!(
                r#"["^ ","~:id","{id}","~:name","G","~:project-id","{id}","~:created-at","~m1","~:modified-at","~m2"]"#
            ),
        ),
        (
            "delete-file",
            format!(
                r#"["^ ","~:id","{id}","~:project-id","{id}","~:name","F","~:created-at","~m1","~:modified-at","~m2"]"#
            ),
        ),
        (
            "create-project",
            format!(r#"["^ ","~:team-id","{id}","~:name","P","~:id","{id}"]"#),
        ),
        (
            "rename-project",
            format!(r#"["^ ","~:id","{id}","~:name","Q","~:team-id","{id}","~:prev-name","P"]"#),
        ),
        (
            "delete-project",
            format!(
                r#"["^ ","~:id","{id}","~:team-id","{id}","~:name","P","~:created-at","~m1","~:modified-at","~m2"]"#
            ),
        ),
        (
            "create-comment",
            format!(
                r#"["^ ","~:thread-id","{id}","~:content","hi","~:id","{id}","~:owner-id","{id}","~:mentions",["~#set",[]],"~:file-id","{id}","~:owner-email","a@b.c"]"#
            ),
        ),
    ] {
        let body = format!(r#"["^ ","~:name","{name}","~:props",{props}]"#);
        let event = Event::decode(body.as_bytes(), "application/transit+json").unwrap();
        let typed = event
            .known_props()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let ok = match (&typed, name) {
            (KnownProps::CreateFile(p), "create-file") => {
                p.features.as_deref() == Some(&["a".to_owned()][..])
            }
            (KnownProps::UpdateFile(p), "update-file") => {
                p.id.is_some() && p.features == Some(vec![])
            }
            (KnownProps::RenameFile(p), "rename-file") => {
                p.name.as_deref() == Some("G") && p.modified_at.is_some()
            }
            (KnownProps::DeleteFile(p), "delete-file") => {
                p.created_at == DateTime::from_timestamp_millis(1)
            }
            (KnownProps::CreateProject(p), "create-project") => p.team_id.is_some(),
            (KnownProps::RenameProject(p), "rename-project") => p.prev_name.as_deref() == Some("P"),
            (KnownProps::DeleteProject(p), "delete-project") => p.name.as_deref() == Some("P"),
            (KnownProps::CreateComment(p), "create-comment") => {
                p.owner_email.as_deref() == Some("a@b.c")
            }
            _ => false,
        };
        assert!(ok, "{name}: {typed:?}");
    }
}

#[test]
fn unknown_events_and_keys_are_kept() {
    let body = br#"["^ ","~:name","export-binfile","~:props",["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:embed-assets",true],"~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002","~:context",["^ ","~:version","2.4"]]"#;
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
