#!/usr/bin/env bash
# One Apache Kafka node (KRaft, broker + controller in one JVM) from the jars on Maven Central: by default a
# single-node cluster; scripts/kafka-cluster.sh runs three of these as one cluster (KAFKA_NODE_ID,
# KAFKA_QUORUM_VOTERS, KAFKA_INTERNAL_REPLICATION).
#
# usage: scripts/kafka-broker.sh start|stop|kill|status|restart|logs|fetch
#   kill    SIGKILL (a crash: no controlled shutdown), for fault tests and drills
#
# Idempotent: `start` on a running broker is a no-op; broker data is kept between starts.
# Environment (all optional):
#   KAFKA_VERSION           broker version to fetch and run (default: kafka.version in tools/kafka/pom.xml)
#   KAFKA_HOME_DIR          where jars, data and logs live (default: .var/kafka, git-ignored)
#   KAFKA_LIBS_DIR          broker jars to use (default: $KAFKA_HOME_DIR/libs-$KAFKA_VERSION, fetched on first start)
#   KAFKA_PORT              client port (default 9092); KAFKA_CONTROLLER_PORT (default: KAFKA_PORT + 1)
#   KAFKA_HEAP              JVM heap flags (default "-Xms256m -Xmx768m")
#   KAFKA_START_TIMEOUT_S   seconds to wait for the broker to be ready (default 120)
#   KAFKA_NODE_ID           node id in the KRaft quorum (default 1)
#   KAFKA_QUORUM_VOTERS     the quorum's controllers, id@host:port,... (default: this node alone)
#   KAFKA_BROKER_SESSION_TIMEOUT_MS  how long the controller waits for a silent broker before fencing it and moving its
#                           partition leaderships (Kafka's default 9000; heartbeats every sixth of it)
#   KAFKA_INTERNAL_REPLICATION  replicas of Kafka's own topics (consumer offsets, transactions) and the broker's
#                           default for new topics (default 1; min.insync.replicas follows: 1, or 2 from 3 replicas)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/tools/kafka/pom.xml"
DEFAULT_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
VERSION="${KAFKA_VERSION:-$DEFAULT_VERSION}"
KHOME="${KAFKA_HOME_DIR:-$ROOT/.var/kafka}"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
INSTANCE="$KHOME/broker-$PORT"
LIBS="${KAFKA_LIBS_DIR:-$KHOME/libs-$VERSION}"   # KAFKA_LIBS_DIR lets a second broker reuse fetched jars
DATA="$INSTANCE/data"; LOGS="$INSTANCE/logs"; PIDF="$INSTANCE/kafka.pid"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-Tmh0QmluaC1QbGVkZ2UtMQ}"   # fixed base64url 16-byte id: one local cluster
TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-120}"
NODE_ID="${KAFKA_NODE_ID:-1}"
VOTERS="${KAFKA_QUORUM_VOTERS:-${NODE_ID}@127.0.0.1:${CPORT}}"
INTERNAL_RF="${KAFKA_INTERNAL_REPLICATION:-1}"
if (( INTERNAL_RF >= 3 )); then INTERNAL_ISR=2; else INTERNAL_ISR=1; fi
SESSION_MS="${KAFKA_BROKER_SESSION_TIMEOUT_MS:-9000}"

say() { printf '[kafka] %s\n' "$*"; }

jvm_opts() {
  echo "${KAFKA_HEAP:--Xms256m -Xmx768m} -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
-XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 \
-Djava.awt.headless=true -Dlog4j2.configurationFile=$INSTANCE/log4j2.properties -Dkafka.logs.dir=$LOGS"
}

fetch_jars() {
  if ls "$LIBS"/kafka_2.13-*.jar >/dev/null 2>&1; then return 0; fi
  command -v mvn >/dev/null || { echo "[kafka] Maven (mvn) is needed to fetch the broker jars" >&2; return 1; }
  say "fetching Apache Kafka $VERSION jars from Maven Central into $LIBS (first run only)"
  mkdir -p "$LIBS.tmp"
  mvn -q -B -f "$POM" -Dkafka.version="$VERSION" dependency:copy-dependencies \
      -DoutputDirectory="$LIBS.tmp" -DincludeScope=runtime
  rm -rf "$LIBS"; mv "$LIBS.tmp" "$LIBS"
}

