//! Drawing, written once and generic over the plotters backend: the page
//! draws on a canvas (`canvas.rs`), export and print write SVG (`svg.rs`),
//! and native tests draw SVG too.
//!
//! `k` scales every size (fonts, strokes, margins): it is the canvas's
//! device-pixel ratio, because plotters-canvas draws in backing-store pixels
//! and knows nothing of HiDPI screens. SVG uses 1.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Drawing, LineChart, Rgb, Stroke, Unit, Waterfall, BLUE, GREEN, VERMILLION};
use crate::format;

pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

const INK: RGBColor = RGBColor(33, 33, 33);
const GRID: RGBColor = RGBColor(224, 224, 224);

/// Draw a chart's drawing onto `root`, filling it.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &Drawing,
    k: f64,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    match d {
        Drawing::Lines(c) => lines(root, c, k),
        Drawing::Waterfall(w) => waterfall(root, w, k),
    }
}

/// A "nice" upper bound and step for an axis from 0 (or below) to `max`.
pub fn nice_range(min: f64, max: f64) -> (f64, f64) {
    let span = (max - min).max(1e-9);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((min / step).floor() * step, (max / step).ceil() * step)
}

fn axis_label(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Pounds => {
            let m = v / 1e6;
            let sign = if m < 0.0 { "−" } else { "" };
            let a = m.abs();
            if a >= 10.0 || a == 0.0 {
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

fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &LineChart,
    k: f64,
) -> DrawResult<DB> {
    let n = c.years.len();
    let (w, _) = root.dim_in_pixel();
    let css_width = w as f64 / k;
    let short = css_width < 520.0;
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
    let all = stacked.iter().flatten().copied();
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = nice_range(lo, if hi <= lo { lo + 1.0 } else { hi });
    let font = ("sans-serif", 13.0 * k).into_font().color(&INK);
    let label_every = if css_width / (n as f64) < 44.0 { 2 } else { 1 };
    let mut chart = ChartBuilder::on(root)
        .margin_top((10.0 * k) as u32)
        .margin_right((16.0 * k) as u32)
        .margin_left((4.0 * k) as u32)
        .x_label_area_size((26.0 * k) as u32)
        .y_label_area_size((if c.unit == Unit::Count { 52.0 } else { 56.0 } * k) as u32)
        .build_cartesian_2d(-0.2f64..(n as f64 - 0.8), lo..hi)?;
    let x_fmt = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 || i as usize >= n || (i as usize) % label_every != 0 {
            String::new()
        } else {
            year_tick(&c.years[i as usize], short)
        }
    };
    let y_fmt = |v: &f64| axis_label(c.unit, *v);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font.clone())
        .bold_line_style(GRID.stroke_width((1.0 * k).max(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width((1.0 * k).max(1.0) as u32))
        .draw()?;
    let width = (2.5 * k).round().max(1.0) as u32;
    if c.stacked {
        // Top series first so lower ones paint over them.
        for (i, s) in c.series.iter().enumerate().rev() {
            let top = &stacked[i];
            let colour = rgb(s.colour);
            chart.draw_series(
                AreaSeries::new(
                    top.iter().enumerate().map(|(t, v)| (t as f64, *v)),
                    0.0,
                    colour.mix(0.85).filled(),
                )
                .border_style(WHITE.stroke_width((1.0 * k).max(1.0) as u32)),
            )?;
        }
    } else {
        if lo < 0.0 {
            chart.draw_series(LineSeries::new(
                [(-0.2, 0.0), (n as f64 - 0.8, 0.0)],
                INK.stroke_width((1.0 * k).max(1.0) as u32),
            ))?;
        }
        for s in &c.series {
            let style = rgb(s.colour).stroke_width(width);
            let points: Vec<(f64, f64)> = s
                .values
                .iter()
                .enumerate()
                .map(|(t, v)| (t as f64, *v))
                .collect();
            match s.stroke {
                Stroke::Solid => {
                    chart.draw_series(LineSeries::new(points.iter().copied(), style))?;
                }
                Stroke::Dashed => {
                    let (dash, gap) = ((9.0 * k) as u32, (6.0 * k) as u32);
                    chart.draw_series(DashedLineSeries::new(
                        points.iter().copied(),
                        dash,
                        gap,
                        style,
                    ))?;
                }
                Stroke::Dotted => {
                    let (dash, gap) = ((2.5 * k) as u32, (5.0 * k) as u32);
                    chart.draw_series(DashedLineSeries::new(
                        points.iter().copied(),
                        dash.max(1),
                        gap,
                        style,
                    ))?;
                }
            }
            // Markers in the same shape on every line: shape tells lines apart too.
            let r = (3.5 * k) as u32;
            match s.stroke {
                Stroke::Solid => chart.draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, r, rgb(s.colour).filled())),
                )?,
                Stroke::Dashed => chart.draw_series(
                    points
                        .iter()
                        .map(|p| TriangleMarker::new(*p, r + 1, rgb(s.colour).filled())),
                )?,
                Stroke::Dotted => chart.draw_series(points.iter().map(|p| {
                    Cross::new(*p, r, rgb(s.colour).stroke_width((1.5 * k).max(1.0) as u32))
                }))?,
            };
        }
    }
    root.present()
}

