#!/usr/bin/env bash
# A shared link for a whole school on one machine: N Streamlit replicas (scripts/start.sh) behind
# HAProxy (sticky by cookie, WebSockets, health checks on /_stcore/health) at /map/, sharing the class
# rooms through one Debian redis-server with persistence on (append-only file in the state folder).
#
#   scripts/cluster.sh [--replicas N] [--port PORT] [--lan | --address ADDR] [--state-dir DIR]
#
# Replicas listen on loopback, at PORT+1 … PORT+N; only the proxy is reachable (on loopback unless
# --lan or --address). A replica or Redis that dies is started again. Ctrl-C or SIGTERM stops all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

replicas=3
port=8080
address=127.0.0.1
state_dir=.cluster
base_path=map
usage="usage: scripts/cluster.sh [--replicas N] [--port PORT] [--lan | --address ADDR] [--state-dir DIR]"

lan_address() {
    # The address of the interface of the default route (what phones on the school's network reach).
    ip -4 route get 192.0.2.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n 1
}

while (($#)); do
    case $1 in
        --replicas) replicas=${2:?$usage}; shift 2 ;;
        --port) port=${2:?$usage}; shift 2 ;;
        --lan) address=$(lan_address); shift ;;
        --address) address=${2:?$usage}; shift 2 ;;
        --state-dir) state_dir=${2:?$usage}; shift 2 ;;
        -h | --help) echo "$usage"; exit 0 ;;
        *) echo "unknown option ${1@Q}; $usage" >&2; exit 2 ;;
    esac
done
if ! [[ $replicas =~ ^[1-9][0-9]?$ ]]; then
    echo "--replicas must be a whole number from 1 to 99, not ${replicas@Q}" >&2
    exit 2
fi
if ! [[ $port =~ ^[1-9][0-9]*$ ]] || ((port + replicas > 65535)); then
    echo "--port must be a port number with room for $replicas replica ports above it, not ${port@Q}" >&2
    exit 2
fi
if [[ -z $address ]]; then
    echo "--lan: this machine has no network address (no default route); use --address ADDR" >&2
    exit 2
fi
for tool in haproxy redis-server; do
    if ! command -v "$tool" >/dev/null && [[ ! -x /usr/sbin/$tool && ! -x /usr/bin/$tool ]]; then
        echo "$tool is missing: install Debian's $tool package (apt-get install $tool)" >&2
        exit 1
    fi
done
PATH=$PATH:/usr/sbin

scripts/start.sh --setup-only
mkdir -p "$state_dir/redis" "$state_dir/logs" "$state_dir/pids"
state_dir=$(cd "$state_dir" && pwd)
redis_socket=$state_dir/redis.sock
# Every replica signs Streamlit's cookies (XSRF) with the same secret, so a session that moves to
# another replica still uploads; kept in the state folder, readable by this user only.
if [[ ! -s $state_dir/cookie-secret ]]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state_dir/cookie-secret")
fi
export REDIS_URL=unix://$redis_socket
STREAMLIT_SERVER_COOKIE_SECRET=$(<"$state_dir/cookie-secret")
export STREAMLIT_SERVER_COOKIE_SECRET
export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

declare -A pid_of=()   # role (redis, replica-1 …, proxy) → pid
declare -A role_of=()  # pid → role
stopping=0

start_redis() {
    rm -f "$redis_socket"
    redis-server --port 0 --unixsocket "$redis_socket" --unixsocketperm 700 \
        --appendonly yes --appendfsync everysec --save "" --dir "$state_dir/redis" \
        --logfile "$state_dir/logs/redis.log" &
    remember redis $!
    for _ in $(seq 100); do
        [[ -S $redis_socket ]] && return 0
        sleep 0.1
    done
    echo "redis-server did not start: see $state_dir/logs/redis.log" >&2
    return 1
}

