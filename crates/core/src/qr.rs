//! A QR code for a workshop code, as SVG: alphanumeric mode, error
//! correction level M, versions 1 to 3 (up to 61 characters), which is all a
//! workshop code needs. Written here rather than taken from a crate because
//! a general encoder (every version, mode and level, with its tables) costs
//! the browser's wasm several times this. The end-to-end test reads the
//! drawn code back with a QR decoder (jsQR).
//!
//! The steps follow ISO/IEC 18004: the data as bits, Reed-Solomon error
//! correction over GF(256), the function patterns, the data in the zigzag,
//! and the mask with the lowest penalty.

/// Characters alphanumeric mode can carry, in code order.
const ALNUM: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Per version (1..=3) at level M: data codewords and error-correction
/// codewords (one block each).
const CAPACITY: [(usize, usize); 3] = [(16, 10), (28, 16), (44, 26)];

/// A QR code's modules, `size` x `size`, true = dark.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    pub size: usize,
    modules: Vec<bool>,
    function: Vec<bool>,
}

impl Qr {
    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.modules[y * self.size + x]
    }
    fn set(&mut self, x: usize, y: usize, dark: bool) {
        self.modules[y * self.size + x] = dark;
        self.function[y * self.size + x] = true;
    }
}

/// Encode `text` (characters from [`ALNUM`] only, at most 61); `None` if
/// it cannot be.
pub fn encode(text: &str) -> Option<Qr> {
    let values: Vec<u32> = text
        .chars()
        .map(|c| ALNUM.find(c).map(|i| i as u32))
        .collect::<Option<_>>()?;
    let bits_needed = 4 + 9 + 11 * (values.len() / 2) + 6 * (values.len() % 2);
    let version = (1..=3).find(|v| CAPACITY[v - 1].0 * 8 >= bits_needed)?;
    let (data_len, ecc_len) = CAPACITY[version - 1];
    // The bit stream: mode, count, pairs of characters, terminator, padding.
    let mut bits: Vec<bool> = Vec::with_capacity(data_len * 8);
    let mut put = |v: u32, n: u32| (0..n).rev().for_each(|i| bits.push((v >> i) & 1 == 1));
    put(0b0010, 4);
    put(values.len() as u32, 9);
    for pair in values.chunks(2) {
        match pair {
            [a, b] => put(a * 45 + b, 11),
            [a] => put(*a, 6),
            _ => {}
        }
    }
    let cap = data_len * 8;
    let term = (cap - bits.len()).min(4);
    bits.extend(std::iter::repeat_n(false, term));
    while !bits.len().is_multiple_of(8) {
        bits.push(false);
    }
    let mut data: Vec<u8> = bits
        .chunks(8)
        .map(|b| b.iter().fold(0u8, |v, bit| (v << 1) | *bit as u8))
        .collect();
    let mut pad = [0xEC, 0x11].into_iter().cycle();
    while data.len() < data_len {
        data.push(pad.next().unwrap_or(0));
    }
    let ecc = reed_solomon(&data, ecc_len);
    data.extend(ecc);

    let size = 17 + 4 * version;
    let mut qr = Qr {
        size,
        modules: vec![false; size * size],
        function: vec![false; size * size],
    };
    function_patterns(&mut qr, version);
    draw_format(&mut qr, 0); // reserve the format areas before the data
    place_data(&mut qr, &data);
    // The mask with the lowest penalty.
    let mut best = (u32::MAX, 0);
    for mask in 0..8 {
        apply_mask(&mut qr, mask);
        draw_format(&mut qr, mask);
        let p = penalty(&qr);
        if p < best.0 {
            best = (p, mask);
        }
        apply_mask(&mut qr, mask); // undo: masks are their own inverse
    }
    apply_mask(&mut qr, best.1);
    draw_format(&mut qr, best.1);
    Some(qr)
}

fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u32 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= ((y as u32 >> i) & 1) * x as u32;
    }
    z as u8
}

