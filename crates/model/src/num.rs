//! [`parse_f64`]: decimal text to the nearest `f64`, exactly as
//! `str::parse::<f64>` rounds it, in a page of code.
//!
//! Why our own: the standard parser carries a 10 KB table of powers of five
//! (Eisel-Lemire) that does not compress, and in the browser's wasm that
//! table alone was five per cent of the whole app's download. Every number
//! the app reads (scenario files, links, local storage, typed fields) comes
//! through here; the tests compare it with the standard parser on hundreds
//! of thousands of inputs, including every shortest round-trip form.
//!
//! How: digits and exponent give the exact value `d × 10^e`. When `d` fits
//! in 53 bits and `|e| <= 22`, one correctly rounded multiplication or
//! division by an exact power of ten is the answer (Clinger's fast path).
//! Otherwise a close first guess from floating point is corrected one step
//! at a time by comparing `d × 10^e`, in big integers, with the halfway
//! points to the guess's neighbours (ties to even).

use std::cmp::Ordering;

/// Parse `[+-]digits[.digits][(e|E)[+-]digits]` (either side of the point
/// may be empty, not both). `None` for anything else, for values beyond
/// `f64::MAX` and for infinities and NaN, which no figure may be.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let neg = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut seen = false;
    while i < b.len() && b[i].is_ascii_digit() {
        push_digit(&mut digits, b[i]);
        seen = true;
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            push_digit(&mut digits, b[i]);
            exp -= 1;
            seen = true;
            i += 1;
        }
    }
    if !seen {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let eneg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            e = (e * 10 + (b[i] - b'0') as i64).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if eneg { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    let v = magnitude(&mut digits, exp)?;
    Some(if neg { -v } else { v })
}

/// Appends a digit, skipping leading zeros.
fn push_digit(digits: &mut Vec<u8>, c: u8) {
    if !(digits.is_empty() && c == b'0') {
        digits.push(c - b'0');
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The nearest f64 to `digits × 10^exp` (digits without leading zeros).
fn magnitude(digits: &mut Vec<u8>, mut exp: i64) -> Option<f64> {
    // Trailing zeros only move the exponent.
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    let n = digits.len() as i64;
    // Beyond the range of f64 either way (the largest is about 1.8e308 and
    // the smallest above zero about 4.9e-324).
    if n + exp > 310 {
        return None;
    }
    if n + exp < -325 {
        return Some(0.0);
    }
    if n <= 15 && exp.abs() <= 22 {
        let w = digits.iter().fold(0u64, |w, d| w * 10 + *d as u64) as f64;
        return Some(if exp >= 0 {
            w * POW10[exp as usize]
        } else {
            w / POW10[(-exp) as usize]
        });
    }
    // A first guess within a few units in the last place: the leading 19
    // digits, scaled in floating point.
    let lead = digits.len().min(19);
    let w = digits[..lead].iter().fold(0u64, |w, d| w * 10 + *d as u64) as f64;
    let e = exp + (digits.len() - lead) as i64;
    let mut z = scale10(w, e);
    if !z.is_finite() {
        z = f64::MAX;
    }
    let exact = Big::from_digits(digits);
    for _ in 0..4096 {
        let (m, k) = decompose(z);
        // Compare the exact value with the halfway points above and below z.
        match compare(&exact, exp, 2 * m + 1, k - 1) {
            Ordering::Greater => {
                if z == f64::MAX {
                    return None;
                }
                z = next_up(z);
                continue;
            }
            Ordering::Equal => {
                // A tie: to the neighbour with an even mantissa.
                return Some(if m % 2 == 0 { z } else { next_up(z) });
            }
            Ordering::Less => {}
        }
        if z == 0.0 {
            return Some(0.0);
        }
        // Below z the gap halves when z is a power of two (not subnormal).
        let (lm, lk) = if m == 1 << 52 && k > -1074 {
            (4 * m - 1, k - 2)
        } else {
            (2 * m - 1, k - 1)
        };
        match compare(&exact, exp, lm, lk) {
            Ordering::Less => z = next_down(z),
            Ordering::Equal => return Some(if m % 2 == 0 { z } else { next_down(z) }),
            Ordering::Greater => return Some(z),
        }
    }
    Some(z)
}

/// `w × 10^e` in floating point, in steps: each rounds, so the result is
/// within a few units in the last place, which the caller corrects.
fn scale10(mut w: f64, mut e: i64) -> f64 {
    while e > 22 {
        w *= 1e22;
        e -= 22;
    }
    while e < -22 {
        w /= 1e22;
        e += 22;
    }
    if e >= 0 {
        w * POW10[e as usize]
    } else {
        w / POW10[(-e) as usize]
    }
}

/// `z = m × 2^k` with `m` the integer mantissa (z >= 0, finite).
fn decompose(z: f64) -> (u64, i64) {
    let bits = z.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64;
    let f = bits & ((1 << 52) - 1);
    if e == 0 {
        (f, -1074)
    } else {
        (f | (1 << 52), e - 1075)
    }
}

fn next_up(z: f64) -> f64 {
    f64::from_bits(z.to_bits() + 1)
}

fn next_down(z: f64) -> f64 {
    if z == 0.0 {
        0.0
    } else {
        f64::from_bits(z.to_bits() - 1)
    }
}

/// `digits × 10^exp` against `m × 2^k`, in exact integers.
fn compare(digits: &Big, exp: i64, m: u64, k: i64) -> Ordering {
    let mut left = digits.clone();
    let mut right = Big::from_u64(m);
    if exp >= 0 {
        left.mul_pow10(exp as u32);
    } else {
        right.mul_pow10((-exp) as u32);
    }
    if k >= 0 {
        right.shl(k as u32);
    } else {
        left.shl((-k) as u32);
    }
    left.cmp(&right)
}

/// An unsigned big integer, little-endian 32-bit limbs, no leading zeros.
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }
    fn from_digits(d: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in d.chunks(9) {
            let mut v = 0u32;
            for x in chunk {
                v = v * 10 + *x as u32;
            }
            b.mul_small(10u32.pow(chunk.len() as u32));
            b.add_small(v);
        }
        b
    }
    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut() {
            let v = *limb as u64 * m as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn add_small(&mut self, a: u32) {
        let mut carry = a as u64;
        for limb in self.0.iter_mut() {
            if carry == 0 {
                return;
            }
            let v = *limb as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn mul_pow10(&mut self, mut e: u32) {
        while e >= 9 {
            self.mul_small(1_000_000_000);
            e -= 9;
        }
        if e > 0 {
            self.mul_small(10u32.pow(e));
        }
    }
    fn shl(&mut self, bits: u32) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if limbs > 0 {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }
    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;
    use crate::rng::Rng;

    fn same(s: &str) {
        let ours = parse_f64(s);
        let std = s.parse::<f64>().ok().filter(|v| v.is_finite());
        assert_eq!(
            ours.map(f64::to_bits),
            std.map(f64::to_bits),
            "{s}: ours {ours:?}, std {std:?}"
        );
    }

    #[test]
    fn agrees_with_the_standard_parser_on_hand_picked_cases() {
        for s in [
            "0",
            "-0",
            "1",
            "+1",
            "0.1",
            ".5",
            "5.",
            "1e5",
            "1E-5",
            "0.30000000000000004",
            "123456789.12345679",
            "9007199254740993",
            "9007199254740992",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "5e-324",
            "1e-400",
            "1e400",
            "0.000000000000000000000000000001",
            "123456789012345678901234567890",
            "2.2250738585072012e-308",
            "7.2057594037927933e16",
            "1448997445238699",
            "0.1e1",
            "000123.4500e-2",
            "1e23",
            "8.98846567431158e307",
            "358012345.00",
            "1234567890123456789012345678901234567890e-20",
        ] {
            same(s);
        }
    }

    #[test]
    fn rejects_what_is_not_a_decimal_number() {
        for s in [
            "", "-", ".", "e5", "1e", "1e+", "1.2.3", "NaN", "inf", "1,5", " 1", "1 ", "0x10",
            "--1",
        ] {
            assert_eq!(parse_f64(s), None, "{s:?}");
        }
    }

    #[test]
    fn round_trips_every_shortest_form_and_random_decimals() {
        let mut rng = Rng::new(7);
        let mut bits = 0x1234_5678_9abc_def0u64;
        for i in 0..200_000 {
            // Random doubles across the whole range, written shortest.
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let v = f64::from_bits(bits);
            if v.is_finite() {
                let s = format!("{v:?}");
                assert_eq!(parse_f64(&s).map(f64::to_bits), Some(v.to_bits()), "{s}");
                if i % 4 == 0 {
                    same(&format!("{v:e}"));
                }
            }
            // Figures as the app meets them: a few to 20 digits, any point.
            let digits = 1 + (rng.next_f64() * 20.0) as usize;
            let mut s = String::new();
            for _ in 0..digits {
                s.push((b'0' + (rng.next_f64() * 10.0) as u8) as char);
            }
            let point = (rng.next_f64() * (digits as f64 + 1.0)) as usize;
            s.insert(point, '.');
            if s == "." {
                continue;
            }
            if i % 3 == 0 {
                s += &format!("e{}", (rng.next_f64() * 80.0) as i32 - 40);
            }
            same(&s);
        }
    }
}
