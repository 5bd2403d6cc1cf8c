//! From REST listings to the events the Connector emitted for what they show.
//!
//! Listings can be large (every message of a day), so items are not parsed into trees: each is
//! kept as its raw JSON text (see `raw.rs`), which becomes the event's data as it is.

use std::borrow::Cow;

use super::raw::{
    boolean, elements, listing_items, status_changed, string, with_attachment_ids, Fields,
};
use super::select::normalized_instant;
use super::{CatchUpError, CatchUpInput, CatchUpPlan, ItemProblem, Synthesized, RECONSTRUCTABLE};
use crate::sort::heap_sort;

/// The events the listings prove happened at or after `input.from`, oldest first, each with
/// the data the live event carried as far as the current state shows it (see
/// [`RECONSTRUCTABLE`] for what each one holds).
///
/// Listing items that cannot be read (not an object, no id, a missing or malformed date) are
/// reported in [`CatchUpPlan::problems`] and the rest is still reconciled.
///
/// # Errors
///
/// [`CatchUpError::InvalidWatermark`] for a malformed `from`, [`CatchUpError::InvalidListing`]
/// for a listing that is not a JSON array.
pub fn reconcile(input: &CatchUpInput<'_>) -> Result<CatchUpPlan, CatchUpError> {
    let from = input.from.map(normalized_instant).transpose()?;
    let mut work = Work {
        events: &input.events,
        from,
        plan: CatchUpPlan::default(),
    };
    let predecessors = items(input.predecessors, "predecessors")?;
    let attributes = items(input.attributes, "attributes")?;
    for (index, item) in items(input.relationships, "relationships")?
        .iter()
        .enumerate()
    {
        work.relationship(index, item);
    }
    for (index, item) in items(input.messages, "messages")?.iter().enumerate() {
        work.message(index, item);
    }
    for (index, item) in attributes.iter().enumerate() {
        work.attribute(index, item, &attributes, &predecessors);
    }
    for (index, item) in items(input.incoming_requests, "incomingRequests")?
        .iter()
        .enumerate()
    {
        work.incoming_request(index, item);
    }
    for (index, item) in items(input.outgoing_requests, "outgoingRequests")?
        .iter()
        .enumerate()
    {
        work.outgoing_request(index, item);
    }
    let mut plan = work.plan;
    let rank = |name: &str| RECONSTRUCTABLE.iter().position(|r| r.event == name);
    // The position found in breaks the last ties, so the order is the one a stable sort gives.
    let mut found: Vec<(usize, Synthesized)> = plan.events.into_iter().enumerate().collect();
    heap_sort(&mut found, |(i, a), (j, b)| {
        (&a.at, rank(a.name), &a.subject, i) < (&b.at, rank(b.name), &b.subject, j)
    });
    plan.events = found.into_iter().map(|(_, event)| event).collect();
    plan.latest = plan.events.iter().map(|e| e.at.clone()).max();
    heap_sort(&mut plan.missing_predecessors, |a, b| a < b);
    plan.missing_predecessors.dedup();
    Ok(plan)
}

fn items<'a>(text: Option<&'a str>, listing: &'static str) -> Result<Vec<&'a str>, CatchUpError> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    listing_items(text).map_err(|error| CatchUpError::InvalidListing {
        listing,
        reason: format!(
            "expected a JSON array of objects: {} at byte {}",
            error.kind, error.offset
        ),
    })
}

struct Work<'a> {
    events: &'a [&'static str],
    from: Option<String>,
    plan: CatchUpPlan,
}

