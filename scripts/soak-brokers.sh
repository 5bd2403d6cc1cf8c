#!/usr/bin/env bash
# Starts RabbitMQ and Redis on private ports (scripts/brokers.sh) and runs the fault-injection
# soak scripts/soak-brokers.mjs on the built package; arguments go to it. The full run:
#   flock /work/.heavy.lock nice -n 5 bash scripts/soak-brokers.sh --events 100000
set -euo pipefail
cd "$(dirname "$0")/.."
export BROKERS="amqp redis"
. scripts/brokers.sh
brokers_install
brokers_start
node scripts/soak-brokers.mjs "$@"
