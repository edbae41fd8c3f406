#!/usr/bin/env bash
# A three-node Apache Kafka cluster (KRaft) on this machine, from the same Maven Central jars as
# scripts/kafka-broker.sh: three JVMs, each a broker AND a controller ("combined" nodes), the three controllers
# forming the quorum. One node can be lost (crash, restart, upgrade) without stopping the cluster: the controller
# quorum keeps its majority (2 of 3) and the topics (replication factor 3, min.insync.replicas 2) keep accepting
# writes with acks=all. Why combined and not separate controllers: docs/operations.md, "Kafka".
#
# usage: scripts/kafka-cluster.sh start|stop|status|logs [node]|brokers
#        scripts/kafka-cluster.sh start-node|stop-node|kill-node <1|2|3>
#   start       start the three nodes together (a node is ready only once the quorum has a majority)
#   stop        controlled shutdown of every node (data kept)
#   kill-node   SIGKILL one node (a crash); start-node brings it back with its data
#   brokers     print the bootstrap list for KAFKA_BROKERS
#
# Environment (all optional):
#   KAFKA_CLUSTER_PORTS     client ports of nodes 1,2,3 (default 9192,9194,9196)
#   KAFKA_CLUSTER_CONTROLLER_PORTS  their controller ports (default: each client port + 1)
#   KAFKA_CLUSTER_HOME      data and logs (default .var/kafka-cluster, git-ignored); one folder per node
#   KAFKA_CLUSTER_HEAP      JVM heap flags of each node (default "-Xms192m -Xmx512m")
#   KAFKA_BROKER_SESSION_TIMEOUT_MS  a killed node's partitions get new leaders after this long (default 3000 here,
#                           Kafka's 9000 elsewhere: the nodes share a machine or a LAN, heartbeats are cheap)
#   KAFKA_VERSION, KAFKA_LIBS_DIR, KAFKA_START_TIMEOUT_S as for scripts/kafka-broker.sh (the jars are shared with it)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BROKER="$ROOT/scripts/kafka-broker.sh"
IFS=',' read -r -a PORTS <<<"${KAFKA_CLUSTER_PORTS:-9192,9194,9196}"
(( ${#PORTS[@]} == 3 )) || { echo "[kafka-cluster] KAFKA_CLUSTER_PORTS needs three ports" >&2; exit 2; }
IFS=',' read -r -a CPORTS <<<"${KAFKA_CLUSTER_CONTROLLER_PORTS:-$(( PORTS[0] + 1 )),$(( PORTS[1] + 1 )),$(( PORTS[2] + 1 ))}"
(( ${#CPORTS[@]} == 3 )) || { echo "[kafka-cluster] KAFKA_CLUSTER_CONTROLLER_PORTS needs three ports" >&2; exit 2; }
CHOME="${KAFKA_CLUSTER_HOME:-$ROOT/.var/kafka-cluster}"
POM="$ROOT/tools/kafka/pom.xml"
VERSION="${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)}"
LIBS="${KAFKA_LIBS_DIR:-$ROOT/.var/kafka/libs-$VERSION}"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-VGhhbmhCaW5oLUNsdXN0ZXI}"

voters() {
  local v="" i
  for i in 1 2 3; do v+="${v:+,}$i@127.0.0.1:${CPORTS[i-1]}"; done
  echo "$v"
}

# run scripts/kafka-broker.sh for node $1 with the cluster's settings
node() {
  local id="$1"; shift
  [[ "$id" =~ ^[123]$ ]] || { echo "[kafka-cluster] node must be 1, 2 or 3" >&2; exit 2; }
  local port="${PORTS[id-1]}"
  KAFKA_HOME_DIR="$CHOME/node-$id" KAFKA_LIBS_DIR="$LIBS" KAFKA_VERSION="$VERSION" \
  KAFKA_PORT="$port" KAFKA_CONTROLLER_PORT="${CPORTS[id-1]}" KAFKA_NODE_ID="$id" KAFKA_QUORUM_VOTERS="$(voters)" \
  KAFKA_INTERNAL_REPLICATION=3 KAFKA_BROKER_SESSION_TIMEOUT_MS="${KAFKA_BROKER_SESSION_TIMEOUT_MS:-3000}" KAFKA_CLUSTER_ID="$CLUSTER_ID" KAFKA_HEAP="${KAFKA_CLUSTER_HEAP:--Xms192m -Xmx512m}" \
    "$BROKER" "$@"
}

brokers() {
  local b="" p
  for p in "${PORTS[@]}"; do b+="${b:+,}127.0.0.1:$p"; done
  echo "$b"
}

start_all() {
  KAFKA_LIBS_DIR="$LIBS" KAFKA_VERSION="$VERSION" KAFKA_HOME_DIR="$ROOT/.var/kafka" "$BROKER" fetch
  # together: each node waits for the quorum, which needs two of them
  local pids=() i failed=0
  for i in 1 2 3; do node "$i" start & pids+=($!); done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=1; done
  (( failed == 0 )) || { echo "[kafka-cluster] a node did not start; see $CHOME/node-*/broker-*/logs" >&2; return 1; }
  echo "[kafka-cluster] ready: KAFKA_BROKERS=$(brokers)"
}

stop_all() {
  # one after the other, so each controlled shutdown can hand its leaderships to the nodes still up
  local i
  for i in 3 2 1; do node "$i" stop; done
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  status) rc=0; for i in 1 2 3; do printf 'node %s: ' "$i"; node "$i" status || rc=1; done; exit $rc ;;
  logs) node "${2:-1}" logs "${3:-100}" ;;
  brokers) brokers ;;
  start-node) node "${2:?node 1, 2 or 3}" start ;;
  stop-node) node "${2:?node 1, 2 or 3}" stop ;;
  kill-node) node "${2:?node 1, 2 or 3}" kill ;;
  *) echo "usage: $0 start|stop|status|logs [node]|brokers|start-node <n>|stop-node <n>|kill-node <n>" >&2; exit 2 ;;
esac
