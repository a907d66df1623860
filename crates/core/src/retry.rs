//! When to try again after a failure: exponential backoff with jitter, so a
//! room full of phones coming back online does not knock all at once.

/// Delay before attempt `failures + 1`, in milliseconds: `base · 2^failures`,
/// capped at `max`, then spread over its upper half by `jitter` (0.0..=1.0,
/// supplied by the caller so this stays deterministic).
pub fn backoff_ms(failures: u32, base_ms: u64, max_ms: u64, jitter: f64) -> u64 {
    let exponential = base_ms.saturating_mul(1u64 << failures.min(32));
    let capped = exponential.min(max_ms);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Half fixed, half random: never less than half the nominal delay.
    let half = capped / 2;
    half + ((capped - half) as f64 * jitter).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doubles_until_the_cap() {
        assert_eq!(backoff_ms(0, 1_000, 30_000, 1.0), 1_000);
        assert_eq!(backoff_ms(1, 1_000, 30_000, 1.0), 2_000);
        assert_eq!(backoff_ms(4, 1_000, 30_000, 1.0), 16_000);
        assert_eq!(backoff_ms(5, 1_000, 30_000, 1.0), 30_000);
        assert_eq!(backoff_ms(400, 1_000, 30_000, 1.0), 30_000);
    }

    #[test]
    fn jitter_spreads_over_the_upper_half() {
        assert_eq!(backoff_ms(3, 1_000, 30_000, 0.0), 4_000);
        assert_eq!(backoff_ms(3, 1_000, 30_000, 0.5), 6_000);
        assert_eq!(backoff_ms(3, 1_000, 30_000, f64::NAN), 4_000);
    }

    proptest! {
        #[test]
        fn stays_within_half_and_whole_of_the_capped_delay(
            failures in 0u32..100, base in 1u64..100_000, max in 1u64..10_000_000, jitter in any::<f64>()
        ) {
            let nominal = base.saturating_mul(1u64 << failures.min(32)).min(max);
            let delay = backoff_ms(failures, base, max, jitter);
            prop_assert!(delay >= nominal / 2 && delay <= nominal);
        }
    }
}
