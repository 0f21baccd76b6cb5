# pg.sh - a private PostgreSQL 15 cluster for tests (sourced)
#
#   pg_start    initdb into a fresh temp dir, start the server on a free
#               TCP port of 127.0.0.1 (socket in the same dir), export
#               YJ_TEST_PG (a conninfo for superuser "yojin", database
#               "postgres") and PG_TEST_DIR; stop and remove it on exit
#   pg_stop     stop the server and remove the dir (idempotent)
#
# Nothing shared is touched: no fixed port, no system cluster, no
# /var/run/postgresql; another cluster or a Postfix may run beside it.
# As root the server runs as the "postgres" user (it refuses root), and
# the temp dir is given to that user.  The cluster is throwaway, so it
# runs with fsync off unless PG_DURABLE=1 (for honest timings).
#
# pg_start installs an EXIT/INT/TERM trap that calls pg_stop; a caller
# with its own cleanup should call pg_stop from its own trap.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_TEST_DIR=
PG_LOG=

# pg_as_owner - run a command as the cluster's owner
pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# pg_start - create and start the private cluster
pg_start() {
	local port try opts
	if [ ! -x "$PG_BIN/initdb" ]; then
		echo "pg_start: no PostgreSQL server in $PG_BIN" >&2
		return 1
	fi
	PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/yj-pg.XXXXXX") || return 1
	trap 'pg_stop' EXIT
	trap 'pg_stop; exit 130' INT TERM
	chmod 700 "$PG_TEST_DIR"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_TEST_DIR"
	PG_LOG=$PG_TEST_DIR/server.log
	if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_TEST_DIR/data" -U yojin \
	    -A trust -E UTF8 --no-locale -N >"$PG_TEST_DIR/initdb.log" 2>&1
	then
		cat "$PG_TEST_DIR/initdb.log" >&2
		return 1
	fi
	opts="-c listen_addresses=127.0.0.1 -k $PG_TEST_DIR"
	[ "${PG_DURABLE:-0}" = 1 ] || opts="$opts -c fsync=off \
	    -c synchronous_commit=off -c full_page_writes=off"
	# pick a random high port; a port taken meanwhile just fails to bind
	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" \
		    -l "$PG_LOG" -w -t 30 -o "$opts -p $port" start \
		    >/dev/null 2>&1; then
			export PG_TEST_DIR
			YJ_TEST_PG="host=127.0.0.1 port=$port user=yojin"
			export YJ_TEST_PG="$YJ_TEST_PG dbname=postgres"
			return 0
		fi
	done
	echo "pg_start: the server did not start" >&2
	tail -20 "$PG_LOG" >&2 2>/dev/null
	return 1
}

# pg_stop - stop the private cluster and remove its files
pg_stop() {
	[ -n "$PG_TEST_DIR" ] || return 0
	if [ -f "$PG_TEST_DIR/data/postmaster.pid" ]; then
		pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" \
		    -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$PG_TEST_DIR"
	PG_TEST_DIR=
}