write_config() {
  mkdir -p "$DATA" "$LOGS"
  cat > "$INSTANCE/server.properties" <<PROPS
process.roles=broker,controller
node.id=${NODE_ID}
controller.quorum.voters=${VOTERS}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CPORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${DATA}
num.partitions=1
default.replication.factor=${INTERNAL_RF}
min.insync.replicas=${INTERNAL_ISR}
offsets.topic.replication.factor=${INTERNAL_RF}
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=${INTERNAL_RF}
transaction.state.log.min.isr=${INTERNAL_ISR}
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=${INTERNAL_RF}
share.coordinator.state.topic.min.isr=${INTERNAL_ISR}
unclean.leader.election.enable=false
broker.session.timeout.ms=${SESSION_MS}
broker.heartbeat.interval.ms=$(( SESSION_MS / 6 > 100 ? SESSION_MS / 6 : 100 ))
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
num.network.threads=2
num.io.threads=2
log.retention.hours=-1
PROPS
  cat > "$INSTANCE/log4j2.properties" <<'L4J'
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = info
logger.lifecycle.name = kafka.server.BrokerLifecycleManager
logger.lifecycle.level = info
logger.server.name = kafka.server.BrokerServer
logger.server.level = info
L4J
}

is_running() { [[ -f "$PIDF" ]] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  # the jars are fetched even when a broker already runs: tests start private brokers from them
  fetch_jars
  if is_running; then say "already running on 127.0.0.1:$PORT (pid $(cat "$PIDF"))"; return 0; fi
  if port_open; then say "something else already listens on 127.0.0.1:$PORT; assuming it is a Kafka broker"; return 0; fi
  command -v java >/dev/null || { echo "[kafka] java not found (Java 17 or newer is needed)" >&2; return 1; }
  write_config
  if [[ ! -f "$DATA/meta.properties" ]]; then
    say "formatting storage in $DATA"
    # shellcheck disable=SC2046
    java $(jvm_opts) -cp "$LIBS/*" kafka.tools.StorageTool format \
         -t "$CLUSTER_ID" -c "$INSTANCE/server.properties" --ignore-formatted >"$LOGS/format.log" 2>&1 \
      || { cat "$LOGS/format.log" >&2; return 1; }
  fi
  : > "$LOGS/server.log"
  say "starting Apache Kafka $VERSION on 127.0.0.1:$PORT"
  # setsid: the broker gets its own session, so it outlives the shell that started it and is
  # stopped only through this script (pid file).
  # shellcheck disable=SC2046
  setsid nohup java $(jvm_opts) -cp "$LIBS/*" kafka.Kafka "$INSTANCE/server.properties" \
        >"$LOGS/stdout.log" 2>&1 </dev/null &
  echo $! > "$PIDF"
  local deadline=$((SECONDS + TIMEOUT_S))
  while (( SECONDS < deadline )); do
    if ! is_running; then echo "[kafka] broker exited during start-up:" >&2; tail -n 60 "$LOGS"/*.log >&2; rm -f "$PIDF"; return 1; fi
    if port_open && grep -qE "Transitioning from RECOVERY to RUNNING|Kafka Server started|\[BrokerServer id=${NODE_ID}\] started" "$LOGS/server.log" 2>/dev/null; then
      say "ready on 127.0.0.1:$PORT (pid $(cat "$PIDF"))"
      return 0
    fi
    sleep 0.3
  done
  echo "[kafka] not ready after ${TIMEOUT_S}s" >&2; tail -n 60 "$LOGS"/*.log >&2; stop; return 1
}

# SIGKILL: the node dies as in a crash or power loss (no controlled shutdown, no leadership handed over)
kill_node() {
  is_running || { rm -f "$PIDF"; say "not running"; return 0; }
  local pid; pid="$(cat "$PIDF")"
  say "killing (SIGKILL, pid $pid)"
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PIDF"
}

stop() {
  is_running || { rm -f "$PIDF"; say "not running"; return 0; }
  local pid; pid="$(cat "$PIDF")"
  say "stopping (pid $pid)"
  kill "$pid" 2>/dev/null || true          # SIGTERM: Kafka's shutdown hook does a controlled shutdown
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then say "still alive after 30 s, killing"; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$PIDF"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill) kill_node ;;
  restart) stop; start ;;
  status) if is_running && port_open; then echo "up (127.0.0.1:$PORT, Kafka $VERSION)"; else echo "down"; exit 1; fi ;;
  logs) tail -n "${2:-100}" "$LOGS/server.log" ;;
  fetch) fetch_jars ;;
  *) echo "usage: $0 start|stop|kill|restart|status|logs|fetch" >&2; exit 2 ;;
esac
