//! The coordinator app's entry point: `/coordinator.html`.

fn main() {
    drempel::coordinator::mount();
}
