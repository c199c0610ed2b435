# shellcheck shell=bash
# Sourced by deploy/up, deploy/down and deploy/test. Not executable on its own.
#
# Provides: defaults for the cluster's environment, the venv, system packages,
# PostgreSQL / RabbitMQ start-up, the RabbitMQ vhost, and pid-file helpers.

set -euo pipefail

KITSU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KITSU_ROOT
export KITSU_VENV="${KITSU_VENV:-$KITSU_ROOT/.venv}"
export KITSU_RUN_DIR="${KITSU_RUN_DIR:-$KITSU_ROOT/.run}"
KITSU_PYTHON="${KITSU_PYTHON:-python3}"

# The processes of the cluster, in start order (the gateway last).
KITSU_SERVICES=(auth production tasks media importer)
KITSU_PROCS=("${KITSU_SERVICES[@]}" media_jobs gateway)  # media_jobs: media's movie job workers

log() { echo "[deploy] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- environment

export_defaults() {
    export DB_HOST="${DB_HOST:-127.0.0.1}"
    export DB_PORT="${DB_PORT:-5432}"
    export DB_USERNAME="${DB_USERNAME:-postgres}"
    export DB_PASSWORD="${DB_PASSWORD:-}"
    export DB_PREFIX="${DB_PREFIX:-kitsu}"
    export AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
    export GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
    export GATEWAY_PORT="${GATEWAY_PORT:-8080}"
    export PREVIEW_FOLDER="${PREVIEW_FOLDER:-$KITSU_RUN_DIR/previews}"
    export KITSU_ADMIN_EMAIL="${KITSU_ADMIN_EMAIL:-admin@example.com}"
    export KITSU_ADMIN_PASSWORD="${KITSU_ADMIN_PASSWORD:-mysecretpassword}"
    export BCRYPT_LOG_ROUNDS="${BCRYPT_LOG_ROUNDS:-12}"
    export PYTHONPATH="$KITSU_ROOT${PYTHONPATH:+:$PYTHONPATH}"
    export PYTHONUNBUFFERED=1
    export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::Warning:nameko.cli.commands}"
    mkdir -p "$KITSU_RUN_DIR/logs" "$PREVIEW_FOLDER"
    if [ -z "${SECRET_KEY:-}" ]; then
        # One random key per run dir, kept so that tokens survive a restart.
        local key_file="$KITSU_RUN_DIR/secret_key"
        if [ ! -s "$key_file" ]; then
            (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$key_file")
        fi
        SECRET_KEY="$(cat "$key_file")"
    fi
    export SECRET_KEY
}

# ----------------------------------------------------------------------- venv

ensure_venv() {
    local req="$KITSU_ROOT/requirements.txt"
    local stamp="$KITSU_VENV/.requirements.sha256"
    local want have=""
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    if [ ! -x "$KITSU_VENV/bin/python" ]; then
        command -v "$KITSU_PYTHON" >/dev/null || die "$KITSU_PYTHON not found (set KITSU_PYTHON)"
        log "creating venv $KITSU_VENV"
        rm -rf "$KITSU_VENV"
        "$KITSU_PYTHON" -m venv "$KITSU_VENV"
    fi
    [ -f "$stamp" ] && have="$(cat "$stamp")"
    if [ "$want" != "$have" ]; then
        log "installing requirements.txt into $KITSU_VENV"
        rm -f "$stamp"
        "$KITSU_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
        echo "$want" >"$stamp"
    fi
}

# ------------------------------------------------------------ system packages

is_local_host() {
    case "$1" in
        ""|127.*|localhost|::1|"[::1]"|"$(hostname)") return 0 ;;
        *) return 1 ;;
    esac
}

# Prints "host vhost user" for $AMQP_URI (vhost unquoted; "" path means "/").
amqp_parts() {
    python3 - "$AMQP_URI" <<'EOF'
import sys
from urllib.parse import urlsplit, unquote
u = urlsplit(sys.argv[1])
path = u.path[1:] if u.path.startswith("/") else u.path
vhost = unquote(path) if path else "/"
print(u.hostname or "127.0.0.1", vhost, unquote(u.username or "guest"))
EOF
}

ensure_system_packages() {
    local missing=()
    local amqp_host
    amqp_host="$(amqp_parts | cut -d' ' -f1)"
    if is_local_host "$DB_HOST" && ! command -v pg_ctlcluster >/dev/null; then
        missing+=(postgresql)
    fi
    if is_local_host "$amqp_host" && ! command -v rabbitmq-server >/dev/null; then
        missing+=(rabbitmq-server)
    fi
    command -v ffmpeg >/dev/null || missing+=(ffmpeg)
    apt_install "${missing[@]}"
}

# What the browser test of the Kitsu web app needs (tests/test_web_app.py): nginx serves the app,
# Debian's Chromium runs it headless, node drives it (playwright-core, installed by the app's up.sh).
ensure_web_app_tools() {
    local missing=()
    command -v nginx >/dev/null || missing+=(nginx)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v node >/dev/null || missing+=(nodejs npm)
    apt_install "${missing[@]}"
}

