//! Drawing, written once and generic over the plotters backend: the page
//! draws on a canvas (`canvas.rs`), export and print write SVG (`svg.rs`),
//! and native tests draw SVG too.
//!
//! In two steps. [`layout`] turns a chart into a list of [`Shape`]s in pixels:
//! axes, grid, labels, lines, bars; it is plain Rust, compiled once and
//! tested natively. [`draw`] hands the shapes to any plotters backend: the
//! only generic code. (Plotters' own chart builder is generic through and
//! through; compiled for two backends it cost the app 95 KB of wasm.)
//!
//! `k` scales every size (fonts, strokes, margins): it is the canvas's
//! device-pixel ratio, because plotters-canvas draws in backing-store pixels
//! and knows nothing of HiDPI screens. SVG uses 1.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{Drawing, LineChart, Rgb, Stroke, Unit, Waterfall, BLUE, GREEN, VERMILLION};
use crate::format;

pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

const INK: Rgb = (33, 33, 33);
const GRID: Rgb = (224, 224, 224);
const WHITE_RGB: Rgb = (255, 255, 255);
/// A step that adds to the deficit.
pub const ORANGE: Rgb = (230, 159, 0);

/// Where a text sits relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Left,
    Centre,
    Right,
}

/// One thing to draw, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        from: (i32, i32),
        to: (i32, i32),
        fill: Rgb,
    },
    Line {
        points: Vec<(i32, i32)>,
        colour: Rgb,
        width: u32,
    },
    Polygon {
        points: Vec<(i32, i32)>,
        fill: Rgb,
    },
    Circle {
        at: (i32, i32),
        radius: u32,
        fill: Rgb,
    },
    Text {
        text: String,
        at: (i32, i32),
        size: f64,
        anchor: Anchor,
    },
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Draw a chart's drawing onto `root`, filling it.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &Drawing,
    k: f64,
) -> DrawResult<DB> {
    let (w, h) = root.dim_in_pixel();
    root.fill(&WHITE)?;
    for shape in layout(d, w as f64, h as f64, k) {
        match shape {
            Shape::Rect { from, to, fill } => {
                root.draw(&Rectangle::new([from, to], rgb(fill).filled()))?
            }
            Shape::Line {
                points,
                colour,
                width,
            } => root.draw(&PathElement::new(points, rgb(colour).stroke_width(width)))?,
            Shape::Polygon { points, fill } => {
                root.draw(&Polygon::new(points, rgb(fill).filled()))?
            }
            Shape::Circle { at, radius, fill } => {
                root.draw(&Circle::new(at, radius, rgb(fill).filled()))?
            }
            Shape::Text {
                text,
                at,
                size,
                anchor,
            } => {
                let h = match anchor {
                    Anchor::Left => HPos::Left,
                    Anchor::Centre => HPos::Center,
                    Anchor::Right => HPos::Right,
                };
                let style = (FontFamily::SansSerif, size)
                    .into_font()
                    .color(&rgb(INK))
                    .pos(Pos::new(h, VPos::Center));
                root.draw(&Text::new(text, at, style))?
            }
        }
    }
    root.present()
}

/// A round axis range covering `min..max`, and its step (about 5 steps).
pub fn nice_axis(min: f64, max: f64) -> (f64, f64, f64) {
    let span = (max - min).max(1e-9);
    let raw = span / 5.0;
    // The power of ten at or below `raw`, by steps rather than log10/powf,
    // which would bring the maths library into the wasm for one axis.
    let mut mag = 1.0f64;
    while mag * 10.0 <= raw {
        mag *= 10.0;
    }
    while mag > raw {
        mag /= 10.0;
    }
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    (
        (min / step).floor() * step,
        (max / step).ceil() * step,
        step,
    )
}

/// A "nice" range for an axis covering `min..max`.
pub fn nice_range(min: f64, max: f64) -> (f64, f64) {
    let (lo, hi, _) = nice_axis(min, max);
    (lo, hi)
}

