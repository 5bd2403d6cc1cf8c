#!/usr/bin/env bash
# brokers.sh: install, start, wait for, and stop RabbitMQ, Mosquitto, Redis (+ optional Pub/Sub emulator)
# on loopback, private ports, private dirs, without systemd.
# Usage (bash):   . scripts/brokers.sh && brokers_install && brokers_start   # stop runs from the EXIT trap
#   BROKERS="amqp mqtt redis pubsub"  picks the brokers (pubsub only if the image already has the emulator)
#   exports AMQP_URL MQTT_URL REDIS_URL [PUBSUB_EMULATOR_HOST] for the tests
: "${BROKERS:=amqp mqtt redis}"
: "${AMQP_PORT:=25682}" "${MQTT_PORT:=21883}" "${REDIS_PORT:=26399}" "${PUBSUB_PORT:=28085}"
: "${BROKER_WAIT_S:=60}"
BROKER_DIR=${BROKER_DIR:-$(mktemp -d)}
_BROKER_PIDS=()
_BROKERS_SH=$(realpath "${BASH_SOURCE[0]}")
_PUBSUB_BIN=/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator

brokers_install() {   # idempotent: installs only what is missing
  local need=()
  [[ " $BROKERS " == *" amqp "* ]] && [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && need+=(rabbitmq-server)
  [[ " $BROKERS " == *" mqtt "* ]] && ! command -v mosquitto >/dev/null && need+=(mosquitto)
  [[ " $BROKERS " == *" redis "* ]] && ! command -v redis-server >/dev/null && need+=(redis-server)
  ((${#need[@]})) || return 0
  local made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then  # keep apt from starting the packaged services on default ports
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  echo "apt-get install ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  local rc=$?
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  return $rc
}

_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
_wait_port() {  # name port pid
  local deadline=$((SECONDS + BROKER_WAIT_S))
  until _port_open "$2"; do
    kill -0 "$3" 2>/dev/null || { echo "$1 died; log:" >&2; tail -n 30 "$BROKER_DIR/$1.log" >&2; return 1; }
    ((SECONDS < deadline)) || { echo "$1 not ready after ${BROKER_WAIT_S}s" >&2; return 1; }
    sleep 0.1
  done
}

brokers_rabbitmqctl() {  # e.g. brokers_rabbitmqctl list_queues name messages
  # ERL_EPMD_PORT too: a shell other than brokers_start's would ask the default epmd (4369), not ours
  ERL_EPMD_PORT=$((AMQP_PORT + 1000)) ERL_EPMD_ADDRESS=127.0.0.1 \
  HOME=$BROKER_DIR/rabbitmq RABBITMQ_NODENAME=enmtest@localhost RABBITMQ_CTL_DIST_PORT_MIN=$((AMQP_PORT + 2)) \
  RABBITMQ_CTL_DIST_PORT_MAX=$((AMQP_PORT + 12)) /usr/lib/rabbitmq/bin/rabbitmqctl "$@"
}

# RabbitMQ itself, in the foreground (brokers_start and brokers_amqp_restart put it in the background).
_rabbit_server() {
  local d=$BROKER_DIR/rabbitmq
  HOME=$d RABBITMQ_NODENAME=enmtest@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT \
  RABBITMQ_DIST_PORT=$((AMQP_PORT + 1)) RABBITMQ_CTL_DIST_PORT_MIN=$((AMQP_PORT + 2)) RABBITMQ_CTL_DIST_PORT_MAX=$((AMQP_PORT + 12)) \
  RABBITMQ_MNESIA_BASE=$d/mnesia RABBITMQ_LOG_BASE=$d/log RABBITMQ_PID_FILE=$d/rabbit.pid \
  RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf RABBITMQ_CONF_ENV_FILE=$d/env.conf \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    exec /usr/lib/rabbitmq/bin/rabbitmq-server >> "$BROKER_DIR/rabbitmq.log" 2>&1 < /dev/null
}

# Stops the running RabbitMQ node (by its pid file) and waits until it is gone.
_rabbit_stop_node() {
  local pidfile=$BROKER_DIR/rabbitmq/rabbit.pid pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# Restarts RabbitMQ for real (clean stop, start on the same data dir), from any shell that has
# BROKER_DIR and AMQP_PORT of a running brokers_start (the test runner exports them). The new
# node is detached; brokers_stop finds it by its pid file.
brokers_amqp_restart() {
  export ERL_EPMD_PORT=$((AMQP_PORT + 1000)) ERL_EPMD_ADDRESS=127.0.0.1
  _rabbit_stop_node
  (export BROKER_DIR AMQP_PORT; setsid bash -c '. "$0" && _rabbit_server' "$_BROKERS_SH" &)
  local deadline=$((SECONDS + BROKER_WAIT_S))
  until [ -s "$BROKER_DIR/rabbitmq/rabbit.pid" ] && _port_open "$AMQP_PORT"; do
    ((SECONDS < deadline)) || { echo "rabbitmq not back after ${BROKER_WAIT_S}s" >&2; tail -n 30 "$BROKER_DIR/rabbitmq.log" >&2; return 1; }
    sleep 0.1
  done
}

brokers_stop() {
  local i pid
  # A node started by brokers_amqp_restart is not among our pids: stop it by its pid file first.
  [ -d "$BROKER_DIR/rabbitmq" ] && _rabbit_stop_node
  for ((i=${#_BROKER_PIDS[@]}-1; i>=0; i--)); do  # reverse order: rabbit before its epmd
    pid=${_BROKER_PIDS[i]}; kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${_BROKER_PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  _BROKER_PIDS=()
  [ -n "${BROKER_KEEP_DIR:-}" ] || rm -rf "$BROKER_DIR"
}

brokers_start() {
  trap brokers_stop EXIT
  local d p
  local ports=()  # only the ports of the brokers asked for: others may belong to someone else
  [[ " $BROKERS " == *" amqp "* ]] && ports+=("$AMQP_PORT" $((AMQP_PORT + 1)) $((AMQP_PORT + 1000)))
  [[ " $BROKERS " == *" mqtt "* ]] && ports+=("$MQTT_PORT")
  [[ " $BROKERS " == *" redis "* ]] && ports+=("$REDIS_PORT")
  [[ " $BROKERS " == *" pubsub "* ]] && ports+=("$PUBSUB_PORT")
  for p in "${ports[@]}"; do
    if _port_open "$p"; then echo "port $p is already in use: pick other *_PORT values" >&2; return 1; fi
  done
  if [[ " $BROKERS " == *" amqp "* ]]; then
    d=$BROKER_DIR/rabbitmq; mkdir -p "$d"; echo '[].' > "$d/enabled_plugins"; : > "$d/rabbitmq.conf"; : > "$d/env.conf"
    # NB: rabbitmqctl's own Erlang distribution ports default to 35672-35682: keep AMQP_PORT out of that range
    # or set RABBITMQ_CTL_DIST_PORT_MIN/MAX (below they are moved next to our ports).
    export ERL_EPMD_PORT=$((AMQP_PORT + 1000)) ERL_EPMD_ADDRESS=127.0.0.1
    epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 > "$BROKER_DIR/epmd.log" 2>&1 &
    _BROKER_PIDS+=($!)
    # wait for our epmd first: otherwise erl spawns an untracked 'epmd -daemon' on the same port, which outlives us
    _wait_port epmd "$ERL_EPMD_PORT" "${_BROKER_PIDS[0]}" || return 1
    _rabbit_server &   # its wrapper forwards SIGTERM to beam
    _BROKER_PIDS+=($!)
    export AMQP_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT BROKER_DIR AMQP_PORT
  fi
  if [[ " $BROKERS " == *" mqtt "* ]]; then
    d=$BROKER_DIR/mosquitto; mkdir -p "$d"
    printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser root\npersistence true\npersistence_location %s/\nautosave_interval 1\nlog_dest stderr\nlog_type error\nlog_type warning\nmax_queued_messages 100000\n' \
      "$MQTT_PORT" "$d" > "$d/mosquitto.conf"
    mosquitto -c "$d/mosquitto.conf" > "$BROKER_DIR/mosquitto.log" 2>&1 &
    _BROKER_PIDS+=($!)
    export MQTT_URL=mqtt://127.0.0.1:$MQTT_PORT
  fi
  if [[ " $BROKERS " == *" redis "* ]]; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
      --dir "$BROKER_DIR" > "$BROKER_DIR/redis.log" 2>&1 &
    _BROKER_PIDS+=($!)
    export REDIS_URL=redis://127.0.0.1:$REDIS_PORT
  fi
  if [[ " $BROKERS " == *" pubsub "* ]]; then
    if [ -x "$_PUBSUB_BIN" ] && command -v java >/dev/null; then
      "$_PUBSUB_BIN" --host=127.0.0.1 --port="$PUBSUB_PORT" > "$BROKER_DIR/pubsub.log" 2>&1 &
      _BROKER_PIDS+=($!)
      export PUBSUB_EMULATOR_HOST=127.0.0.1:$PUBSUB_PORT METADATA_SERVER_DETECTION=none
    else
      echo "pubsub emulator not on this machine: skipping" >&2
    fi
  fi
  # wait (the pids are in start order: [epmd rabbit] mosquitto redis [pubsub])
  local i=0
  if [[ " $BROKERS " == *" amqp "* ]]; then i=1; _wait_port rabbitmq "$AMQP_PORT" "${_BROKER_PIDS[1]}" || return 1; i=2; fi
  if [[ " $BROKERS " == *" mqtt "* ]]; then _wait_port mosquitto "$MQTT_PORT" "${_BROKER_PIDS[i]}" || return 1; i=$((i+1)); fi
  if [[ " $BROKERS " == *" redis "* ]]; then _wait_port redis "$REDIS_PORT" "${_BROKER_PIDS[i]}" || return 1; i=$((i+1)); fi
  if [ -n "${PUBSUB_EMULATOR_HOST:-}" ]; then _wait_port pubsub "$PUBSUB_PORT" "${_BROKER_PIDS[i]}" || return 1; fi
  echo "brokers up: ${AMQP_URL:-} ${MQTT_URL:-} ${REDIS_URL:-} ${PUBSUB_EMULATOR_HOST:+pubsub=$PUBSUB_EMULATOR_HOST}" >&2
}