start_replica() {
    local n=$1
    scripts/start.sh --server.port $((port + n)) --server.address 127.0.0.1 --server.baseUrlPath "$base_path" \
        --server.headless true --server.fileWatcherType none \
        ${server_address:+--browser.serverAddress "$server_address"} \
        >>"$state_dir/logs/replica-$n.log" 2>&1 &
    remember "replica-$n" $!
}

remember() {
    pid_of[$1]=$2
    role_of[$2]=$1
    echo "$2" >"$state_dir/pids/$1"
}

write_proxy_config() {
    local n
    cat >"$state_dir/haproxy.cfg" <<EOF
# Written by scripts/cluster.sh; see README.md, Deploy.
global
    maxconn 4096
    stats socket $state_dir/haproxy.sock mode 600 level admin

defaults
    mode http
    option forwardfor
    # A browser that asks a replica gone down is sent to another one (its session starts again there).
    option redispatch
    retries 2
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A WebSocket stays open for the whole lesson: Streamlit pings it every few seconds.
    timeout tunnel 2h
    timeout check 1s

frontend school
    bind $address:$port
    http-request redirect location /$base_path/ code 302 if { path / } || { path /$base_path }
    default_backend replicas

backend replicas
    balance leastconn
    # Sticky: the first answer sets this cookie, naming the replica; the WebSocket that follows
    # carries it, so a browser's page and its session stay on one replica.
    cookie MAP_REPLICA insert indirect nocache httponly
    option httpchk GET /$base_path/_stcore/health
    http-check expect status 200
    default-server check inter 1s fall 2 rise 2
EOF
    for ((n = 1; n <= replicas; n++)); do
        echo "    server replica-$n 127.0.0.1:$((port + n)) cookie replica-$n" >>"$state_dir/haproxy.cfg"
    done
}

stop_all() {
    stopping=1
    trap - INT TERM EXIT
    local pids=("${!role_of[@]}")
    if ((${#pids[@]})); then
        kill -CONT "${pids[@]}" 2>/dev/null || true  # a replica stopped with SIGSTOP cannot hear TERM
        kill -TERM "${pids[@]}" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "${pids[@]}" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
    rm -f "$state_dir"/pids/* "$redis_socket"
    echo "Stopped the proxy, $replicas replicas and Redis."
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

server_address=""
[[ $address != 127.0.0.1 && $address != localhost ]] && server_address=$address
start_redis
for ((n = 1; n <= replicas; n++)); do
    start_replica "$n"
done
write_proxy_config
haproxy -db -f "$state_dir/haproxy.cfg" >>"$state_dir/logs/haproxy.log" 2>&1 &
remember proxy $!

# Waits until HEALTH_URL answers, while the process NAME (its log LOG) is still alive.
wait_healthy() {
    local health_url=$1 name=$2 log=$3
    until curl -fs -o /dev/null "$health_url"; do
        if ! kill -0 "${pid_of[$name]}" 2>/dev/null; then
            echo "$name did not start: see $state_dir/logs/$log.log" >&2
            exit 1
        fi
        sleep 0.2
    done
}

url="http://$address:$port/$base_path/"
for ((n = 1; n <= replicas; n++)); do
    wait_healthy "http://127.0.0.1:$((port + n))/$base_path/_stcore/health" "replica-$n" "replica-$n"
done
wait_healthy "${url}_stcore/health" proxy haproxy
echo "Serving the map at $url ($replicas replicas, Redis at $REDIS_URL, logs in $state_dir/logs). Ctrl-C stops all."

# Keep watch: start again a replica or Redis that died; the proxy dying ends the cluster.
while ((!stopping)); do
    set +e
    wait -n -p ended
    set -e
    [[ -z ${ended:-} ]] && continue
    role=${role_of[$ended]:-}
    unset "role_of[$ended]"
    case $role in
        proxy) echo "haproxy stopped: see $state_dir/logs/haproxy.log" >&2; exit 1 ;;
        redis) echo "Redis stopped; starting it again (its rooms come back from $state_dir/redis)." >&2; start_redis ;;
        replica-*) echo "${role/-/ } stopped; starting it again." >&2; start_replica "${role#replica-}" ;;
    esac
    ended=""
done
