//! When a failed call is tried again, and after how long: a pure function of the attempt
//! number, a random number and the server's `Retry-After`, so tests can pin every delay.

use super::error::{RestError, RestErrorKind};

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The connection failed; the request may or may not have reached the Connector.
    Network,
    /// No complete answer within the timeout; the request may have reached the Connector.
    Timeout,
    /// The caller aborted.
    Aborted,
    /// The Connector (or a proxy before it) answered with this status.
    Status(u16),
    /// Nothing was sent: the call itself was invalid.
    InvalidArgument,
    /// The answer was larger than the client takes; it would be as large again.
    TooLarge,
}

impl Failure {
    /// The failure a [`RestError`] stands for.
    pub fn of(error: &RestError) -> Failure {
        match error.kind {
            RestErrorKind::Network => Failure::Network,
            RestErrorKind::Timeout => Failure::Timeout,
            RestErrorKind::Aborted => Failure::Aborted,
            RestErrorKind::InvalidArgument => Failure::InvalidArgument,
            RestErrorKind::TooLarge => Failure::TooLarge,
            RestErrorKind::Connector | RestErrorKind::InvalidResponse => {
                Failure::Status(error.status)
            }
        }
    }

    /// Whether trying again can help: network failures, timeouts and 5xx answers. Never a 4xx
    /// (the same request fails the same way), an abort, or a 2xx that was not understood.
    pub fn transient(self) -> bool {
        match self {
            Failure::Network | Failure::Timeout => true,
            Failure::Status(status) => (500..600).contains(&status),
            Failure::Aborted | Failure::InvalidArgument | Failure::TooLarge => false,
        }
    }
}

/// Exponential backoff with jitter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: never retry). Default 3.
    pub max_attempts: u32,
    /// The ceiling of the first delay, in ms. Default 250.
    pub base_delay_ms: f64,
    /// No delay is longer; a `Retry-After` asking for more ends the retries. Default 5000.
    pub max_delay_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 250.0,
            max_delay_ms: 5_000.0,
        }
    }
}

impl RetryPolicy {
    /// How long to wait before the next attempt after attempt `attempt` (1-based) failed with
    /// `failure`, or `None` to give up.
    ///
    /// The delay's ceiling doubles per attempt from `base_delay_ms` up to `max_delay_ms`; the
    /// delay is drawn from the upper half of it (`random` in [0, 1)), so concurrent clients
    /// spread out without any retry coming at once. A `retry_after_ms` the server asked for is
    /// waited at least, unless it is longer than `max_delay_ms`: then the call gives up rather
    /// than hammer a server that asked for quiet. A request that is not `idempotent` is never
    /// repeated: it may have reached the Connector.
    pub fn delay_after(
        &self,
        attempt: u32,
        failure: Failure,
        idempotent: bool,
        random: f64,
        retry_after_ms: Option<f64>,
    ) -> Option<f64> {
        if attempt >= self.max_attempts || !idempotent || !failure.transient() {
            return None;
        }
        let max = self.max_delay_ms.max(0.0);
        let doublings = attempt.saturating_sub(1).min(52) as i32;
        let ceiling = (self.base_delay_ms.max(0.0) * 2f64.powi(doublings)).min(max);
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let delay = ceiling / 2.0 + random * ceiling / 2.0;
        match retry_after_ms {
            Some(asked) if asked > max => None,
            Some(asked) => Some(delay.max(asked)),
            None => Some(delay),
        }
    }
}

/// A `Retry-After` header value in ms from `now_ms` (ms since the Unix epoch): delta seconds
/// (`120`) or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, in the past: 0). `None` when it is
/// neither.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Integer parsing: float parsing would add kilobytes of wasm for nothing.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds as f64 * 1000.0);
    }
    http_date_ms(value).map(|at| (at - now_ms).max(0.0))
}

