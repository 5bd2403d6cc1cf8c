//! From REST listings to the events the Connector emitted for what they show.

use serde_json::{json, Map, Value};

use super::select::normalized_instant;
use super::{CatchUpError, CatchUpInput, CatchUpPlan, ItemProblem, Synthesized, RECONSTRUCTABLE};

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
    plan.events
        .sort_by(|a, b| (&a.at, rank(a.name), &a.subject).cmp(&(&b.at, rank(b.name), &b.subject)));
    plan.latest = plan.events.iter().map(|e| e.at.clone()).max();
    plan.missing_predecessors.sort();
    plan.missing_predecessors.dedup();
    Ok(plan)
}

fn items(text: Option<&str>, listing: &'static str) -> Result<Vec<Value>, CatchUpError> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    serde_json::from_str::<Vec<Value>>(text).map_err(|error| CatchUpError::InvalidListing {
        listing,
        reason: format!("expected a JSON array of objects: {error}"),
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

    /// The item as an object with a string `id`, else a reported problem.
    fn entity<'v>(
        &mut self,
        listing: &str,
        index: usize,
        item: &'v Value,
    ) -> Option<(&'v Map<String, Value>, &'v str)> {
        let Some(object) = item.as_object() else {
            self.problem(format!("{listing}[{index}]"), "expected an object");
            return None;
        };
        match object.get("id").and_then(Value::as_str) {
            Some(id) => Some((object, id)),
            None => {
                self.problem(format!("{listing}[{index}].id"), "expected a string");
                None
            }
        }
    }

    /// The normalized instant at `path` inside `object`, else a reported problem.
    fn instant(
        &mut self,
        object: &Map<String, Value>,
        path: &[&str],
        at: String,
    ) -> Option<String> {
        let mut value = object.get(path[0]);
        for key in &path[1..] {
            value = value.and_then(|v| v.get(key));
        }
        let Some(text) = value.and_then(Value::as_str) else {
            self.problem(at, "expected an ISO-8601 date-time string");
            return None;
        };
        match normalized_instant(text) {
            Ok(instant) => Some(instant),
            Err(_) => {
                let found: String = text.chars().take(64).collect();
                self.problem(
                    at,
                    format!("expected an ISO-8601 UTC date-time, found {found:?}"),
                );
                None
            }
        }
    }

    fn recent(&self, at: &str) -> bool {
        self.from.as_deref().is_none_or(|from| at >= from)
    }

    fn emit(&mut self, name: &'static str, data: String, at: &str, subject: &str) {
        if self.wants(name) && self.recent(at) {
            self.plan.events.push(Synthesized {
                name,
                key: crate::event_key(name, Some(&data)),
                data,
                at: at.to_string(),
                subject: subject.to_string(),
            });
        }
    }

    fn message(&mut self, index: usize, item: &Value) {
        let Some((object, id)) = self.entity("messages", index, item) else {
            return;
        };
        let Some(at) = self.instant(
            object,
            &["createdAt"],
            format!("messages[{index}].createdAt"),
        ) else {
            return;
        };
        let name = match object.get("isOwn").and_then(Value::as_bool) {
            Some(true) => "transport.messageSent",
            Some(false) => "transport.messageReceived",
            None => return self.problem(format!("messages[{index}].isOwn"), "expected a boolean"),
        };
        // Events carry attachment ids; a listing that expanded them to FileDTOs is folded back.
        let mut message = object.clone();
        if let Some(Value::Array(attachments)) = message.get_mut("attachments") {
            for attachment in attachments.iter_mut() {
                if let Some(file_id) = attachment.get("id").and_then(Value::as_str) {
                    *attachment = Value::String(file_id.to_string());
                }
            }
        }
        self.emit(name, Value::Object(message).to_string(), &at, id);
    }

    fn relationship(&mut self, index: usize, item: &Value) {
        let Some((object, id)) = self.entity("relationships", index, item) else {
            return;
        };
        let Some(last) = object
            .get("auditLog")
            .and_then(Value::as_array)
            .and_then(|log| log.last())
        else {
            return self.problem(
                format!("relationships[{index}].auditLog"),
                "expected a non-empty array",
            );
        };
        let entry = last.as_object().cloned().unwrap_or_default();
        let length = object["auditLog"].as_array().map_or(0, Vec::len);
        let Some(at) = self.instant(
            &entry,
            &["createdAt"],
            format!("relationships[{index}].auditLog[{}].createdAt", length - 1),
        ) else {
            return;
        };
        let data = item.to_string();
        self.emit("transport.relationshipChanged", data.clone(), &at, id);
        match entry.get("reason").and_then(Value::as_str) {
            Some("ReactivationRequested") => {
                self.emit("transport.relationshipReactivationRequested", data, &at, id);
            }
            Some(
                "AcceptanceOfReactivation" | "RejectionOfReactivation" | "RevocationOfReactivation",
            ) => {
                self.emit("transport.relationshipReactivationCompleted", data, &at, id);
            }
            _ => {}
        }
    }

    fn attribute(&mut self, index: usize, item: &Value, listed: &[Value], fetched: &[Value]) {
        let Some((object, id)) = self.entity("attributes", index, item) else {
            return;
        };
        let Some(at) = self.instant(
            object,
            &["createdAt"],
            format!("attributes[{index}].createdAt"),
        ) else {
            return;
        };
        let Some(predecessor_id) = object.get("succeeds").and_then(Value::as_str) else {
            return self.emit("consumption.attributeCreated", item.to_string(), &at, id);
        };
        if !(self.wants("consumption.attributeSucceeded") && self.recent(&at)) {
            return;
        }
        let by_id =
            |value: &&Value| value.get("id").and_then(Value::as_str) == Some(predecessor_id);
        match listed.iter().chain(fetched).find(by_id) {
            Some(predecessor) => {
                let data = json!({ "predecessor": predecessor, "successor": item }).to_string();
                self.emit("consumption.attributeSucceeded", data, &at, id);
            }
            None => self
                .plan
                .missing_predecessors
                .push(predecessor_id.to_string()),
        }
    }

    fn incoming_request(&mut self, index: usize, item: &Value) {
        let Some((object, id)) = self.entity("incomingRequests", index, item) else {
            return;
        };
        if object.get("status").and_then(Value::as_str) != Some("ManualDecisionRequired") {
            return;
        }
        let Some(at) = self.instant(
            object,
            &["createdAt"],
            format!("incomingRequests[{index}].createdAt"),
        ) else {
            return;
        };
        let data = json!({ "request": item, "oldStatus": "DecisionRequired", "newStatus": "ManualDecisionRequired" });
        self.emit(
            "consumption.incomingRequestStatusChanged",
            data.to_string(),
            &at,
            id,
        );
    }

    fn outgoing_request(&mut self, index: usize, item: &Value) {
        let Some((object, id)) = self.entity("outgoingRequests", index, item) else {
            return;
        };
        if object.get("status").and_then(Value::as_str) != Some("Completed") {
            return;
        }
        let Some(at) = self.instant(
            object,
            &["response", "createdAt"],
            format!("outgoingRequests[{index}].response.createdAt"),
        ) else {
            return;
        };
        let source_type = source_type_of;
        if source_type(object.get("source")) == Some("RelationshipTemplate") {
            // Created from a response that arrived with a relationship or a ResponseWrapper:
            // the Connector announced it as created-and-completed, never as a status change.
            self.emit(
                "consumption.outgoingRequestCreatedAndCompleted",
                item.to_string(),
                &at,
                id,
            );
            if source_type(object.get("response").and_then(|r| r.get("source")))
                == Some("Relationship")
            {
                self.emit(
                    "consumption.outgoingRequestFromRelationshipCreationCreatedAndCompleted",
                    item.to_string(),
                    &at,
                    id,
                );
            }
        } else {
            let data = json!({ "request": item, "oldStatus": "Open", "newStatus": "Completed" });
            self.emit(
                "consumption.outgoingRequestStatusChanged",
                data.to_string(),
                &at,
                id,
            );
        }
    }
}

/// `value.type` as a string (a request's or response's `source`).
fn source_type_of(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(|source| source.get("type"))
        .and_then(Value::as_str)
}
