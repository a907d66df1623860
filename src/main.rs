//! The field app's entry point: what a volunteer's phone loads.

fn main() {
    drempel::field::mount();
}
