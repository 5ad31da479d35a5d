#!/usr/bin/env bash
# Start (or reuse) the PostgreSQL and Redis services the test suite needs, on loopback only.
#
#   bash .ci/services.sh            # run alone: prints `export ...` lines on stdout, logs on stderr
#   eval "$(bash .ci/services.sh)"  # ... and load DATABASE_URL / REDIS_URL into the current shell
#   source .ci/services.sh          # (what .ci/run does) exports DATABASE_URL and REDIS_URL
#
# Idempotent: services that already answer are left alone. Debian 12, no systemd needed.
# Installs postgresql / redis-server with apt only when they are missing (needs root or sudo).
#
# Overridable: CI_DB_NAME (kinerja), CI_DB_USER (app), CI_DB_PASSWORD (app),
#              CI_PG_HOST/CI_PG_PORT (127.0.0.1/5432), CI_REDIS_HOST/CI_REDIS_PORT (127.0.0.1/6379).

CI_DB_NAME="${CI_DB_NAME:-kinerja}"
CI_DB_USER="${CI_DB_USER:-app}"
CI_DB_PASSWORD="${CI_DB_PASSWORD:-app}"
CI_PG_HOST="${CI_PG_HOST:-127.0.0.1}"
CI_PG_PORT="${CI_PG_PORT:-5432}"
CI_REDIS_HOST="${CI_REDIS_HOST:-127.0.0.1}"
CI_REDIS_PORT="${CI_REDIS_PORT:-6379}"

ci_log() { echo "$*" >&2; }
ci_section() { echo "== $*" >&2; }

# Run a command as root (directly, or through sudo for a developer's non-root shell).
ci_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        ci_log "!! need root (or sudo) to run: $*"
        return 1
    fi
}

# apt-get install, running `apt-get update` at most once per shell.
# DPkg::Lock::Timeout waits for another apt/dpkg instead of failing straight away.
ci_apt_install() {
    if [ "${_CI_APT_UPDATED:-0}" != 1 ]; then
        ci_log "-- apt-get update"
        ci_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=300 update -q >&2 || return 1
        _CI_APT_UPDATED=1
    fi
    ci_log "-- apt-get install $*"
    ci_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$@" >&2
}

# --------------------------------------------------------------------------- PostgreSQL

ci_pg_ready() {
    command -v pg_isready >/dev/null 2>&1 &&
        pg_isready -q -h "$CI_PG_HOST" -p "$CI_PG_PORT" -t 3 >/dev/null 2>&1
}

ci_pg_start() {
    if [ ! -d /usr/lib/postgresql ] || [ -z "$(ls -A /usr/lib/postgresql 2>/dev/null)" ]; then
        ci_apt_install postgresql || return 1
    fi
    local pgver
    pgver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pgver main"; then
        ci_log "-- creating cluster $pgver/main"
        ci_as_root pg_createcluster "$pgver" main >&2 || return 1
    fi
    # conf.d drop-in (pg_conftool mangles the quotes); loopback only.
    ci_as_root mkdir -p "/etc/postgresql/$pgver/main/conf.d"
    printf "listen_addresses = '%s'\nport = %s\n" "$CI_PG_HOST" "$CI_PG_PORT" |
        ci_as_root tee "/etc/postgresql/$pgver/main/conf.d/ci.conf" >/dev/null
    local status
    status="$(pg_lsclusters -h | awk -v v="$pgver" '$1==v && $2=="main" {print $4}')"
    if [ "$status" = online ]; then
        # Running but not answering on TCP: reload the listen address.
        ci_log "-- restarting cluster $pgver/main"
        ci_as_root pg_ctlcluster "$pgver" main restart >&2 || return 1
    else
        ci_log "-- starting cluster $pgver/main"
        ci_as_root pg_ctlcluster "$pgver" main start >&2 || return 1
    fi
}