fn waterfall<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    w: &Waterfall,
    k: f64,
) -> DrawResult<DB> {
    let n = w.bars.len();
    let (lo, hi) = w.bars.iter().fold((0.0f64, 0.0f64), |(lo, hi), b| {
        (lo.min(b.from.min(b.to)), hi.max(b.from.max(b.to)))
    });
    let (lo, hi) = nice_range(lo, if hi <= lo { lo + 1.0 } else { hi });
    let (w_px, _) = root.dim_in_pixel();
    let narrow = (w_px as f64 / k) < 480.0;
    // Room on the right for the value labels.
    let hi = hi + (hi - lo) * if narrow { 0.45 } else { 0.18 };
    let font = ("sans-serif", 13.0 * k).into_font().color(&INK);
    let longest = w.bars.iter().map(|b| b.label.len()).max().unwrap_or(8) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin_top((8.0 * k) as u32)
        .margin_right((12.0 * k) as u32)
        .x_label_area_size((26.0 * k) as u32)
        .y_label_area_size(((longest * 7.2 + 12.0) * k) as u32)
        .build_cartesian_2d(lo..hi, -0.5f64..(n as f64 - 0.5))?;
    let y_fmt = |y: &f64| {
        let i = y.round();
        if (y - i).abs() > 1e-6 || i < 0.0 || i as usize >= n {
            String::new()
        } else {
            w.bars[n - 1 - i as usize].label.clone()
        }
    };
    let x_fmt = |v: &f64| axis_label(Unit::Pounds, *v);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n + 1)
        .x_labels(if narrow { 3 } else { 5 })
        .y_label_formatter(&y_fmt)
        .x_label_formatter(&x_fmt)
        .label_style(font.clone())
        .bold_line_style(GRID.stroke_width((1.0 * k).max(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width((1.0 * k).max(1.0) as u32))
        .draw()?;
    let half = 0.32;
    for (i, b) in w.bars.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let colour = if b.total {
            if i == 0 {
                VERMILLION
            } else {
                BLUE
            }
        } else if b.to <= b.from {
            GREEN
        } else {
            (230, 159, 0)
        };
        let (a, z) = (b.from.min(b.to), b.from.max(b.to));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, y - half), (z.max(a + (hi - lo) * 0.002), y + half)],
            rgb(colour).filled(),
        )))?;
        // Steps are joined by a thin line so the eye follows the running total.
        if i + 1 < n && !w.bars[i + 1].total {
            chart.draw_series(LineSeries::new(
                [(b.to, y - half), (b.to, y - 1.0 + half)],
                INK.mix(0.6).stroke_width((1.0 * k).max(1.0) as u32),
            ))?;
        }
        let text = if b.total {
            format::pounds(b.to)
        } else {
            let d = b.to - b.from;
            format!(
                "{}{}",
                if d <= 0.0 { "−" } else { "+" },
                format::pounds(d.abs())
            )
        };
        chart.draw_series(std::iter::once(Text::new(
            text,
            (z + (hi - lo) * 0.01, y + 0.12),
            font.clone(),
        )))?;
    }
    root.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ranges_cover_the_data_with_round_steps() {
        assert_eq!(nice_range(0.0, 358e6), (0.0, 400e6));
        assert_eq!(nice_range(-12.0, 47.0), (-20.0, 60.0));
        let (lo, hi) = nice_range(0.0, 4321.0);
        assert!(lo == 0.0 && hi >= 4321.0 && hi <= 5000.0);
    }

    #[test]
    fn axis_labels_are_in_pounds_millions_or_counts() {
        assert_eq!(axis_label(Unit::Pounds, 150e6), "£150m");
        assert_eq!(axis_label(Unit::Pounds, -2.5e6), "−£2.5m");
        assert_eq!(axis_label(Unit::Count, 5000.0), "5,000");
        assert_eq!(year_tick("2026-27", true), "26-27");
    }
}
