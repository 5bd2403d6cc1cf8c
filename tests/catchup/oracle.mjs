// The README's table of reconstructable events, as an oracle independent of src/catchup: is this
// event, emitted while nobody received it, one that the REST API's current state proves?
export function reconstructable({ trigger, data }, fake) {
  switch (trigger) {
    case "transport.messageReceived":
    case "transport.messageSent":
      return true;
    case "transport.relationshipChanged":
    case "transport.relationshipReactivationRequested":
    case "transport.relationshipReactivationCompleted":
      // Only the relationship's current state: the event whose audit log is the whole log now.
      return fake.relationships.find((r) => r.id === data.id).auditLog.length === data.auditLog.length;
    case "consumption.incomingRequestStatusChanged":
      return data.newStatus === "ManualDecisionRequired" && fake.incomingRequests.find((r) => r.id === data.request.id).status === "ManualDecisionRequired";
    case "consumption.outgoingRequestStatusChanged":
      return data.newStatus === "Completed";
    case "consumption.attributeCreated":
      return fake.attributes.some((a) => a.id === data.id);
    case "consumption.attributeSucceeded":
      return fake.attributes.some((a) => a.id === data.successor.id);
    default:
      return false;
  }
}

/** The key the package gives an event the fake emitted (as a webhook delivery of it). */
export function keyOf(pkg, { trigger, data }) {
  return pkg.parseDelivery({ kind: "webhook", body: JSON.stringify({ trigger, data }) }).key;
}