/// Milliseconds since the Unix epoch of an IMF-fixdate (RFC 9110), the form servers send.
fn http_date_ms(value: &str) -> Option<f64> {
    let mut parts = value.split(' ');
    let (_weekday, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let number = |text: &str| -> Option<i64> {
        text.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| text.parse().ok())?
    };
    let (day, year) = (number(day)?, number(year)?);
    let mut clock = time.split(':');
    let (h, m, s) = (
        number(clock.next()?)?,
        number(clock.next()?)?,
        number(clock.next()?)?,
    );
    if clock.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3_600 + m * 60 + s) * 1000) as f64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 5,
        base_delay_ms: 100.0,
        max_delay_ms: 1_000.0,
    };

    #[test]
    fn delays_double_from_the_upper_half_of_the_ceiling_up_to_the_maximum() {
        let low = |attempt| POLICY.delay_after(attempt, Failure::Network, true, 0.0, None);
        let high = |attempt| POLICY.delay_after(attempt, Failure::Network, true, 0.999_999, None);
        assert_eq!(low(1), Some(50.0));
        assert_eq!(low(2), Some(100.0));
        assert_eq!(low(3), Some(200.0));
        assert_eq!(low(4), Some(400.0));
        assert!((high(4).unwrap() - 800.0).abs() < 0.01);
        assert_eq!(
            RetryPolicy {
                max_attempts: 9,
                ..POLICY
            }
            .delay_after(8, Failure::Timeout, true, 0.5, None),
            Some(750.0)
        );
        assert_eq!(
            POLICY.delay_after(5, Failure::Network, true, 0.0, None),
            None
        );
    }

    #[test]
    fn only_transient_failures_of_idempotent_requests_are_retried() {
        for failure in [
            Failure::Network,
            Failure::Timeout,
            Failure::Status(500),
            Failure::Status(503),
            Failure::Status(599),
        ] {
            assert!(
                POLICY.delay_after(1, failure, true, 0.5, None).is_some(),
                "{failure:?}"
            );
            assert_eq!(
                POLICY.delay_after(1, failure, false, 0.5, None),
                None,
                "{failure:?}"
            );
        }
        for failure in [
            Failure::Status(400),
            Failure::Status(401),
            Failure::Status(403),
            Failure::Status(404),
            Failure::Status(429),
            Failure::Status(200),
            Failure::Aborted,
            Failure::InvalidArgument,
            Failure::TooLarge,
        ] {
            assert_eq!(
                POLICY.delay_after(1, failure, true, 0.5, None),
                None,
                "{failure:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_a_floor_and_too_long_a_one_ends_the_retries() {
        assert_eq!(
            POLICY.delay_after(1, Failure::Status(503), true, 0.0, Some(700.0)),
            Some(700.0)
        );
        assert_eq!(
            POLICY.delay_after(1, Failure::Status(503), true, 0.0, Some(10.0)),
            Some(50.0)
        );
        assert_eq!(
            POLICY.delay_after(1, Failure::Status(503), true, 0.0, Some(1_000.1)),
            None
        );
    }

    #[test]
    fn odd_numbers_give_sane_delays() {
        let odd = RetryPolicy {
            max_attempts: u32::MAX,
            base_delay_ms: f64::MAX,
            max_delay_ms: 1e3,
        };
        assert_eq!(
            odd.delay_after(1_000_000, Failure::Network, true, f64::NAN, None),
            Some(750.0)
        );
        let negative = RetryPolicy {
            max_attempts: 3,
            base_delay_ms: -5.0,
            max_delay_ms: -1.0,
        };
        assert_eq!(
            negative.delay_after(1, Failure::Network, true, 2.0, None),
            Some(0.0)
        );
        assert_eq!(
            RetryPolicy {
                max_attempts: 0,
                ..POLICY
            }
            .delay_after(1, Failure::Network, true, 0.0, None),
            None
        );
    }

    #[test]
    fn retry_after_values() {
        assert_eq!(parse_retry_after("120", 0.0), Some(120_000.0));
        assert_eq!(parse_retry_after(" 0 ", 5.0), Some(0.0));
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0.0),
            Some(u64::MAX as f64 * 1000.0)
        );
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        let at = 784_111_777_000.0;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 2_000.0),
            Some(2_000.0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 9.0),
            Some(0.0)
        );
        assert_eq!(
            parse_retry_after("Tue, 01 Dec 2026 14:00:00 GMT", 0.0),
            Some(1_796_133_600_000.0)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0.0), None, "{bad}");
        }
    }
}