/// The `degree` error-correction codewords of `data`.
fn reed_solomon(data: &[u8], degree: usize) -> Vec<u8> {
    // The generator polynomial (x - a^0)(x - a^1)...(x - a^(degree-1)),
    // leading 1 left out, highest power first.
    let mut divisor = vec![0u8; degree];
    divisor[degree - 1] = 1;
    let mut root = 1u8;
    for _ in 0..degree {
        for j in 0..degree {
            divisor[j] = gf_mul(divisor[j], root);
            if j + 1 < degree {
                divisor[j] ^= divisor[j + 1];
            }
        }
        root = gf_mul(root, 2);
    }
    let mut rem = vec![0u8; degree];
    for b in data {
        let factor = b ^ rem[0];
        rem.remove(0);
        rem.push(0);
        for (r, d) in rem.iter_mut().zip(&divisor) {
            *r ^= gf_mul(*d, factor);
        }
    }
    rem
}

fn function_patterns(qr: &mut Qr, version: usize) {
    let size = qr.size;
    for i in 0..size {
        qr.set(6, i, i % 2 == 0);
        qr.set(i, 6, i % 2 == 0);
    }
    for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if (0..size as i32).contains(&x) && (0..size as i32).contains(&y) {
                    let d = dx.abs().max(dy.abs());
                    qr.set(x as usize, y as usize, d != 2 && d != 4);
                }
            }
        }
    }
    if version >= 2 {
        let c = size - 7;
        for dy in -2i32..=2 {
            for dx in -2i32..=2 {
                qr.set(
                    (c as i32 + dx) as usize,
                    (c as i32 + dy) as usize,
                    dx.abs().max(dy.abs()) != 1,
                );
            }
        }
    }
}

/// The format bits (level M, `mask`) in both copies, and the dark module.
fn draw_format(qr: &mut Qr, mask: u32) {
    let data = mask; // level M is 00
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    let bits = ((data << 10) | rem) ^ 0x5412;
    let bit = |i: u32| (bits >> i) & 1 == 1;
    let size = qr.size;
    for i in 0..=5 {
        qr.set(8, i, bit(i as u32));
    }
    qr.set(8, 7, bit(6));
    qr.set(8, 8, bit(7));
    qr.set(7, 8, bit(8));
    for i in 9..15 {
        qr.set(14 - i, 8, bit(i as u32));
    }
    for i in 0..8 {
        qr.set(size - 1 - i, 8, bit(i as u32));
    }
    for i in 8..15 {
        qr.set(8, size - 15 + i, bit(i as u32));
    }
    qr.set(8, size - 8, true);
}

