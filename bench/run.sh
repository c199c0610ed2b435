#!/usr/bin/env bash
# Breakdown benchmark: our cluster vs the Zou reference, same dataset, same run.
#   bench/run.sh            (knobs: DURATION=15s THREADS=2 CONNECTIONS=32 CONCURRENCY=8
#                            ZOU_URL=http://127.0.0.1:5000 PORT=8190 KEEP=1 keeps our cluster up,
#                            REUSE_ZOU=1 measures the Zou project seeded by the previous run
#                            instead of seeding Zou again: its creation rates are those of that run)
# Starts an isolated cluster of ours (databases kitsu_bench_*, vhost kitsu_bench, port $PORT,
# run dir .run-bench), seeds both servers with bench/seed_breakdown.py (creation rates), then
# measures four reads with wrk and writes bench/results/<date>.md with the ratios ours / Zou.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DURATION="${DURATION:-15s}"; THREADS="${THREADS:-2}"; CONNECTIONS="${CONNECTIONS:-32}"
CONCURRENCY="${CONCURRENCY:-8}"; ZOU_URL="${ZOU_URL:-http://127.0.0.1:5000}"; PORT="${PORT:-8190}"
PY="$ROOT/.venv/bin/python"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

export DB_PREFIX=kitsu_bench AMQP_URI="amqp://guest:guest@127.0.0.1:5672/kitsu_bench"
export GATEWAY_HOST=127.0.0.1 GATEWAY_PORT="$PORT" KITSU_RUN_DIR="$ROOT/.run-bench"
export PREVIEW_FOLDER="$ROOT/.run-bench/previews" USER_LIMIT=100000
export SECRET_KEY="${SECRET_KEY:-bench-secret-key-0123456789abcdef}"
export KITSU_ADMIN_EMAIL=admin@example.com KITSU_ADMIN_PASSWORD=mysecretpassword
OURS="http://127.0.0.1:$PORT/api"

# Our side starts from empty databases: read models have no migrations, so tables kept from an
# older run may not match the code (the bench measures the code, not an upgrade path).
for db in $(psql -h "${DB_HOST:-127.0.0.1}" -U "${DB_USERNAME:-postgres}" -Atc \
        "SELECT datname FROM pg_database WHERE datname LIKE 'kitsu\_bench\_%'"); do
    dropdb -h "${DB_HOST:-127.0.0.1}" -U "${DB_USERNAME:-postgres}" "$db"
done
deploy/up -d
[ "${KEEP:-0}" = 1 ] || trap 'deploy/down >/dev/null 2>&1 || true' EXIT

OUT="$ROOT/bench/results"; mkdir -p "$OUT"
REPORT="$OUT/$(date +%Y%m%d-%H%M%S).md"
declare -A SEED
for side in ours zou; do
    url="$OURS"; [ "$side" = zou ] && url="$ZOU_URL"
    if [ "$side" = zou ] && [ "${REUSE_ZOU:-0}" = 1 ] && [ -f "$OUT/zou-seed.json" ]; then
        echo "== reusing the Zou project of $OUT/zou-seed.json" >&2
        SEED[$side]="$(cat "$OUT/zou-seed.json")"
        continue
    fi
    echo "== seeding $side ($url)" >&2
    SEED[$side]="$("$PY" bench/seed_breakdown.py --base-url "$url" --concurrency "$CONCURRENCY")"
    echo "${SEED[$side]}" > "$OUT/$side-seed.json"
done

login() {  # an admin access token for a base URL (not kept in the results)
    "$PY" -c 'import requests,sys; print(requests.post(sys.argv[1] + "/auth/login", json={"email": "admin@example.com", "password": "mysecretpassword"}).json()["access_token"])' "$1"
}
field() { "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval("d"+sys.argv[2]))' "$1" "$2"; }
rps() {  # "requests/s p99" of one wrk run
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -H "Authorization: Bearer $2" "$1" \
        | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} /Non-2xx/ {print "NON2XX " $0 > "/dev/stderr"}
               END {print r, p}'
}
{
    echo "# Breakdown benchmark $(date -Is)"
    echo
    echo "Box: $(nproc) cores, load at start: $(cut -d' ' -f1-3 /proc/loadavg) (other clusters may run)."
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION; seeding with $CONCURRENCY client threads."
    echo
    echo "| measure | ours | Zou | ours / Zou | p99 ours | p99 Zou |"
    echo "|---|---|---|---|---|---|"
    for rate in assets shots casting; do
        o=$(field "${SEED[ours]}" "['rates']['$rate']"); z=$(field "${SEED[zou]}" "['rates']['$rate']")
        echo "| create $rate (req/s) | $o | $z | $(awk -v o="$o" -v z="$z" 'BEGIN{printf "%.2f", o/z}') | | |"
    done
    for read in shots entity-links casting asset; do
        line=""
        for side in ours zou; do
            url="$OURS"; [ "$side" = zou ] && url="$ZOU_URL"
            s="${SEED[$side]}"; pid=$(field "$s" "['project_id']"); tok=$(login "$url")
            case $read in
                shots) path="/data/projects/$pid/shots" ;;
                entity-links) path="/data/projects/$pid/entity-links" ;;
                casting) path="/data/projects/$pid/episodes/$(field "$s" "['episode_id']")/sequences/all/casting" ;;
                asset) path="/data/assets/$(field "$s" "['asset_id']")" ;;
            esac
            echo "== wrk $side $read" >&2
            line="$line $(rps "$url$path" "$tok")"
        done
        read -r o op z zp <<< "$line"
        echo "| GET $read (req/s) | $o | $z | $(awk -v o="$o" -v z="$z" 'BEGIN{printf "%.2f", o/z}') | $op | $zp |"
    done
} | tee "$REPORT"
echo "report: $REPORT" >&2
