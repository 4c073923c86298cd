//! Start the app, nothing else (`app::boot`).
fn main() {
    high_needs_explorer::app::boot();
}
