//! Word-at-a-time helpers for the short texts both sides handle on every key:
//! names, interned strings and wire strings are mostly a few bytes long, where a
//! `memcmp` call costs more than the comparison itself.

/// Whether `a` and `b` are equal, compared in at most two overlapping loads of
/// each (one to eight bytes wide) when they are at most 16 bytes long.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8"));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4"));
    match n {
        0 => true,
        // Indexes 0, n / 2 and n - 1 cover every byte of a text this short.
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::same_bytes;

    #[test]
    fn same_bytes_agrees_with_slice_equality() {
        // Every prefix of a 20-byte text against itself, a copy, every other prefix,
        // and itself with one byte changed (each place).
        let base = b"abcdefghijklmnopqrst";
        for n in 0..=base.len() {
            let a = &base[..n];
            let copy = a.to_vec();
            assert!(same_bytes(a, &copy), "{n}");
            for at in 0..n {
                let mut changed = copy.clone();
                changed[at] = b'_';
                assert!(!same_bytes(a, &changed), "{n} at {at}");
            }
            for m in 0..=base.len() {
                assert_eq!(same_bytes(a, &base[..m]), n == m, "{n} {m}");
            }
        }
    }
}
