//! What a host hands in: one delivery from one of the Connector's delivery modules.

/// One delivery, as it arrived. Bodies are raw bytes (UTF-8, a byte order mark is allowed).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery<'a> {
    /// A POST from the Webhooks module: `{"trigger", "data"}`. `url` is the request URL, which
    /// names the event when the target URL was configured with `{{trigger}}`; the body may then
    /// be the bare data.
    Webhook {
        body: &'a [u8],
        url: Option<&'a str>,
    },
    /// An AMQP message: the routing key is the event name, the body the data.
    Amqp {
        routing_key: &'a str,
        body: &'a [u8],
    },
    /// An MQTT message: the topic is the event name with `/` for `.`.
    Mqtt { topic: &'a str, body: &'a [u8] },
    /// A Redis pub/sub message: the channel is the event name.
    Redis { channel: &'a str, body: &'a [u8] },
    /// A Google Pub/Sub push request body (the JSON envelope with base64 `message.data`).
    PubSubPush { body: &'a [u8] },
    /// A pulled Google Pub/Sub message: its data and its `namespace` attribute.
    PubSubMessage {
        data: PubSubData<'a>,
        namespace: Option<&'a str>,
    },
}

/// The data of a pulled Pub/Sub message: base64 text (REST pull) or decoded bytes (client libraries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PubSubData<'a> {
    Base64(&'a str),
    Bytes(&'a [u8]),
}

/// Which delivery module an event came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryKind {
    Webhook,
    Amqp,
    Mqtt,
    Redis,
    PubSub,
}

impl DeliveryKind {
    /// The kind's name in the JavaScript API: `webhook`, `amqp`, `mqtt`, `redis`, `pubsub`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryKind::Webhook => "webhook",
            DeliveryKind::Amqp => "amqp",
            DeliveryKind::Mqtt => "mqtt",
            DeliveryKind::Redis => "redis",
            DeliveryKind::PubSub => "pubsub",
        }
    }
}

impl Delivery<'_> {
    /// The delivery module this came through.
    pub fn kind(&self) -> DeliveryKind {
        match self {
            Delivery::Webhook { .. } => DeliveryKind::Webhook,
            Delivery::Amqp { .. } => DeliveryKind::Amqp,
            Delivery::Mqtt { .. } => DeliveryKind::Mqtt,
            Delivery::Redis { .. } => DeliveryKind::Redis,
            Delivery::PubSubPush { .. } | Delivery::PubSubMessage { .. } => DeliveryKind::PubSub,
        }
    }
}