# Find a way to run psql with administrative rights; sets CI_PG_ADMIN (a description)
# and defines ci_pg_admin_psql. Tried in order:
#   1. TCP as role postgres (trust auth on 127.0.0.1, as on the prepared machines)
#   2. the postgres OS user over the Unix socket (peer auth; Debian's default)
#   3. the current OS user over the Unix socket, then over TCP (e.g. a `root` superuser role)
ci_pg_find_admin() {
    local probe="SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    local out
    out="$(PGCONNECT_TIMEOUT=5 psql -X -qAt -w -h "$CI_PG_HOST" -p "$CI_PG_PORT" -U postgres -d postgres \
        -c "$probe" 2>/dev/null || true)"
    if [ "$out" = t ]; then
        CI_PG_ADMIN="psql -h $CI_PG_HOST -U postgres"
        ci_pg_admin_psql() {
            PGCONNECT_TIMEOUT=5 psql -X -qAt -w -v ON_ERROR_STOP=1 \
                -h "$CI_PG_HOST" -p "$CI_PG_PORT" -U postgres -d postgres "$@"
        }
        return 0
    fi
    if id postgres >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
        out="$(cd / && runuser -u postgres -- psql -X -qAt -w -p "$CI_PG_PORT" -d postgres \
            -c "$probe" 2>/dev/null || true)"
        if [ "$out" = t ]; then
            CI_PG_ADMIN="runuser -u postgres -- psql"
            ci_pg_admin_psql() {
                (cd / && runuser -u postgres -- psql -X -qAt -w -v ON_ERROR_STOP=1 \
                    -p "$CI_PG_PORT" -d postgres "$@")
            }
            return 0
        fi
    fi
    out="$(PGCONNECT_TIMEOUT=5 psql -X -qAt -w -p "$CI_PG_PORT" -d postgres -c "$probe" 2>/dev/null || true)"
    if [ "$out" = t ]; then
        CI_PG_ADMIN="psql (Unix socket, role $(id -un))"
        ci_pg_admin_psql() {
            PGCONNECT_TIMEOUT=5 psql -X -qAt -w -v ON_ERROR_STOP=1 -p "$CI_PG_PORT" -d postgres "$@"
        }
        return 0
    fi
    out="$(PGCONNECT_TIMEOUT=5 psql -X -qAt -w -h "$CI_PG_HOST" -p "$CI_PG_PORT" -d postgres \
        -c "$probe" 2>/dev/null || true)"
    if [ "$out" = t ]; then
        CI_PG_ADMIN="psql -h $CI_PG_HOST (role $(id -un))"
        ci_pg_admin_psql() {
            PGCONNECT_TIMEOUT=5 psql -X -qAt -w -v ON_ERROR_STOP=1 \
                -h "$CI_PG_HOST" -p "$CI_PG_PORT" -d postgres "$@"
        }
        return 0
    fi
    return 1
}

# Can the application role log in over TCP with its password?
ci_pg_app_login() {
    PGPASSWORD="$CI_DB_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -qAt -w \
        -h "$CI_PG_HOST" -p "$CI_PG_PORT" -U "$CI_DB_USER" -d "${1:-postgres}" -c "SELECT 1" >/dev/null 2>&1
}

ci_pg_ensure_app() {
    if ! ci_pg_find_admin; then
        ci_log "-- no administrative psql access found"
        return 1
    fi
    ci_log "-- admin access: $CI_PG_ADMIN"
    local exists
    exists="$(ci_pg_admin_psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$CI_DB_USER'")" || return 1
    if [ "$exists" = 1 ]; then
        ci_log "-- role $CI_DB_USER exists; ensuring LOGIN CREATEDB and password"
        ci_pg_admin_psql -c "ALTER ROLE \"$CI_DB_USER\" LOGIN CREATEDB PASSWORD '$CI_DB_PASSWORD'" \
            >/dev/null || return 1
    else
        ci_log "-- creating role $CI_DB_USER"
        ci_pg_admin_psql -c "CREATE ROLE \"$CI_DB_USER\" LOGIN CREATEDB PASSWORD '$CI_DB_PASSWORD'" \
            >/dev/null || return 1
    fi
    exists="$(ci_pg_admin_psql -c "SELECT 1 FROM pg_database WHERE datname = '$CI_DB_NAME'")" || return 1
    if [ "$exists" = 1 ]; then
        ci_log "-- database $CI_DB_NAME exists"
        # Make sure the app role can use it even if someone else created it.
        ci_pg_admin_psql -c "ALTER DATABASE \"$CI_DB_NAME\" OWNER TO \"$CI_DB_USER\"" >/dev/null || true
    else
        ci_log "-- creating database $CI_DB_NAME owned by $CI_DB_USER"
        ci_pg_admin_psql -c "CREATE DATABASE \"$CI_DB_NAME\" OWNER \"$CI_DB_USER\"" >/dev/null || return 1
    fi
}

