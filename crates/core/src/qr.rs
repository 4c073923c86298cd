//! QR codes for workshops: made with the `qrcode` crate (drawn here as
//! SVG) and read with `quircs` (a port of quirc) from the pixels of a
//! photo, a screenshot or a camera frame. Both are kept libraries with no
//! image crate behind them.

use qrcode::{Color, EcLevel, QrCode};

/// A QR code's modules, `size` x `size`, true = dark.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    pub size: usize,
    modules: Vec<bool>,
}

impl Qr {
    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.modules[y * self.size + x]
    }
}

/// Encode `text` at error-correction level M (a phone's photo of a
/// projector survives it), or L when it is long; `None` if it is too long
/// for any QR code.
pub fn encode(text: &str) -> Option<Qr> {
    let level = if text.len() > 1200 {
        EcLevel::L
    } else {
        EcLevel::M
    };
    let code = QrCode::with_error_correction_level(text.as_bytes(), level).ok()?;
    Some(Qr {
        size: code.width(),
        modules: code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    })
}

/// The dark modules as one SVG path, in a square of side
/// [`Qr::size`]` + 8` (four modules of quiet zone each side). Runs of dark
/// modules in a row are one rectangle each.
pub fn path(qr: &Qr) -> String {
    let mut path = String::new();
    for y in 0..qr.size {
        let mut x = 0;
        while x < qr.size {
            if qr.dark(x, y) {
                let start = x;
                while x < qr.size && qr.dark(x, y) {
                    x += 1;
                }
                path += &format!("M{} {}h{}v1h-{}z", start + 4, y + 4, x - start, x - start);
            } else {
                x += 1;
            }
        }
    }
    path
}

/// The texts of every QR code found in an image, given as its brightness
/// (one byte a pixel, row by row). Codes that are found but cannot be read
/// are left out; an image with none gives an empty list.
pub fn read(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return Vec::new();
    }
    let mut decoder = quircs::Quirc::default();
    decoder
        .identify(width, height, &luma[..width * height])
        .filter_map(|code| code.ok()?.decode().ok())
        .filter_map(|data| String::from_utf8(data.payload).ok())
        .collect()
}

/// Brightness from RGBA pixels (a canvas's `ImageData`), weighted as the
/// eye sees (ITU-R BT.601).
pub fn luma_of_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code drawn as a photo might see it: `scale` pixels a module,
    /// a grey background, and a little noise.
    fn picture(q: &Qr, scale: usize) -> (usize, Vec<u8>) {
        let n = (q.size + 8) * scale + 40;
        let mut px = vec![200u8; n * n];
        for y in 0..(q.size + 8) * scale {
            for x in 0..(q.size + 8) * scale {
                let (mx, my) = (x / scale, y / scale);
                let dark = (4..q.size + 4).contains(&mx)
                    && (4..q.size + 4).contains(&my)
                    && q.dark(mx - 4, my - 4);
                let noise = ((x * 7 + y * 13) % 23) as u8;
                px[(y + 20) * n + x + 20] = if dark { 20 + noise } else { 235 - noise };
            }
        }
        (n, px)
    }

    #[test]
    fn a_drawn_code_reads_back() {
        for text in [
            "W3-ABCDE-FGHJK-MNPQR-STVWX-YZ",
            "Siân O'Brien: W4-00000-11111-22222-33333-4444-ABCD",
        ] {
            let q = encode(text).unwrap();
            let (n, px) = picture(&q, 5);
            assert_eq!(read(n, n, &px), vec![text.to_string()]);
        }
        // A link with a council's own figures in it: a long code, still read.
        let long = format!(
            "https://example.org/hne/?workshop=S1-AAAAA-BBBBB#s={}",
            "x".repeat(900)
        );
        let q = encode(&long).unwrap();
        let (n, px) = picture(&q, 3);
        assert_eq!(read(n, n, &px), vec![long]);
        assert!(encode(&"x".repeat(4000)).is_none());
    }

    #[test]
    fn an_image_with_no_code_gives_nothing_and_bad_sizes_do_not_panic() {
        assert!(read(50, 50, &vec![128u8; 2500]).is_empty());
        assert!(read(50, 50, &[0u8; 10]).is_empty());
        assert!(read(0, 0, &[]).is_empty());
        assert_eq!(
            luma_of_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]),
            vec![255, 0]
        );
    }

    #[test]
    fn the_path_draws_every_dark_module_once() {
        let q = encode("HNE").unwrap();
        assert_eq!(q.size, 21);
        let p = path(&q);
        let drawn: usize = p
            .split('M')
            .skip(1)
            .map(|r| {
                r.split('h')
                    .nth(1)
                    .unwrap()
                    .split('v')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        let dark = (0..q.size)
            .flat_map(|y| (0..q.size).map(move |x| (x, y)))
            .filter(|&(x, y)| q.dark(x, y))
            .count();
        assert_eq!(drawn, dark);
        assert!(
            p.starts_with("M4 4h7v1h-7z"),
            "the finder's top edge: {p:.20}"
        );
    }
}
