//! What a host hands in: one delivery from one of the Connector's delivery modules.

/// One delivery, as it arrived. Bodies are raw bytes (UTF-8, a byte order mark is allowed).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery<'a> {
    /// A POST from the Webhooks module: `{"trigger", "data"}`. `url` is the request URL, which
    /// names the event when the target URL was configured with `{{trigger}}`; the body may then
    /// be the bare data.
    Webhook {
        /// The request body as received.
        body: &'a [u8],
        /// The request URL, absolute or a path (e.g.
        /// `/hooks/transport.messageReceived`); its last path segment, percent-decoded, names
        /// the event when it has a dot.
        url: Option<&'a str>,
    },
    /// An AMQP message: the routing key is the event name, the body the data.
    Amqp {
        /// The message's routing key, the event name (e.g. `transport.messageReceived`).
        routing_key: &'a str,
        /// The message body: the event's data as JSON.
        body: &'a [u8],
    },
    /// An MQTT message: the topic is the event name with `/` for `.`.
    Mqtt {
        /// The message's topic (e.g. `transport/messageReceived`).
        topic: &'a str,
        /// The message payload: the event's data as JSON.
        body: &'a [u8],
    },
    /// A Redis pub/sub message: the channel is the event name.
    Redis {
        /// The channel the message was published on, the event name (e.g.
        /// `transport.messageReceived`).
        channel: &'a str,
        /// The message: the event's data as JSON.
        body: &'a [u8],
    },
    /// A Google Pub/Sub push request body (the JSON envelope with base64 `message.data`).
    PubSubPush {
        /// The push request body as received.
        body: &'a [u8],
    },
    /// A pulled Google Pub/Sub message: its data and its `namespace` attribute.
    PubSubMessage {
        /// The message's data: the event's data as JSON, base64-encoded or decoded.
        data: PubSubData<'a>,
        /// The message's `namespace` attribute, the event name; a delivery without it fails
        /// with [`ParseError::MissingEventName`](crate::ParseError::MissingEventName).
        namespace: Option<&'a str>,
    },
}

/// The data of a pulled Pub/Sub message: base64 text (REST pull) or decoded bytes (client libraries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PubSubData<'a> {
    /// The data as standard base64 text, as the Pub/Sub REST API returns it.
    Base64(&'a str),
    /// The data already decoded, as the Pub/Sub client libraries hand it over.
    Bytes(&'a [u8]),
}

/// Which delivery module an event came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryKind {
    /// The Webhooks module: an HTTP POST.
    Webhook,
    /// A message broker over AMQP.
    Amqp,
    /// A message broker over MQTT.
    Mqtt,
    /// Redis pub/sub.
    Redis,
    /// Google Pub/Sub, pushed or pulled.
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
