#!/usr/bin/env bash
# Runs a command (by default every test) with a throwaway PostgreSQL 15 on
# loopback, whose URL is exported as PSABRIDGE_TEST_DATABASE_URL for the
# tests that need it. The server and its data folder are removed on exit.
#
#   scripts/test.sh                       # go vet ./... && go test -race -count=1 -timeout 15m ./...
#   scripts/test.sh go test ./internal/store/...
set -euo pipefail
cd "$(dirname "$0")/.."

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ]; then
	echo "test.sh: installing PostgreSQL 15 (Debian's package)" >&2
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "test.sh: installing chromium for the browser tests (Debian's package)" >&2
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 ||
		echo "test.sh: chromium could not be installed: the browser tests skip" >&2
fi

# as_pg runs a PostgreSQL tool as the postgres user (initdb refuses root).
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 20000))
}

dir=$(mktemp -d /tmp/psabridge-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
stop() {
	as_pg "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT

port=$(free_port)
as_pg "$pgbin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
	"-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
	start >/dev/null
export PSABRIDGE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "test.sh: PostgreSQL 15 on 127.0.0.1:$port" >&2

if [ $# -eq 0 ]; then
	go vet ./... && go test -race -count=1 -timeout 15m ./...
else
	"$@"
fi
