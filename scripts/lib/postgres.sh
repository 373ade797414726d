# shellcheck shell=bash
# A throwaway PostgreSQL server for the tests: own data directory, loopback only, removed on stop.

PG_DIR=""
PG_PORT=""
PG_BIN=""

# pg_find_bin: the newest installed server's bin directory (/usr/lib/postgresql/<version>/bin).
pg_find_bin() {
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)"
    if [[ -z "$dir" || ! -x "$dir/postgres" ]]; then
        echo "test.sh: no PostgreSQL server found under /usr/lib/postgresql" >&2
        return 1
    fi
    echo "$dir"
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# as_postgres COMMAND...: root may not run the server; run as the postgres OS user from a directory it can read.
as_postgres() {
    if ((EUID == 0)); then
        (cd "$PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

# pg_start: initdb + start on a free port from 55432 on; sets PG_DIR and PG_PORT.
pg_start() {
    PG_BIN="$(pg_find_bin)"
    PG_DIR="$(mktemp -d /tmp/printstash-pg.XXXXXX)"
    mkdir -p "$PG_DIR/data" "$PG_DIR/socket"
    if ((EUID == 0)); then
        chown -R postgres:postgres "$PG_DIR"
    fi

    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 || {
        cat "$PG_DIR/initdb.log" >&2
        return 1
    }

    local port attempt
    for ((attempt = 0; attempt < 50; attempt++)); do
        port=$((55432 + attempt))
        port_in_use "$port" && continue
        if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start -o \
            "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            >/dev/null; then
            PG_PORT="$port"
            break
        fi
        echo "test.sh: PostgreSQL did not start on port $port, trying the next one" >&2
    done
    if [[ -z "$PG_PORT" ]]; then
        cat "$PG_DIR/server.log" >&2 || true
        return 1
    fi

    as_postgres "$PG_BIN/psql" -X -q -h "$PG_DIR/socket" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE printstash LOGIN PASSWORD 'printstash' CREATEDB;"
    echo "test.sh: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

# pg_stop: stops the server (if running) and removes its directory; safe to call more than once.
pg_stop() {
    [[ -n "$PG_DIR" && -d "$PG_DIR" ]] || return 0
    if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}
