//! A small seeded PRNG (xoshiro256**, seeded by SplitMix64).
//!
//! Our own rather than a crate's: the same seed must give the same numbers on
//! every platform and every version of the app, natively and in wasm, and it
//! keeps getrandom (and its wasm feature flags) out of the build.

#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A triangular draw on [low, high] with mode `mode` (inverse CDF).
    pub fn triangular(&mut self, low: f64, mode: f64, high: f64) -> f64 {
        let u = self.next_f64();
        triangular_quantile(u, low, mode, high)
    }
}

/// The quantile function of the triangular distribution.
pub fn triangular_quantile(u: f64, low: f64, mode: f64, high: f64) -> f64 {
    let width = high - low;
    if width <= 0.0 {
        return mode;
    }
    let fc = (mode - low) / width;
    let v = if u < fc {
        low + (u * width * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * width * (high - mode)).sqrt()
    };
    v.clamp(low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seed_differs() {
        let a: Vec<u64> = (0..5)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let c: Vec<u64> = (0..5)
            .scan(Rng::new(8), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn uniform_mean_near_half() {
        let mut r = Rng::new(1);
        let n = 100_000;
        let mean = (0..n).map(|_| r.next_f64()).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "mean {mean}");
    }

    #[test]
    fn triangular_quantiles_hit_the_ends_and_mode() {
        assert_eq!(triangular_quantile(0.0, 1.0, 2.0, 4.0), 1.0);
        assert_eq!(triangular_quantile(1.0, 1.0, 2.0, 4.0), 4.0);
        // F(mode) = (mode - low) / (high - low) = 1/3
        assert!((triangular_quantile(1.0 / 3.0, 1.0, 2.0, 4.0) - 2.0).abs() < 1e-12);
        assert_eq!(triangular_quantile(0.3, 5.0, 5.0, 5.0), 5.0);
        // Sample mean of a triangular is (a + b + c) / 3.
        let mut r = Rng::new(3);
        let n = 200_000;
        let mean = (0..n).map(|_| r.triangular(0.0, 0.2, 1.0)).sum::<f64>() / n as f64;
        assert!((mean - 0.4).abs() < 0.005, "mean {mean}");
    }
}