# apt_install PACKAGE...: Debian packages, as root (else a warning: a user installs them)
apt_install() {
    [ $# -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        log "WARNING: missing system packages ($*); install them as root"
        return 0
    fi
    log "apt-get install $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || log "WARNING: apt-get update failed"
    apt-get install -y -q --no-install-recommends "$@" >/dev/null || log "WARNING: apt-get install $* failed"
}

# --------------------------------------------------------- PostgreSQL/RabbitMQ

port_open() {  # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for() {  # seconds description command...
    local seconds="$1" what="$2"; shift 2
    local i
    for ((i = 0; i < seconds * 2; i++)); do
        "$@" && return 0
        sleep 0.5
    done
    die "$what not answering after ${seconds}s"
}

postgres_up() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h "$DB_HOST" -p "$DB_PORT"
    else
        port_open "$DB_HOST" "$DB_PORT"
    fi
}

ensure_postgres() {
    postgres_up && return 0
    is_local_host "$DB_HOST" || die "PostgreSQL at $DB_HOST:$DB_PORT is not answering"
    local version
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$version" ] || die "PostgreSQL is not installed (no /etc/postgresql)"
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for 60 "PostgreSQL" postgres_up
}

rabbitmq_up() {
    local host
    host="$(amqp_parts | cut -d' ' -f1)"
    local port
    port="$(python3 -c 'import sys; from urllib.parse import urlsplit; print(urlsplit(sys.argv[1]).port or 5672)' "$AMQP_URI")"
    port_open "$host" "$port"
}

ensure_rabbitmq() {
    local host
    host="$(amqp_parts | cut -d' ' -f1)"
    if ! rabbitmq_up; then
        is_local_host "$host" || die "RabbitMQ at $host is not answering"
        command -v rabbitmq-server >/dev/null || die "RabbitMQ is not installed"
        log "starting RabbitMQ"
        rabbitmq-server -detached || true
        timeout 90 rabbitmqctl -q await_startup >/dev/null 2>&1 || true
        wait_for 90 "RabbitMQ" rabbitmq_up
    fi
}

# Creates the vhost named in AMQP_URI when the broker is local (the default "/" needs nothing).
ensure_vhost() {
    local host vhost user
    read -r host vhost user < <(amqp_parts)
    [ "$vhost" = "/" ] && return 0
    if ! is_local_host "$host"; then
        log "remote broker $host: make sure vhost '$vhost' exists"
        return 0
    fi
    if ! rabbitmqctl -q list_vhosts name 2>/dev/null | grep -qxF -- "$vhost"; then
        log "creating RabbitMQ vhost $vhost"
        rabbitmqctl -q add_vhost "$vhost" >/dev/null
    fi
    rabbitmqctl -q set_permissions -p "$vhost" "$user" ".*" ".*" ".*" >/dev/null
}

# Deletes and recreates the vhost of AMQP_URI (drops its queues). Used by the test suite.
reset_vhost() {
    local host vhost user
    read -r host vhost user < <(amqp_parts)
    [ "$vhost" = "/" ] && die "refusing to reset the default vhost /"
    is_local_host "$host" || die "refusing to reset vhost '$vhost' on remote broker $host"
    rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
    ensure_vhost
}

ensure_infra() {
    export_defaults
    ensure_venv
    ensure_system_packages
    ensure_postgres
    ensure_rabbitmq
    ensure_vhost
}

# ------------------------------------------------------------------ processes

pid_file() { echo "$KITSU_RUN_DIR/$1.pid"; }
log_file() { echo "$KITSU_RUN_DIR/logs/$1.log"; }

# True when $1 is a live (not zombie) process.
pid_alive() {
    local pid="$1" state
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo '?')"
    [ "$state" != Z ] && [ "$state" != X ]
}

# The command line a process of ours must contain (guards against pid reuse).
proc_marker() {
    case "$1" in
        gateway) echo "-m gateway" ;;
        media_jobs) echo "services.media.jobs" ;;
        *) echo "services.$1.service" ;;
    esac
}

# Prints the pid of process $1 if its pid file points to a live process of ours.
running_pid() {
    local f pid
    f="$(pid_file "$1")"
    [ -f "$f" ] || return 1
    pid="$(cat "$f" 2>/dev/null || true)"
    pid_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(proc_marker "$1")" || return 1
    echo "$pid"
}

valid_proc() {
    local p
    for p in "${KITSU_PROCS[@]}"; do [ "$p" = "$1" ] && return 0; done
    return 1
}

# Signals process $2 (and its process group when it leads one: ffmpeg children etc.).
signal_proc() {  # signal pid
    local sig="$1" pid="$2" pgid
    pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    if [ "$pgid" = "$pid" ]; then
        kill "-$sig" -- "-$pid" 2>/dev/null || true
    else
        kill "-$sig" "$pid" 2>/dev/null || true
    fi
}

# Stops the named processes: SIGTERM, up to KITSU_STOP_GRACE (10) seconds, then SIGKILL.
# Only processes recorded in pid files of $KITSU_RUN_DIR are touched; pid files are removed.
stop_procs() {
    local grace="${KITSU_STOP_GRACE:-10}" name pid i
    local -a names=() pids=()
    for name in "$@"; do
        if pid="$(running_pid "$name")"; then
            names+=("$name"); pids+=("$pid")
            log "stopping $name (pid $pid)"
            signal_proc TERM "$pid"
        fi
    done
    for ((i = 0; i < grace * 5; i++)); do
        local alive=0
        for pid in "${pids[@]}"; do pid_alive "$pid" && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.2
    done
    for i in "${!pids[@]}"; do
        if pid_alive "${pids[$i]}"; then
            log "${names[$i]} (pid ${pids[$i]}) still running after ${grace}s: SIGKILL"
            signal_proc KILL "${pids[$i]}"
        fi
    done
    for name in "$@"; do rm -f "$(pid_file "$name")"; done
}
