//! The app's entry point: mounts Drempel, nothing more.

fn main() {
    drempel::mount();
}