fn axis_label(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Pounds => {
            let m = v / 1e6;
            let sign = if m < -1e-9 { "−" } else { "" };
            let a = m.abs();
            if !(1e-9..10.0).contains(&a) {
                format!("{sign}£{a:.0}m")
            } else {
                format!("{sign}£{a:.1}m")
            }
        }
        Unit::Count => format::count(v),
    }
}

/// "2026-27" -> "26-27" where space is short.
fn year_tick(label: &str, short: bool) -> String {
    if short && label.len() == 7 {
        label[2..].to_string()
    } else {
        label.to_string()
    }
}

/// A colour mixed with white: `amount` of the colour.
pub fn tint(c: Rgb, amount: f64) -> Rgb {
    let mix = |x: u8| (x as f64 * amount + 255.0 * (1.0 - amount)).round() as u8;
    (mix(c.0), mix(c.1), mix(c.2))
}

/// Dashes along a polyline: `on` pixels drawn, `off` skipped.
fn dashes(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    let mut drawing = true;
    let mut left = on;
    let mut current: Vec<(f64, f64)> = points.first().copied().into_iter().collect();
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut done = 0.0;
        while len - done > left {
            done += left;
            let t = done / len;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if drawing {
                current.push(p);
                out.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            drawing = !drawing;
            left = if drawing { on } else { off };
        }
        left -= len - done;
        if drawing {
            current.push(b);
        }
    }
    if drawing && current.len() > 1 {
        out.push(current);
    }
    out.into_iter()
        .map(|seg| {
            seg.into_iter()
                .map(|(x, y)| (x.round() as i32, y.round() as i32))
                .collect()
        })
        .collect()
}

/// The shapes of a drawing on a `w` x `h` pixel area.
pub fn layout(d: &Drawing, w: f64, h: f64, k: f64) -> Vec<Shape> {
    match d {
        Drawing::Lines(c) => lines(c, w, h, k),
        Drawing::Waterfall(wf) => waterfall(wf, w, h, k),
    }
}

fn text(out: &mut Vec<Shape>, s: String, x: f64, y: f64, size: f64, anchor: Anchor) {
    out.push(Shape::Text {
        text: s,
        at: (x.round() as i32, y.round() as i32),
        size,
        anchor,
    });
}

fn line(out: &mut Vec<Shape>, points: &[(f64, f64)], colour: Rgb, width: f64) {
    out.push(Shape::Line {
        points: points
            .iter()
            .map(|(x, y)| (x.round() as i32, y.round() as i32))
            .collect(),
        colour,
        width: width.round().max(1.0) as u32,
    });
}