impl Work<'_> {
    fn wants(&self, name: &str) -> bool {
        self.events.contains(&name)
    }

    fn problem(&mut self, path: String, message: impl Into<String>) {
        self.plan.problems.push(ItemProblem {
            path,
            message: message.into(),
        });
    }

    /// The item's fields and its string `id`, else a reported problem.
    fn entity<'v>(
        &mut self,
        listing: &str,
        index: usize,
        item: &'v str,
    ) -> Option<(Fields<'v>, String)> {
        let Some(fields) = Fields::of(item) else {
            self.problem(format!("{listing}[{index}]"), "expected an object");
            return None;
        };
        match string(fields.id) {
            Some(id) => Some((fields, id.into_owned())),
            None => {
                self.problem(format!("{listing}[{index}].id"), "expected a string");
                None
            }
        }
    }

    /// The normalized instant in `raw`, else a reported problem at `path`.
    fn instant(&mut self, raw: Option<&str>, path: String) -> Option<String> {
        let Some(text) = string(raw) else {
            self.problem(path, "expected an ISO-8601 date-time string");
            return None;
        };
        match normalized_instant(&text) {
            Ok(instant) => Some(instant),
            Err(_) => {
                let found: String = text.chars().take(64).collect();
                self.problem(
                    path,
                    format!("expected an ISO-8601 UTC date-time, found {found:?}"),
                );
                None
            }
        }
    }

    fn recent(&self, at: &str) -> bool {
        self.from.as_deref().is_none_or(|from| at >= from)
    }

    fn emit(&mut self, name: &'static str, data: impl FnOnce() -> String, at: &str, subject: &str) {
        if self.wants(name) && self.recent(at) {
            let data = data();
            self.plan.events.push(Synthesized {
                name,
                key: crate::event_key(name, Some(&data)),
                data,
                at: at.to_string(),
                subject: subject.to_string(),
            });
        }
    }

    fn message(&mut self, index: usize, item: &str) {
        let Some((fields, id)) = self.entity("messages", index, item) else {
            return;
        };
        let Some(at) = self.instant(fields.created_at, format!("messages[{index}].createdAt"))
        else {
            return;
        };
        let name = match boolean(fields.is_own) {
            Some(true) => "transport.messageSent",
            Some(false) => "transport.messageReceived",
            None => return self.problem(format!("messages[{index}].isOwn"), "expected a boolean"),
        };
        // Events carry attachment ids; a listing that expanded them to FileDTOs is folded back.
        let expanded = fields.attachments.is_some_and(|raw| raw.contains('{'));
        self.emit(
            name,
            || {
                if expanded {
                    with_attachment_ids(item)
                } else {
                    item.to_string()
                }
            },
            &at,
            &id,
        );
    }

    fn relationship(&mut self, index: usize, item: &str) {
        let Some((fields, id)) = self.entity("relationships", index, item) else {
            return;
        };
        let log = fields.audit_log.and_then(elements);
        let Some(last) = log.as_ref().and_then(|log| log.last()) else {
            return self.problem(
                format!("relationships[{index}].auditLog"),
                "expected a non-empty array",
            );
        };
        let entry = Fields::of(last).unwrap_or_default();
        let path = format!(
            "relationships[{index}].auditLog[{}].createdAt",
            log.as_ref().map_or(0, Vec::len) - 1
        );
        let Some(at) = self.instant(entry.created_at, path) else {
            return;
        };
        let data = || item.to_string();
        self.emit("transport.relationshipChanged", data, &at, &id);
        match string(entry.reason).as_deref() {
            Some("ReactivationRequested") => {
                self.emit(
                    "transport.relationshipReactivationRequested",
                    data,
                    &at,
                    &id,
                );
            }
            Some(
                "AcceptanceOfReactivation" | "RejectionOfReactivation" | "RevocationOfReactivation",
            ) => {
                self.emit(
                    "transport.relationshipReactivationCompleted",
                    data,
                    &at,
                    &id,
                );
            }
            _ => {}
        }
    }

    fn attribute(&mut self, index: usize, item: &str, listed: &[&str], fetched: &[&str]) {
        let Some((fields, id)) = self.entity("attributes", index, item) else {
            return;
        };
        let Some(at) = self.instant(fields.created_at, format!("attributes[{index}].createdAt"))
        else {
            return;
        };
        let Some(predecessor_id) = string(fields.succeeds) else {
            return self.emit(
                "consumption.attributeCreated",
                || item.to_string(),
                &at,
                &id,
            );
        };
        if !(self.wants("consumption.attributeSucceeded") && self.recent(&at)) {
            return;
        }
        let same_id = |raw: &&&str| {
            Fields::of(raw)
                .and_then(|f| string(f.id).map(|id| id == predecessor_id))
                .unwrap_or(false)
        };
        match listed.iter().chain(fetched).find(same_id) {
            Some(predecessor) => {
                let data = || format!(r#"{{"predecessor":{},"successor":{}}}"#, predecessor, item);
                self.emit("consumption.attributeSucceeded", data, &at, &id);
            }
            None => self
                .plan
                .missing_predecessors
                .push(predecessor_id.into_owned()),
        }
    }

    fn incoming_request(&mut self, index: usize, item: &str) {
        let Some((fields, id)) = self.entity("incomingRequests", index, item) else {
            return;
        };
        if string(fields.status).as_deref() != Some("ManualDecisionRequired") {
            return;
        }
        let Some(at) = self.instant(
            fields.created_at,
            format!("incomingRequests[{index}].createdAt"),
        ) else {
            return;
        };
        let data = || status_changed(item, "DecisionRequired", "ManualDecisionRequired");
        self.emit("consumption.incomingRequestStatusChanged", data, &at, &id);
    }

    fn outgoing_request(&mut self, index: usize, item: &str) {
        let Some((fields, id)) = self.entity("outgoingRequests", index, item) else {
            return;
        };
        if string(fields.status).as_deref() != Some("Completed") {
            return;
        }
        let response = fields.response.and_then(Fields::of).unwrap_or_default();
        let Some(at) = self.instant(
            response.created_at,
            format!("outgoingRequests[{index}].response.createdAt"),
        ) else {
            return;
        };
        let source_type = |source: Option<&str>| {
            source
                .and_then(Fields::of)
                .and_then(|f| string(f.kind).map(Cow::into_owned))
        };
        let data = || item.to_string();
        if source_type(fields.source).as_deref() == Some("RelationshipTemplate") {
            // Created from a response that arrived with a relationship or a ResponseWrapper:
            // the Connector announced it as created-and-completed, never as a status change.
            self.emit(
                "consumption.outgoingRequestCreatedAndCompleted",
                data,
                &at,
                &id,
            );
            if source_type(response.source).as_deref() == Some("Relationship") {
                self.emit(
                    "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
                    data,
                    &at,
                    &id,
                );
            }
        } else {
            let data = || status_changed(item, "Open", "Completed");
            self.emit("consumption.outgoingRequestStatusChanged", data, &at, &id);
        }
    }
}
