//! Mount the app, nothing else.
fn main() {
    leptos::mount::mount_to_body(high_needs_explorer::app::App);
}
