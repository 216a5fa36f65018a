//! Helpers shared by the unit tests.

/// A deterministic xorshift64 generator: each call advances the state and
/// returns it, so a failing random case reproduces from its seed.
pub(crate) struct Xorshift(u64);

impl Xorshift {
    pub(crate) fn new(seed: u64) -> Self {
        Xorshift(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// `len` bytes for the scans of JSON strings: mostly ASCII letters, sometimes a
    /// quote, a backslash, a control character or a byte of 0x80 and above.
    pub(crate) fn string_bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                let r = self.next_u64();
                match r % 16 {
                    0 => b'"',
                    1 => b'\\',
                    2 => (r >> 8) as u8 % 0x20,
                    3 => 0x80 | (r >> 8) as u8,
                    _ => b'a' + (r >> 8) as u8 % 26,
                }
            })
            .collect()
    }
}
