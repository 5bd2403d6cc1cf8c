//! Which events to reconstruct, and the listing queries that find them.

use super::{CatchUpError, Listing, ListingQuery, RECONSTRUCTABLE};
use crate::Pattern;

/// The reconstructable event names the given names or trigger patterns select, in
/// [`RECONSTRUCTABLE`] order (`["**"]` selects all).
///
/// # Errors
///
/// [`CatchUpError::InvalidPattern`] for a pattern the Connector could not use, and
/// [`CatchUpError::NotReconstructable`] for one that selects no reconstructable event (such as
/// `transport.peerDeleted`): asking for an event catch-up can never deliver is a mistake.
pub fn selected_events(patterns: &[&str]) -> Result<Vec<&'static str>, CatchUpError> {
    let mut selected = vec![false; RECONSTRUCTABLE.len()];
    for text in patterns {
        let pattern = Pattern::parse(text).map_err(|error| CatchUpError::InvalidPattern {
            message: error.to_string(),
        })?;
        let mut any = false;
        for (index, entry) in RECONSTRUCTABLE.iter().enumerate() {
            if pattern.matches(entry.event) {
                selected[index] = true;
                any = true;
            }
        }
        if !any {
            return Err(CatchUpError::NotReconstructable {
                event: text.to_string(),
            });
        }
    }
    Ok(RECONSTRUCTABLE
        .iter()
        .zip(selected)
        .filter(|(_, on)| *on)
        .map(|(entry, _)| entry.event)
        .collect())
}

/// The listings to fetch for `events` (from [`selected_events`]) and their queries, for events
/// at or after `from` (`None`: everything).
///
/// # Errors
///
/// [`CatchUpError::InvalidWatermark`] when `from` is not ISO-8601 UTC date-time text (the
/// Connector compares dates as text, so any other form would select the wrong items).
pub fn catch_up_queries(
    events: &[&'static str],
    from: Option<&str>,
) -> Result<Vec<ListingQuery>, CatchUpError> {
    let from = from.map(normalized_instant).transpose()?;
    let from = from.as_deref();
    // In `Listing` order, each once (no sort: it would link a sorting routine for five values).
    let listings = Listing::ALL.into_iter().filter(|listing| {
        RECONSTRUCTABLE
            .iter()
            .any(|entry| entry.listing == *listing && events.contains(&entry.event))
    });
    let since = |field: &'static str| from.map(|from| (field, format!(">={from}")));
    Ok(listings
        .map(|listing| {
            let query = match listing {
                Listing::Messages | Listing::Attributes => since("createdAt").into_iter().collect(),
                // The Connector cannot filter relationships by time: their audit logs are read.
                Listing::Relationships => Vec::new(),
                // Every status: one still on its way to ManualDecisionRequired is read too.
                Listing::IncomingRequests => since("createdAt").into_iter().collect(),
                Listing::OutgoingRequests => std::iter::once(("status", "Completed".to_string()))
                    .chain(since("response.createdAt"))
                    .collect(),
            };
            ListingQuery { listing, query }
        })
        .collect())
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` as the Connector writes its dates, with exactly three
/// fraction digits (padded, or cut: for a lower bound, earlier is safe), so that comparing the
/// texts compares the instants, as the Connector's `DateFilter` does.
pub(super) fn normalized_instant(text: &str) -> Result<String, CatchUpError> {
    if !is_instant(text) {
        return Err(CatchUpError::InvalidWatermark {
            found: text.chars().take(64).collect(),
        });
    }
    let fraction = text.get(20..text.len() - 1).unwrap_or("");
    let millis: String = fraction.chars().chain("000".chars()).take(3).collect();
    Ok(format!("{}.{millis}Z", &text[..19]))
}

fn is_instant(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let at = |index: usize, byte: u8| bytes.get(index) == Some(&byte);
    let head = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    if !head || bytes.last() != Some(&b'Z') {
        return false;
    }
    match &bytes[19..bytes.len() - 1] {
        [] => true,
        [b'.', fraction @ ..] => !fraction.is_empty() && fraction.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}