fn lines(c: &LineChart, w: f64, h: f64, k: f64) -> Vec<Shape> {
    let mut out = Vec::new();
    let n = c.years.len();
    if n == 0 {
        return out;
    }
    let short = w / k < 520.0;
    let font = 13.0 * k;
    // Stack from the bottom: each series sits on the ones before it.
    let mut stacked: Vec<Vec<f64>> = Vec::with_capacity(c.series.len());
    for (i, s) in c.series.iter().enumerate() {
        let below = if i == 0 {
            vec![0.0; n]
        } else {
            stacked[i - 1].clone()
        };
        stacked.push(if c.stacked {
            below.iter().zip(&s.values).map(|(b, v)| b + v).collect()
        } else {
            s.values.clone()
        });
    }
    let band_values = c.band.iter().flat_map(|b| b.low.iter().chain(&b.high));
    let (lo, hi) = stacked
        .iter()
        .flatten()
        .chain(band_values)
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let (lo, hi, step) = nice_axis(lo, if hi <= lo { lo + 1.0 } else { hi });
    let left = if c.unit == Unit::Count { 56.0 } else { 60.0 } * k;
    let (right, top, bottom) = (16.0 * k, 10.0 * k, 28.0 * k);
    let (pw, ph) = ((w - left - right).max(1.0), (h - top - bottom).max(1.0));
    let span = (n as f64 - 1.0).max(1.0) + 0.4;
    let x = |t: f64| left + (t + 0.2) / span * pw;
    let y = |v: f64| top + (hi - v) / (hi - lo) * ph;
    // Grid and value labels.
    let mut v = lo;
    while v <= hi + step * 1e-6 {
        line(&mut out, &[(left, y(v)), (left + pw, y(v))], GRID, k);
        text(
            &mut out,
            axis_label(c.unit, v),
            left - 6.0 * k,
            y(v),
            font,
            Anchor::Right,
        );
        v += step;
    }
    // Axes, and the years below.
    line(
        &mut out,
        &[(left, top), (left, top + ph), (left + pw, top + ph)],
        INK,
        k,
    );
    let every = if pw / (n as f64 * k) < 44.0 { 2 } else { 1 };
    for (t, year) in c.years.iter().enumerate() {
        line(
            &mut out,
            &[(x(t as f64), top + ph), (x(t as f64), top + ph + 4.0 * k)],
            INK,
            k,
        );
        if t % every == 0 {
            text(
                &mut out,
                year_tick(year, short),
                x(t as f64),
                top + ph + 15.0 * k,
                font,
                Anchor::Centre,
            );
        }
    }
    if lo < 0.0 {
        line(&mut out, &[(left, y(0.0)), (left + pw, y(0.0))], INK, k);
    }
    if let Some(g) = c.goal.as_ref().filter(|g| g.t < n) {
        // A dashed line at the goal year, and its words beside it.
        let gx = x(g.t as f64);
        let dash = 6.0 * k;
        let mut y0 = top;
        while y0 < top + ph {
            let y1 = (y0 + dash).min(top + ph);
            line(&mut out, &[(gx, y0), (gx, y1)], INK, 1.5 * k);
            y0 += 2.0 * dash;
        }
        let right_half = gx > left + pw / 2.0;
        text(
            &mut out,
            g.label.clone(),
            if right_half {
                gx - 5.0 * k
            } else {
                gx + 5.0 * k
            },
            top + 10.0 * k,
            font,
            if right_half {
                Anchor::Right
            } else {
                Anchor::Left
            },
        );
    }
    let width = 2.5 * k;
    if let Some(b) = &c.band {
        // The band first, lines over it: along the top, back along the bottom.
        let mut points: Vec<(i32, i32)> = Vec::with_capacity(2 * n);
        for t in 0..n {
            points.push((x(t as f64).round() as i32, y(b.high[t]).round() as i32));
        }
        for t in (0..n).rev() {
            points.push((x(t as f64).round() as i32, y(b.low[t]).round() as i32));
        }
        out.push(Shape::Polygon {
            points,
            fill: tint(b.colour, 0.3),
        });
    }
    if c.stacked {
        for (i, s) in c.series.iter().enumerate() {
            let top_line: Vec<(f64, f64)> = stacked[i]
                .iter()
                .enumerate()
                .map(|(t, v)| (x(t as f64), y(*v)))
                .collect();
            let mut points = top_line.clone();
            for t in (0..n).rev() {
                let below = if i == 0 { 0.0 } else { stacked[i - 1][t] };
                points.push((x(t as f64), y(below)));
            }
            out.push(Shape::Polygon {
                points: points
                    .iter()
                    .map(|(a, b)| (a.round() as i32, b.round() as i32))
                    .collect(),
                fill: tint(s.colour, 0.85),
            });
            line(&mut out, &top_line, WHITE_RGB, k);
        }
        return out;
    }
    for s in &c.series {
        let points: Vec<(f64, f64)> = s
            .values
            .iter()
            .enumerate()
            .map(|(t, v)| (x(t as f64), y(*v)))
            .collect();
        match s.stroke {
            Stroke::Solid => line(&mut out, &points, s.colour, width),
            Stroke::Dashed | Stroke::Dotted => {
                let (on, off) = if s.stroke == Stroke::Dashed {
                    (9.0, 6.0)
                } else {
                    (2.5, 5.0)
                };
                for seg in dashes(&points, on * k, off * k) {
                    out.push(Shape::Line {
                        points: seg,
                        colour: s.colour,
                        width: width.round().max(1.0) as u32,
                    });
                }
            }
        }
        // A marker shape per line style: shape tells lines apart too.
        let r = 3.5 * k;
        for &(px, py) in &points {
            match s.stroke {
                Stroke::Solid => out.push(Shape::Circle {
                    at: (px.round() as i32, py.round() as i32),
                    radius: r.round() as u32,
                    fill: s.colour,
                }),
                Stroke::Dashed => out.push(Shape::Polygon {
                    points: [(px, py - r - k), (px - r - k, py + r), (px + r + k, py + r)]
                        .iter()
                        .map(|(a, b)| (a.round() as i32, b.round() as i32))
                        .collect(),
                    fill: s.colour,
                }),
                Stroke::Dotted => {
                    line(
                        &mut out,
                        &[(px - r, py - r), (px + r, py + r)],
                        s.colour,
                        1.5 * k,
                    );
                    line(
                        &mut out,
                        &[(px - r, py + r), (px + r, py - r)],
                        s.colour,
                        1.5 * k,
                    );
                }
            }
        }
    }
    out
}