fn place_data(qr: &mut Qr, data: &[u8]) {
    let size = qr.size as i32;
    let mut i = 0usize;
    let mut right = size - 1;
    while right >= 1 {
        if right == 6 {
            right = 5;
        }
        for vert in 0..size {
            for j in 0..2 {
                let x = (right - j) as usize;
                let upward = (right + 1) & 2 == 0;
                let y = if upward { size - 1 - vert } else { vert } as usize;
                if !qr.function[y * qr.size + x] && i < data.len() * 8 {
                    qr.modules[y * qr.size + x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1;
                    i += 1;
                }
            }
        }
        right -= 2;
    }
}

fn apply_mask(qr: &mut Qr, mask: u32) {
    let n = qr.size;
    for y in 0..n {
        for x in 0..n {
            let flip = match mask {
                0 => (x + y) % 2 == 0,
                1 => y % 2 == 0,
                2 => x % 3 == 0,
                3 => (x + y) % 3 == 0,
                4 => (x / 3 + y / 2) % 2 == 0,
                5 => x * y % 2 + x * y % 3 == 0,
                6 => (x * y % 2 + x * y % 3) % 2 == 0,
                _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
            };
            if flip && !qr.function[y * n + x] {
                qr.modules[y * n + x] ^= true;
            }
        }
    }
}

/// The standard's penalty score (rules 1 to 4); lower reads better.
fn penalty(qr: &Qr) -> u32 {
    let n = qr.size;
    let at = |x: usize, y: usize| qr.dark(x, y);
    let mut score = 0;
    // Rule 1 (runs of five or more) and rule 3 (finder-like patterns), along
    // rows and columns.
    const FINDER: [bool; 11] = [
        true, false, true, true, true, false, true, false, false, false, false,
    ];
    for horizontal in [true, false] {
        for a in 0..n {
            let line: Vec<bool> = (0..n)
                .map(|b| if horizontal { at(b, a) } else { at(a, b) })
                .collect();
            let mut run = 1;
            for b in 1..=n {
                if b < n && line[b] == line[b - 1] {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += 3 + (run - 5) as u32;
                    }
                    run = 1;
                }
            }
            for b in 0..n.saturating_sub(10) {
                let w = &line[b..b + 11];
                if w.iter().eq(FINDER.iter()) || w.iter().eq(FINDER.iter().rev()) {
                    score += 40;
                }
            }
        }
    }
    // Rule 2: 2 x 2 blocks of one colour.
    for y in 0..n - 1 {
        for x in 0..n - 1 {
            let c = at(x, y);
            if c == at(x + 1, y) && c == at(x, y + 1) && c == at(x + 1, y + 1) {
                score += 3;
            }
        }
    }
    // Rule 4: the share of dark modules away from half.
    let dark = qr.modules.iter().filter(|d| **d).count();
    let total = n * n;
    let k = ((dark * 20).abs_diff(total * 10))
        .div_ceil(total)
        .saturating_sub(1);
    score + k as u32 * 10
}

/// The dark modules as one SVG path, in a square of side
/// [`Qr::size`]` + 8` (four modules of quiet zone each side).
pub fn path(qr: &Qr) -> String {
    let mut path = String::new();
    for y in 0..qr.size {
        for x in 0..qr.size {
            if qr.dark(x, y) {
                path += &format!("M{} {}h1v1h-1z", x + 4, y + 4);
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reed_solomon_matches_the_standards_worked_example() {
        // ISO/IEC 18004 annex I: "01234567", version 1-M.
        let data = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
            0xEC, 0x11,
        ];
        assert_eq!(
            reed_solomon(&data, 10),
            [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        );
    }

    #[test]
    fn versions_grow_with_the_text_and_patterns_are_in_place() {
        assert_eq!(encode("HNE").unwrap().size, 21);
        assert_eq!(encode(&"A".repeat(30)).unwrap().size, 25);
        assert_eq!(encode(&"A".repeat(61)).unwrap().size, 29);
        assert!(encode(&"A".repeat(62)).is_none());
        assert!(encode("lower case").is_none());
        let q = encode("K7M2Q-PD4XA-0BC9Z-TT3WE-J8N5R-G1").unwrap();
        // Finder centres dark, their rings light; the timing pattern alternates.
        for (x, y) in [(3, 3), (q.size - 4, 3), (3, q.size - 4)] {
            assert!(q.dark(x, y) && !q.dark(x + 2, y) && q.dark(x + 3, y));
        }
        for i in 8..q.size - 8 {
            assert_eq!(q.dark(i, 6), i % 2 == 0);
        }
        assert!(q.dark(8, q.size - 8));
        // Both copies of the format bits agree.
        let first: Vec<bool> = (0..=5).map(|i| q.dark(8, i)).collect();
        let second: Vec<bool> = (0..6).map(|i| q.dark(q.size - 1 - i, 8)).collect();
        assert_eq!(first, second);
        let p = path(&q);
        assert_eq!(
            p.matches('z').count(),
            (0..q.size)
                .flat_map(|y| (0..q.size).map(move |x| (x, y)))
                .filter(|&(x, y)| q.dark(x, y))
                .count()
        );
        assert!(p.starts_with("M4 4h1v1h-1z"), "the finder's corner");
    }
}
