# Sourced by scripts/test (after ensure_venv): the PostgreSQL and Redis the tests run against.
#
# A URL given in DATABASE_URL or REDIS_URL must answer, or the run stops with a message saying
# which. Without one, the default local server is used if it answers
# (postgres://postgres@127.0.0.1:5432/test, redis://127.0.0.1:6379/15); if none does, Debian's
# PostgreSQL and Redis are installed if missing and private, throw-away instances are started on
# free ports, with data in a temporary folder, stopped and removed when the script exits, whatever
# the outcome.

DEFAULT_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
DEFAULT_TEST_REDIS_URL="redis://127.0.0.1:6379/15"
THROWAWAY_DIR=""

# `answers postgres URL` / `answers redis URL`: exit 0 when the server answers; else print why
# on stderr (passwords left out) and exit 1.
answers() {
  python - "$1" "$2" <<'PY'
import sys

kind, url = sys.argv[1], sys.argv[2]
if kind == "postgres":
    import dj_database_url
    import psycopg2

    db = dj_database_url.parse(url)
    try:
        psycopg2.connect(
            dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"],
            host=db["HOST"], port=db["PORT"] or 5432, connect_timeout=5,
        ).close()
    except psycopg2.Error as exc:
        where = f"{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        sys.exit(f"PostgreSQL does not answer at {where}: {str(exc).strip()}")
else:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis does not answer at {url.rpartition('@')[2]}: {exc}")
PY
}

free_port() {
  python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_throwaway_services() {
  [[ -n "$THROWAWAY_DIR" && -d "$THROWAWAY_DIR" ]] || return 0
  if [[ -f "$THROWAWAY_DIR/postgres/postmaster.pid" ]]; then
    "${AS_POSTGRES[@]}" "$PG_BIN/pg_ctl" -D "$THROWAWAY_DIR/postgres" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  if [[ -f "$THROWAWAY_DIR/redis.pid" ]]; then
    kill "$(cat "$THROWAWAY_DIR/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$THROWAWAY_DIR"
  THROWAWAY_DIR=""
}

throwaway_dir() {
  if [[ -z "$THROWAWAY_DIR" ]]; then
    THROWAWAY_DIR="$(mktemp -d "${TMPDIR:-/tmp}/emg-test-services.XXXXXX")"
    chmod 755 "$THROWAWAY_DIR"
    trap stop_throwaway_services EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
}

start_throwaway_postgres() {
  ensure_debian_packages postgresql
  PG_BIN="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d | sort -V | tail -n 1)"
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL's initdb not found under /usr/lib/postgresql."
  # PostgreSQL refuses to run as root: as root, the server runs as Debian's postgres user.
  AS_POSTGRES=()
  ((EUID != 0)) || AS_POSTGRES=(runuser -u postgres --)
  throwaway_dir
  local data="$THROWAWAY_DIR/postgres" port
  port="$(free_port)"
  mkdir -m 700 "$data"
  ((EUID != 0)) || chown postgres: "$data"
  say "starting a throw-away PostgreSQL on 127.0.0.1:$port"
  "${AS_POSTGRES[@]}" "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$THROWAWAY_DIR/initdb.log" 2>&1 \
    || die "initdb failed: $(tail -n 5 "$THROWAWAY_DIR/initdb.log")"
  # Durability is worth nothing for a database thrown away at the end.
  "${AS_POSTGRES[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$data/server.log")"
  "${AS_POSTGRES[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres test
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/test"
}

start_throwaway_redis() {
  ensure_debian_packages redis-server
  throwaway_dir
  local port
  port="$(free_port)"
  say "starting a throw-away Redis on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --daemonize yes \
    --dir "$THROWAWAY_DIR" --pidfile "$THROWAWAY_DIR/redis.pid" \
    --logfile "$THROWAWAY_DIR/redis.log" >/dev/null
  export REDIS_URL="redis://127.0.0.1:$port/15"
  local tries=0
  until answers redis "$REDIS_URL" 2>/dev/null; do
    ((++tries < 50)) || die "Redis did not start: $(tail -n 5 "$THROWAWAY_DIR/redis.log")"
    sleep 0.1
  done
}

# Sets DATABASE_URL and REDIS_URL to servers that answer, as described at the top.
ensure_test_services() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    answers postgres "$DATABASE_URL" || die "DATABASE_URL is set but PostgreSQL does not answer there (see above)."
  elif answers postgres "$DEFAULT_TEST_DATABASE_URL" 2>/dev/null; then
    export DATABASE_URL="$DEFAULT_TEST_DATABASE_URL"
  else
    start_throwaway_postgres
  fi
  if [[ -n "${REDIS_URL:-}" ]]; then
    answers redis "$REDIS_URL" || die "REDIS_URL is set but Redis does not answer there (see above)."
  elif answers redis "$DEFAULT_TEST_REDIS_URL" 2>/dev/null; then
    export REDIS_URL="$DEFAULT_TEST_REDIS_URL"
  else
    start_throwaway_redis
  fi
}
