//! Pictures and the camera, for a workshop's QR codes: the browser gives
//! the pixels, `hne_core::qr` reads the codes in them.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Pictures larger than this on their longer side are scaled down first:
/// a phone's photo is 4,000 pixels wide, and a code needs far fewer.
const MAX_SIDE: f64 = 1600.0;

fn why(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}

/// A canvas of `w` x `h` (not in the page) and its 2D context.
fn canvas(w: u32, h: u32) -> Result<web_sys::CanvasRenderingContext2d, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no page")?;
    let c: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    c.set_width(w);
    c.set_height(h);
    c.get_context("2d")
        .map_err(why)?
        .ok_or("no drawing context")?
        .dyn_into()
        .map_err(|_| "no drawing context".into())
}

fn scaled(w: f64, h: f64) -> (u32, u32) {
    let k = (MAX_SIDE / w.max(h)).min(1.0);
    (
        (w * k).round().max(1.0) as u32,
        (h * k).round().max(1.0) as u32,
    )
}

fn codes_in(g: &web_sys::CanvasRenderingContext2d, w: u32, h: u32) -> Result<Vec<String>, String> {
    let data = g
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(why)?
        .data();
    Ok(hne_core::qr::read(
        w as usize,
        h as usize,
        &hne_core::qr::luma_of_rgba(&data),
    ))
}

/// The texts of the QR codes in a picture file.
pub async fn codes_in_image(file: &web_sys::File) -> Result<Vec<String>, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let promise = window.create_image_bitmap_with_blob(file).map_err(why)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| "it is not a picture this browser can open".to_string())?
        .dyn_into()
        .map_err(|_| "it is not a picture")?;
    let (w, h) = scaled(bitmap.width() as f64, bitmap.height() as f64);
    let g = canvas(w, h)?;
    g.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w as f64, h as f64)
        .map_err(why)?;
    bitmap.close();
    codes_in(&g, w, h)
}

/// A text file's text.
pub async fn text_of(file: &web_sys::File) -> Result<String, String> {
    if file.size() > 1_000_000.0 {
        return Err("it is over a megabyte: a file of codes is a few lines".into());
    }
    JsFuture::from(file.text())
        .await
        .map_err(|_| "it could not be read".to_string())?
        .as_string()
        .ok_or_else(|| "it is not text".into())
}

/// The camera, read a few times a second while it is on.
pub struct Camera {
    stream: web_sys::MediaStream,
    timer: i32,
    _tick: Closure<dyn FnMut()>,
}

impl Camera {
    /// Show the camera in `video` and call `on_code` with each code's text
    /// it sees (again each time it is seen).
    pub async fn start(
        video: web_sys::HtmlVideoElement,
        on_code: impl Fn(String) + 'static,
    ) -> Result<Camera, String> {
        let window = web_sys::window().ok_or("there is no window")?;
        let devices = window
            .navigator()
            .media_devices()
            .map_err(|_| "this browser gives no camera (a page opened from a file, or over plain http, has none)".to_string())?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let want = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&want, &"facingMode".into(), &"environment".into());
        constraints.set_video(&want);
        constraints.set_audio(&JsValue::FALSE);
        let stream: web_sys::MediaStream = JsFuture::from(
            devices
                .get_user_media_with_constraints(&constraints)
                .map_err(why)?,
        )
        .await
        .map_err(|e| match why(e) {
            m if m.contains("ermission") || m.contains("denied") => {
                "permission to use it was not given".to_string()
            }
            m => format!("it did not start ({m})"),
        })?
        .dyn_into()
        .map_err(|_| "no video")?;
        video.set_src_object(Some(&stream));
        let _ = video.play();
        let v = video.clone();
        let tick = Closure::<dyn FnMut()>::new(move || {
            if v.ready_state() < 2 || v.video_width() == 0 {
                return;
            }
            let (w, h) = scaled(v.video_width() as f64, v.video_height() as f64);
            if let Ok(g) = canvas(w, h) {
                if g.draw_image_with_html_video_element_and_dw_and_dh(
                    &v, 0.0, 0.0, w as f64, h as f64,
                )
                .is_ok()
                {
                    for text in codes_in(&g, w, h).unwrap_or_default() {
                        on_code(text);
                    }
                }
            }
        });
        let timer = window
            .set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                350,
            )
            .map_err(why)?;
        Ok(Camera {
            stream,
            timer,
            _tick: tick,
        })
    }

    pub fn stop(self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.timer);
        }
        for t in self.stream.get_tracks().iter() {
            if let Ok(t) = t.dyn_into::<web_sys::MediaStreamTrack>() {
                t.stop();
            }
        }
    }
}
