//! The report page's entry point: `/report.html`, a report link for anyone.

fn main() {
    drempel::report::mount();
}
