#!/usr/bin/env bash
# Broker tests against real RabbitMQ, Mosquitto and Redis (and the Pub/Sub emulator when this
# machine has it): starts them on private ports (scripts/brokers.sh; the *_PORT variables pick
# them), runs every tests/brokers/*.test.mjs on the built package (pkg/, or $PKG_DIR), stops them.
# Extra arguments go to `node --test`, e.g. --test-name-pattern=reconnect.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d tests/brokers/node_modules ]; then (cd tests/brokers && npm ci --no-audit --no-fund); fi
# BROKERS picks a subset (tests of a broker not started skip, saying why).
if [ -z "${BROKERS:-}" ]; then
  BROKERS="amqp mqtt redis"
  [ -x /usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator ] && BROKERS="$BROKERS pubsub"
fi
export BROKERS
. scripts/brokers.sh
brokers_install
brokers_start
export BROKERS_SH="$PWD/scripts/brokers.sh"
# One file at a time: they share the brokers, and the RabbitMQ restart test stops the broker.
node --test --test-concurrency=1 "$@" tests/brokers/
