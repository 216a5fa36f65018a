//! One event of each of the 24 kinds Penpot sends, every field set, built from
//! the typed props; shared by the webhook tests and the receiver's tests.

#![allow(dead_code)] // Each test uses a part.

use chrono::{DateTime, Utc};
use transit_format::penpot::{Number, Point};
use transit_format::webhook::*;
use transit_format::{Set, Value};
use uuid::Uuid;

/// A uuid made of the event's serial number and a field number, so every event
/// built for a load test is distinct and can be found again.
pub fn id(serial: u64, field: u16) -> Uuid {
    Uuid::from_u128(
        0x0e5c3c8a_0d2a_8035_8004_000000000000 | (u128::from(serial) << 16) | u128::from(field),
    )
}

fn at(millis: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis)
}

fn set<T: std::hash::Hash + Eq>(items: impl IntoIterator<Item = T>) -> Option<Set<T>> {
    Some(items.into_iter().collect())
}

fn text(s: &str) -> Option<String> {
    Some(s.to_owned())
}

/// The 24 events for `serial`, in the order of `KnownProps::METHODS`.
pub fn all_events(serial: u64) -> Vec<Event> {
    let u = |field| Some(id(serial, field));
    let t0 = 1_764_115_200_000 + serial as i64;
    let props: Vec<KnownProps> = vec![
        CreateFileProps {
            id: u(1),
            name: text("Landing page"),
            project_id: u(2),
            team_id: u(3),
            is_shared: Some(false),
            features: set(["components/v2".to_owned(), "fdata/path-data".to_owned()]),
            ..Default::default()
        }
        .into(),
        UpdateFileProps {
            id: u(1),
            name: text("Landing page"),
            features: set(["components/v2".to_owned()]),
            project_id: u(2),
            team_id: u(3),
            ..Default::default()
        }
        .into(),
        RenameFileProps {
            id: u(1),
            name: text("Landing page v2"),
            project_id: u(2),
            created_at: at(t0 - 1000),
            modified_at: at(t0),
            ..Default::default()
        }
        .into(),
        SetFileSharedProps {
            id: u(1),
            name: text("Icons"),
            project_id: u(2),
            // Penpot delivers this event only when a file is unshared.
            is_shared: Some(false),
            ..Default::default()
        }
        .into(),
        DeleteFileProps {
            id: u(1),
            name: text("Old draft"),
            project_id: u(2),
            created_at: at(t0 - 5000),
            modified_at: at(t0 - 10),
            ..Default::default()
        }
        .into(),
        LinkFileToLibraryProps {
            file_id: u(1),
            library_id: u(4),
            ..Default::default()
        }
        .into(),
        UnlinkFileFromLibraryProps {
            file_id: u(1),
            library_id: u(4),
            ..Default::default()
        }
        .into(),
        DuplicateFileProps {
            file_id: u(1),
            name: text("Landing page (copy)"),
            ..Default::default()
        }
        .into(),
        MoveFilesProps {
            ids: set([id(serial, 1), id(serial, 5)]),
            project_id: u(2),
            ..Default::default()
        }
        .into(),
        ExportBinfileProps {
            file_id: u(1),
            include_libraries: Some(true),
            embed_assets: Some(false),
            ..Default::default()
        }
        .into(),
        ImportBinfileProps {
            // An in-place import (`file-id`) takes a `.penpot` file with one file
            // in it; the request may still name it through a map.
            name: Some(BinfileName::PerFile(vec![(
                id(serial, 7),
                "Imported A".to_owned(),
            )])),
            project_id: u(2),
            file_id: u(6),
            version: Some(3),
            upload_id: u(8),
            // Only the penpot library writes `referer` into its exports' manifest.
            generated_by: text("penpot-library/2.17.0"),
            referer: text("plugin"),
            ..Default::default()
        }
        .into(),
        CreateProjectProps {
            id: u(2),
            name: text("Web"),
            team_id: u(3),
            ..Default::default()
        }
        .into(),
        UpdateProjectPinProps {
            id: u(2),
            team_id: u(3),
            is_pinned: Some(true),
            ..Default::default()
        }
        .into(),
        RenameProjectProps {
            id: u(2),
            name: text("Web 2026"),
            prev_name: text("Web"),
            team_id: u(3),
            ..Default::default()
        }
        .into(),
        DeleteProjectProps {
            id: u(2),
            name: text("Web"),
            team_id: u(3),
            created_at: at(t0 - 9000),
            modified_at: at(t0 - 90),
            ..Default::default()
        }
        .into(),
        DuplicateProjectProps {
            project_id: u(2),
            name: text("Web (copy)"),
            ..Default::default()
        }
        .into(),
        MoveProjectProps {
            project_id: u(2),
            team_id: u(9),
            ..Default::default()
        }
        .into(),
        CloneTemplateProps {
            project_id: u(2),
            template_id: text("wireframing-kit"),
            ..Default::default()
        }
        .into(),
        CreateCommentThreadProps {
            id: u(10),
            seqn: Some(3),
            file_id: u(1),
            page_id: u(11),
            page_name: text("Page 1"),
            frame_id: u(12),
            position: Some(Point {
                x: Number::Float(120.0),
                y: Number::Float(80.5),
            }),
            content: text("Looks good / ship it ✓ @Zoë"),
            comment_id: u(13),
            share_id: None,
            owner_id: u(14),
            owner_fullname: text("Zoë Ådahl"),
            owner_email: text("zoe@example.com"),
            owner_photo_id: u(22),
            participants: set([id(serial, 14)]),
            mentions: set([id(serial, 15)]),
            is_resolved: Some(false),
            created_at: at(t0),
            modified_at: at(t0 + 500),
            ..Default::default()
        }
        .into(),
        CreateCommentProps {
            id: u(16),
            thread_id: u(10),
            file_id: u(1),
            content: text("Agreed.\nShipping \"today\"."),
            share_id: u(17),
            owner_id: u(15),
            owner_fullname: text("Bo"),
            owner_email: text("bo@example.com"),
            owner_photo_id: u(23),
            mentions: set([]),
            created_at: at(t0 + 1),
            modified_at: at(t0 + 1),
            ..Default::default()
        }
        .into(),
        CreateFontVariantProps {
            team_id: u(3),
            font_id: u(18),
            font_family: text("Inter"),
            font_weight: Some(400),
            font_style: text("italic"),
            // Penpot sends `data` (the MIME types, a vector) and never `uploads`.
            data: Some(vec!["font/ttf".to_owned(), "font/woff2".to_owned()]),
            profile_id: u(20),
            ..Default::default()
        }
        .into(),
        UpdateFontProps {
            id: u(18),
            name: text("Inter Display"),
            team_id: u(3),
            profile_id: u(20),
            ..Default::default()
        }
        .into(),
        DeleteFontProps {
            id: u(18),
            name: text("Inter"),
            team_id: u(3),
            profile_id: u(20),
            ..Default::default()
        }
        .into(),
        DeleteFontVariantProps {
            id: u(21),
            team_id: u(3),
            font_id: u(18),
            font_family: text("Inter"),
            ..Default::default()
        }
        .into(),
    ];
    props
        .into_iter()
        .map(|props| {
            let mut event = Event::new(props);
            event.profile_id = Some(id(serial, 20));
            event.created_at = at(t0 + 2);
            event.tracked_at = at(t0);
            event
        })
        .collect()
}

/// An unknown key in the props of each event, to check it survives: a string, so
/// that plain JSON keeps its type too.
pub fn with_unknown_key(mut event: Event) -> Event {
    if let Value::Map(props) = &mut event.props {
        props.insert(Value::keyword("x-extra"), Value::from("kept"));
    }
    event
}