ci_postgres_up() {
    ci_section "PostgreSQL on $CI_PG_HOST:$CI_PG_PORT"
    if ci_pg_ready; then
        ci_log "-- already answering"
    else
        ci_pg_start || { ci_log "!! could not start PostgreSQL"; return 1; }
        local i
        for i in $(seq 1 60); do
            ci_pg_ready && break
            sleep 1
        done
        ci_pg_ready || { ci_log "!! PostgreSQL did not become ready within 60 s"; return 1; }
        ci_log "-- ready"
    fi

    if ci_pg_ensure_app && ci_pg_app_login "$CI_DB_NAME"; then
        DATABASE_URL="postgres://$CI_DB_USER:$CI_DB_PASSWORD@$CI_PG_HOST:$CI_PG_PORT/$CI_DB_NAME"
    elif ci_pg_app_login postgres; then
        # The role works (made earlier) but we could not administer: rely on its CREATEDB.
        ci_log "-- using existing role $CI_DB_USER"
        DATABASE_URL="postgres://$CI_DB_USER:$CI_DB_PASSWORD@$CI_PG_HOST:$CI_PG_PORT/$CI_DB_NAME"
    elif PGCONNECT_TIMEOUT=5 psql -X -qAt -w -h "$CI_PG_HOST" -p "$CI_PG_PORT" -U postgres -d postgres \
        -c "SELECT 1" >/dev/null 2>&1; then
        # Last resort: trust auth lets us in as the postgres superuser.
        ci_log "-- falling back to role postgres (trust auth)"
        psql -X -qAt -w -h "$CI_PG_HOST" -p "$CI_PG_PORT" -U postgres -d postgres \
            -c "CREATE DATABASE \"$CI_DB_NAME\"" >/dev/null 2>&1 || true
        DATABASE_URL="postgres://postgres@$CI_PG_HOST:$CI_PG_PORT/$CI_DB_NAME"
    else
        ci_log "!! no usable PostgreSQL role: set up role $CI_DB_USER/$CI_DB_PASSWORD with LOGIN CREATEDB"
        return 1
    fi
    export DATABASE_URL
    ci_log "-- DATABASE_URL=$DATABASE_URL"
}

# --------------------------------------------------------------------------- Redis

ci_redis_ping() {
    command -v redis-cli >/dev/null 2>&1 &&
        [ "$(timeout 5 redis-cli -h "$CI_REDIS_HOST" -p "$CI_REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

ci_redis_up() {
    ci_section "Redis on $CI_REDIS_HOST:$CI_REDIS_PORT"
    if ci_redis_ping; then
        ci_log "-- already answering"
    else
        if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
            ci_apt_install redis-server || { ci_log "!! could not install redis-server"; return 1; }
        fi
        if ! ci_redis_ping; then
            ci_log "-- starting redis-server"
            redis-server --bind "$CI_REDIS_HOST" --port "$CI_REDIS_PORT" \
                --save '' --appendonly no --daemonize yes >&2 || return 1
        fi
        local i
        for i in $(seq 1 30); do
            ci_redis_ping && break
            sleep 1
        done
        ci_redis_ping || { ci_log "!! Redis did not answer PONG within 30 s"; return 1; }
        ci_log "-- PONG"
    fi
    REDIS_URL="redis://$CI_REDIS_HOST:$CI_REDIS_PORT/0"
    export REDIS_URL
    ci_log "-- REDIS_URL=$REDIS_URL"
}

ci_services_up() {
    ci_postgres_up || return 1
    ci_redis_up || return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    # Executed: strict mode here, and print the variables for `eval`.
    set -euo pipefail
    ci_services_up
    printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
    printf 'export REDIS_URL=%q\n' "$REDIS_URL"
else
    # Sourced (e.g. by .ci/run): the caller's options apply; fail loudly.
    ci_services_up || { ci_log "!! services failed"; return 1; }
fi
