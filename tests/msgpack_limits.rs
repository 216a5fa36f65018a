//! The reader's limits hold for MessagePack: nesting depth, input size, the copy
//! budget of cache codes, and lengths claimed by headers, which are never
//! allocated ahead of the bytes that back them. A counting allocator (this test
//! binary's own) measures the largest single allocation while hostile headers
//! are read; it counts per thread, so tests running side by side do not see each
//! other's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use transit_format::{Deserializer, Value};

/// The system allocator, remembering the largest request of each thread since
/// its last reset.
struct Largest;

thread_local! {
    // `const`: reaching it allocates nothing, as the allocator requires.
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    // `try_with`: allocations while the thread is torn down are not counted.
    let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
}

unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Largest = Largest;

/// The largest single allocation `f` makes.
fn largest_allocation(f: impl FnOnce()) -> usize {
    LARGEST.with(|largest| largest.set(0));
    f();
    LARGEST.with(Cell::get)
}

#[test]
fn claimed_lengths_are_never_allocated_ahead() {
    // Strings, byte strings, arrays and maps claiming 2^32 - 1, over a few bytes.
    for header in [
        &b"\xdb\xff\xff\xff\xff"[..],
        b"\xc6\xff\xff\xff\xff",
        b"\xdd\xff\xff\xff\xff",
        b"\xdf\xff\xff\xff\xff",
    ] {
        let doc = [b"\x91", header, b"\xa1x\x01"].concat();
        let largest = largest_allocation(|| {
            let slice = transit_format::from_msgpack_slice::<Value>(&doc).unwrap_err();
            assert!(slice.is_eof(), "{slice}");
            let reader = transit_format::from_msgpack_reader::<_, Value>(&doc[..]).unwrap_err();
            assert!(reader.is_eof(), "{reader}");
            let typed = transit_format::from_msgpack_slice::<Vec<Vec<String>>>(&doc).unwrap_err();
            assert!(typed.is_eof() || typed.is_data(), "{typed}");
        });
        // The stream reader's own 64 KiB buffer is the largest thing allocated.
        assert!(
            largest <= 1 << 17,
            "{header:02x?}: an allocation of {largest} bytes"
        );
    }
}

#[test]
fn a_string_from_a_stream_grows_with_its_bytes() {
    // A 16 MiB string arriving in full is read; the same header over 1 KiB of
    // bytes allocates about as much as arrived.
    let mut doc = b"\x91\xdb\x01\x00\x00\x00".to_vec();
    doc.extend(std::iter::repeat_n(b'a', 1024));
    let largest = largest_allocation(|| {
        let err = transit_format::from_msgpack_reader::<_, Value>(&doc[..]).unwrap_err();
        assert!(err.is_eof());
    });
    assert!(largest <= 1 << 17, "an allocation of {largest} bytes");
    doc.extend(std::iter::repeat_n(b'a', (1 << 24) - 1024));
    let value: Value = transit_format::from_msgpack_reader(&doc[..]).unwrap();
    assert_eq!(value[0].as_str().map(str::len), Some(1 << 24));
}

#[test]
fn depth_is_limited_and_counts_transit_nesting() {
    let nested = |n: usize, open: &[u8], inner: &[u8]| [open.repeat(n), inner.to_vec()].concat();
    // 128 arrays are fine, 129 are not, from slices and streams alike.
    let ok = nested(128, b"\x91", b"\x01");
    assert!(transit_format::from_msgpack_slice::<Value>(&ok).is_ok());
    let deep = nested(129, b"\x91", b"\x01");
    let err = transit_format::from_msgpack_slice::<Value>(&deep).unwrap_err();
    assert_eq!(
        err.to_string(),
        "recursion limit exceeded at line 1 column 129"
    );
    let err = transit_format::from_msgpack_reader::<_, Value>(&deep[..]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "recursion limit exceeded at line 1 column 129"
    );
    // A set is one level, as in JSON.
    let sets = nested(128, b"\x92\xa5~#set\x91", b"\x01");
    assert!(transit_format::from_msgpack_slice::<Value>(&sets).is_ok());
    // Map keys nest too.
    let keys = nested(129, b"\x81\x91", b"\x01");
    assert!(transit_format::from_msgpack_slice::<Value>(&keys).is_err());
    // And the limit can be set.
    let mut de = Deserializer::from_msgpack_slice(&ok);
    de.set_max_depth(3);
    assert_eq!(
        de.parse_value().unwrap_err().to_string(),
        "recursion limit exceeded at line 1 column 4"
    );
    // A million levels fail at once, without a stack overflow.
    let million = nested(1_000_000, b"\x91", b"\x01");
    assert!(transit_format::from_msgpack_slice::<Value>(&million).is_err());
}

#[test]
fn max_input_stops_every_reader_at_the_limit() {
    let mut doc = b"\x92\xa3abc".to_vec();
    doc.extend(b"\xda\x00\x40");
    doc.extend([b'z'; 64]);
    for limit in [0, 1, 3, 5, 8, 40, 70] {
        let expected = format!(
            "input exceeds the limit of {limit} bytes at line 1 column {}",
            limit + 1
        );
        let mut de = Deserializer::from_msgpack_slice(&doc);
        de.set_max_input(limit);
        assert_eq!(de.parse_value().unwrap_err().to_string(), expected);
        let mut de = Deserializer::from_msgpack_reader(&doc[..]);
        de.set_max_input(limit);
        assert_eq!(de.parse_value().unwrap_err().to_string(), expected);
    }
    let mut de = Deserializer::from_msgpack_reader(&doc[..]);
    de.set_max_input(doc.len());
    assert!(de.parse_value().is_ok());
}

#[test]
fn cache_codes_cannot_multiply_a_long_string() {
    // A 64 KiB map key, then a million one-entry maps whose key is its code.
    let mut bomb = vec![0xdd, 0x00, 0x0f, 0x42, 0x41, 0x81, 0xda, 0xff, 0xff];
    bomb.extend(std::iter::repeat_n(b'k', 0xffff));
    bomb.push(0x01);
    for _ in 0..1_000_000 {
        bomb.extend_from_slice(b"\x81\xa2^0\x01");
    }
    let err = transit_format::from_msgpack_slice::<Value>(&bomb).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cache codes repeat long strings into more than"),
        "{err}"
    );
    let err =
        transit_format::from_msgpack_slice::<Vec<std::collections::HashMap<String, i32>>>(&bomb)
            .unwrap_err();
    assert!(err.to_string().starts_with("cache codes repeat"), "{err}");
}