/// The width (CSS pixels) of a bar chart's label column beside the bars.
fn label_column(wf: &Waterfall) -> f64 {
    let longest = wf
        .bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(8) as f64;
    longest * 7.2 + 14.0
}

/// Whether the labels go above the bars: when beside them they would take
/// more than 40% of a `css_width` chart (a phone).
pub fn labels_above(wf: &Waterfall, css_width: f64) -> bool {
    label_column(wf) > 0.4 * css_width
}

fn waterfall(wf: &Waterfall, w: f64, h: f64, k: f64) -> Vec<Shape> {
    let mut out = Vec::new();
    let n = wf.bars.len();
    if n == 0 {
        return out;
    }
    let font = 13.0 * k;
    let narrow = w / k < 480.0;
    // A waterfall's totals start at zero; a tornado's scale fits its bars.
    let start = match wf.reference {
        None => (0.0f64, 0.0f64),
        Some(r) => (r, r),
    };
    let (lo, hi) = wf.bars.iter().fold(start, |(lo, hi), b| {
        (lo.min(b.from.min(b.to)), hi.max(b.from.max(b.to)))
    });
    let (lo, hi, step) = nice_axis(lo, if hi <= lo { lo + 1.0 } else { hi });
    let above = labels_above(wf, w / k);
    let left = if above {
        // Room for half of the first pound label, centred on the axis.
        26.0 * k
    } else {
        label_column(wf) * k
    };
    // Room on the right for the value labels.
    let right = if narrow { 64.0 } else { 80.0 } * k;
    let (top, bottom) = (8.0 * k, 28.0 * k);
    let (pw, ph) = ((w - left - right).max(1.0), (h - top - bottom).max(1.0));
    let x = |v: f64| left + (v - lo) / (hi - lo) * pw;
    let row = ph / n as f64;
    // On a narrow screen each label sits above its bar, so bars keep the width.
    let lift = if above { 8.0 * k } else { 0.0 };
    let y = |i: usize| top + row * (i as f64 + 0.5) + lift;
    let half = row * if above { 0.2 } else { 0.32 };
    // Grid and pound labels: as many labels as fit, about 48 px each.
    let count = ((hi - lo) / step).round().max(1.0);
    let every = ((48.0 * k * (count + 1.0)) / pw).ceil().max(1.0) as usize;
    let mut v = lo;
    let mut i = 0;
    while v <= hi + step * 1e-6 {
        line(&mut out, &[(x(v), top), (x(v), top + ph)], GRID, k);
        if i % every == 0 {
            text(
                &mut out,
                axis_label(Unit::Pounds, v),
                x(v),
                top + ph + 15.0 * k,
                font,
                Anchor::Centre,
            );
        }
        v += step;
        i += 1;
    }
    line(
        &mut out,
        &[(left, top), (left, top + ph), (left + pw, top + ph)],
        INK,
        k,
    );
    let mut on_top = Vec::new();
    for (i, b) in wf.bars.iter().enumerate() {
        let colour = if b.total {
            if i == 0 {
                VERMILLION
            } else {
                BLUE
            }
        } else if b.to <= b.from {
            GREEN
        } else {
            ORANGE
        };
        let (a, z) = (b.from.min(b.to), b.from.max(b.to));
        let (xa, xz) = (x(a), x(z).max(x(a) + k));
        out.push(Shape::Rect {
            from: (xa.round() as i32, (y(i) - half).round() as i32),
            to: (xz.round() as i32, (y(i) + half).round() as i32),
            fill: colour,
        });
        // Steps are joined by a thin line so the eye follows the running total.
        if wf.reference.is_none() && i + 1 < n && !wf.bars[i + 1].total {
            line(
                &mut out,
                &[(x(b.to), y(i) + half), (x(b.to), y(i + 1) - half)],
                tint(INK, 0.6),
                k,
            );
        }
        if above {
            on_top.push((b.label.clone(), left + 4.0 * k, y(i) - half - 9.0 * k));
        } else {
            text(
                &mut out,
                b.label.clone(),
                left - 6.0 * k,
                y(i),
                font,
                Anchor::Right,
            );
        }
        let value = if b.total {
            format::pounds(b.to)
        } else {
            let d = b.to - b.from;
            format!(
                "{}{}",
                if d <= 0.0 { "−" } else { "+" },
                format::pounds(d.abs())
            )
        };
        text(&mut out, value, xz + 4.0 * k, y(i), font, Anchor::Left);
    }
    if let Some(r) = wf.reference {
        line(&mut out, &[(x(r), top), (x(r), top + ph)], INK, 1.5 * k);
    }
    // Labels above the bars go on last, each on a white ground, so neither
    // the reference line nor the grid runs through their letters.
    for (label, lx, ly) in on_top {
        let width = label.chars().count() as f64 * font * 0.56;
        out.push(Shape::Rect {
            from: (
                (lx - 2.0 * k).round() as i32,
                (ly - font * 0.7).round() as i32,
            ),
            to: (
                (lx + width + 2.0 * k).round() as i32,
                (ly + font * 0.7).round() as i32,
            ),
            fill: (255, 255, 255),
        });
        text(&mut out, label, lx, ly, font, Anchor::Left);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::data::{self, Bar};

    #[test]
    fn nice_ranges_cover_the_data_with_round_steps() {
        assert_eq!(nice_range(0.0, 358e6), (0.0, 400e6));
        assert_eq!(nice_range(-12.0, 47.0), (-20.0, 60.0));
        let (lo, hi) = nice_range(0.0, 4321.0);
        assert!(lo == 0.0 && (4321.0..=5000.0).contains(&hi));
        assert_eq!(nice_axis(0.0, 358e6).2, 100e6);
    }

    #[test]
    fn axis_labels_are_in_pounds_millions_or_counts() {
        assert_eq!(axis_label(Unit::Pounds, 150e6), "£150m");
        assert_eq!(axis_label(Unit::Pounds, -2.5e6), "−£2.5m");
        assert_eq!(axis_label(Unit::Pounds, 0.0), "£0m");
        assert_eq!(axis_label(Unit::Count, 5000.0), "5,000");
        assert_eq!(year_tick("2026-27", true), "26-27");
    }

    #[test]
    fn dashes_alternate_along_the_line() {
        let segs = dashes(&[(0.0, 0.0), (30.0, 0.0)], 9.0, 6.0);
        assert_eq!(segs, vec![vec![(0, 0), (9, 0)], vec![(15, 0), (24, 0)]]);
    }

    #[test]
    fn labels_above_bars_sit_on_white_over_the_reference_line() {
        let wf = Waterfall {
            reference: Some(100.0),
            bars: vec![
                Bar {
                    label: "Delivery of the plan".into(),
                    from: 60.0,
                    to: 150.0,
                    total: false,
                },
                Bar {
                    label: "Funding growth".into(),
                    from: 130.0,
                    to: 80.0,
                    total: false,
                },
            ],
        };
        assert!(labels_above(&wf, 320.0));
        let shapes = layout(&Drawing::Waterfall(wf), 320.0, 300.0, 1.0);
        let line_at = shapes
            .iter()
            .rposition(|s| matches!(s, Shape::Line { colour, .. } if *colour == INK))
            .unwrap();
        for name in ["Delivery of the plan", "Funding growth"] {
            let at = shapes
                .iter()
                .position(|s| matches!(s, Shape::Text { text, .. } if text == name))
                .unwrap();
            assert!(at > line_at, "{name} is drawn after the reference line");
            let Shape::Rect { from, to, fill } = &shapes[at - 1] else {
                panic!("{name} has no ground")
            };
            let Shape::Text { at: (tx, ty), .. } = &shapes[at] else {
                panic!()
            };
            assert_eq!(*fill, (255, 255, 255));
            assert!(from.0 < *tx && from.1 < *ty && to.1 > *ty);
            // Wide enough for the words at about 0.56 em a letter.
            assert!((to.0 - from.0) as f64 >= name.len() as f64 * 13.0 * 0.56);
        }
    }

    #[test]
    fn shapes_stay_inside_the_area() {
        let run = hne_model::project(&hne_model::examples::by_name("example").unwrap()).unwrap();
        for chart in [data::spend(&run), data::deficit(&run), data::ehcps(&run)] {
            for (w, k) in [(320.0, 1.0), (1200.0, 2.0)] {
                for s in layout(&chart.drawing, w, 300.0 * k, k) {
                    if let Shape::Line { points, .. } | Shape::Polygon { points, .. } = s {
                        for (x, y) in points {
                            assert!(
                                (0..=w as i32).contains(&x)
                                    && (0..=(300.0 * k) as i32).contains(&y),
                                "{} ({x},{y})",
                                chart.id
                            );
                        }
                    }
                }
            }
        }
        let wf = Waterfall {
            reference: None,
            bars: vec![
                Bar {
                    label: "No plan".into(),
                    from: 0.0,
                    to: 100.0,
                    total: true,
                },
                Bar {
                    label: "Banding".into(),
                    from: 100.0,
                    to: 120.0,
                    total: false,
                },
                Bar {
                    label: "With this plan".into(),
                    from: 0.0,
                    to: 120.0,
                    total: true,
                },
            ],
        };
        let shapes = layout(&Drawing::Waterfall(wf), 600.0, 200.0, 1.0);
        let bars: Vec<Rgb> = shapes
            .iter()
            .filter_map(|s| {
                if let Shape::Rect { fill, .. } = s {
                    Some(*fill)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(
            bars,
            vec![VERMILLION, ORANGE, BLUE],
            "a step that adds is orange, not the total's colour"
        );
        assert!(shapes
            .iter()
            .any(|s| matches!(s, Shape::Text { text, .. } if text == "+£20")));
    }

    #[test]
    fn the_goal_is_a_dashed_line_with_its_words() {
        let run = hne_model::project(&hne_model::examples::example_borough()).unwrap();
        let mut chart = crate::charts::data::spend(&run);
        let plain = layout(&chart.drawing, 800.0, 320.0, 1.0);
        crate::charts::data::mark_goal(&mut chart, 3, "2029-30");
        assert!(chart.summary.contains("the goal, balance from 2029-30"));
        let marked = layout(&chart.drawing, 800.0, 320.0, 1.0);
        assert!(marked.iter().any(
            |s| matches!(s, Shape::Text { text, .. } if text == "Goal: balance from 2029-30")
        ));
        let dashes = marked.len() - plain.len() - 1;
        assert!(dashes > 5, "{dashes} dashes");
        // A year outside the chart marks nothing.
        let mut other = crate::charts::data::spend(&run);
        crate::charts::data::mark_goal(&mut other, 99, "2099-00");
        assert_eq!(layout(&other.drawing, 800.0, 320.0, 1.0).len(), plain.len());
    }
}
