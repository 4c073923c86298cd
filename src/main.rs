//! Mount the app, nothing else.
fn main() {
    if let Some(loading) = leptos::prelude::document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(high_needs_explorer::app::App);
}
