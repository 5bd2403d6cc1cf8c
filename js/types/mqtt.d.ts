// enmeshed-events/mqtt: consume the Connector's MQTT events (mqtt.js 5 as an optional peer).
import type { EventRouter } from "./index.js";
import type { ConsumeOptions, Consumer, Transport } from "./consume.js";

/** The mqtt.js client surface the adapter uses (structural, so the package does not depend on mqtt). */
export interface MqttClientLike {
  connected: boolean;
  options: { protocolVersion?: number; clean?: boolean; properties?: { sessionExpiryInterval?: number } };
  stream?: { write(chunk: Uint8Array): unknown };
  handleMessage: (packet: any, callback: (error?: Error) => void) => void;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  subscribe(filters: string[], options: { qos: 0 | 1 }, callback: (error: Error | null, granted: any[]) => void): unknown;
  publish(topic: string, payload: Uint8Array | string, options: object, callback: (error?: Error) => void): unknown;
  end(force?: boolean, options?: object, callback?: () => void): unknown;
}

export interface MqttTransportOptions {
  /** Your client: the adapter never ends it. For a persistent session connect it with a fixed clientId and `clean: false` (over MQTT 5 also `properties.sessionExpiryInterval`). */
  client?: MqttClientLike;
  /** Or a broker URL: the adapter connects (and later ends) a client of its own. */
  url?: string;
  /** Required with `url` and `clean: false`: the persistent session's identity. */
  clientId?: string;
  /** Default false: the broker keeps the session (and queues for it) while the consumer is away. */
  clean?: boolean;
  /** Subscription QoS, default 1. The broker must upgrade the Connector's QoS 0 (Mosquitto: `upgrade_outgoing_qos true`) for PUBACKs and redelivery. */
  qos?: 0 | 1;
  /** More mqtt.js connect options (e.g. `{ protocolVersion: 5, reconnectPeriod }`), used with `url`. Over MQTT 5 a week of sessionExpiryInterval is added when absent. */
  connectOptions?: Record<string, unknown>;
  /** Dead letters are published (QoS 1, payload unchanged) to `<deadLetterTopic>/<original topic>`; over MQTT 5 with user properties error, code, attempts. */
  deadLetterTopic?: string;
  /** Told about connection errors of the adapter's own client while mqtt.js reconnects (default: ignored). */
  onConnectionError?: (error: Error) => void;
  /** The mqtt module, when `import("mqtt")` cannot find it (default: that import). */
  mqtt?: unknown;
}

export interface MqttConsumeOptions extends MqttTransportOptions, ConsumeOptions {}

/** The MQTT transport for `consume()`. */
export function mqttTransport(options: MqttTransportOptions): Transport;

/** Consumes the Connector's MQTT events into `router`. */
export function consumeMqtt(router: EventRouter, options: MqttConsumeOptions): Consumer;
