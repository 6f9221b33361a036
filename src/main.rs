//! Entry point of the web app: mounts the root component on `<body>`.

fn main() {
    // Panics should never happen (errors are shown in the page), but if one
    // does, the browser console gets the message instead of "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(reelgraph::app::App);
}
