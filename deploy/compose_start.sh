#!/usr/bin/env bash
# Starts the stacks under deploy/, like the old project's compose_start.sh.
#
#   deploy/compose_start.sh                    the stacks in DEPLOY_STACKS (default: global industrial_line1)
#   deploy/compose_start.sh global             one stack (global, industrial_line1, reverse-proxy, ...)
#   deploy/compose_start.sh industrial_line1 industrial_line2
#
# Start global first: the other stacks join its network "iiot" and write to its InfluxDB.
# For each stack it: refuses to start while an env file still holds an example secret (CHANGE-ME;
# set ALLOW_EXAMPLE_SECRETS=1 for a throw-away trial), creates the apps_data/ directories the stack
# bind-mounts and makes them writable for the container's user, runs `up -d --build`, and waits
# until the stack's containers report healthy. Uses `docker compose` (v2) or else `docker-compose`.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$DEPLOY_DIR")"
HEALTH_TIMEOUT_S="${HEALTH_TIMEOUT_S:-180}"

die() { echo "compose_start: $*" >&2; exit 1; }

# shellcheck source=SCRIPTDIR/compose-lib.sh
source "$DEPLOY_DIR/compose-lib.sh"

# The uid a bind-mounted directory must belong to: the user its container runs as.
owner_for() {
  case "$1" in
    apps_data/http_server*) echo 1000 ;; # the service image's user "node" (deploy/Dockerfile)
    apps_data/grafana/data) echo 472 ;;  # the Grafana image's user
    *) echo "" ;;                        # InfluxDB's entrypoint fixes its own; Portainer runs as root
  esac
}

prepare_dirs() {
  local file="$1" src uid host_dir
  # Bind mounts are written "- ../../apps_data/<dir>:<container path>[:ro]" in our compose files.
  while read -r src; do
    [ -n "$src" ] || continue
    host_dir="$REPO_DIR/$src"
    mkdir -p "$host_dir"
    uid="$(owner_for "$src")"
    [ -n "$uid" ] || continue
    if [ "$(stat -c %u "$host_dir")" != "$uid" ]; then
      if [ "$(id -u)" = 0 ]; then
        chown -R "$uid" "$host_dir"
      else
        die "$host_dir must belong to uid $uid (the container's user): sudo chown -R $uid $host_dir"
      fi
    fi
  done < <(sed -n 's#^ *- *\.\./\.\./\(apps_data/[^:]*\):.*#\1#p' "$file")
}

check_secrets() {
  local dir="$1" hits
  hits="$(grep -l 'CHANGE-ME' "$dir"/*.env 2>/dev/null || true)"
  [ -z "$hits" ] && return 0
  if [ "${ALLOW_EXAMPLE_SECRETS:-}" = 1 ]; then
    echo "compose_start: WARNING: example secrets in $hits (ALLOW_EXAMPLE_SECRETS=1)" >&2
    return 0
  fi
  die "example secrets (CHANGE-ME) remain in: $hits
  Replace them (docs/deployment.md, \"Tokens and keys\"), or set ALLOW_EXAMPLE_SECRETS=1 for a trial."
}

wait_healthy() {
  local stack="$1" file="$2" deadline=$((SECONDS + HEALTH_TIMEOUT_S)) id status pending
  while :; do
    pending=""
    for id in $(compose -p "$stack" -f "$file" ps -q); do
      status="$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")"
      case "$status" in
        healthy | running) ;;
        *) pending="$pending $(docker inspect --format '{{.Name}}' "$id")=$status" ;;
      esac
    done
    [ -z "$pending" ] && { echo "compose_start: $stack is up"; return 0; }
    [ "$SECONDS" -ge "$deadline" ] && die "$stack not healthy after ${HEALTH_TIMEOUT_S}s:$pending (docker logs <name>)"
    sleep 3
  done
}

start_stack() {
  local stack="$1" dir="$DEPLOY_DIR/$1" file="$DEPLOY_DIR/$1/docker-compose.yml"
  [ -f "$file" ] || die "no stack '$stack' ($file not found)"
  check_secrets "$dir"
  prepare_dirs "$file"
  echo "compose_start: starting $stack"
  compose -p "$stack" -f "$file" up -d --build --remove-orphans
  wait_healthy "$stack" "$file"
}

if [ "$#" -eq 0 ]; then
  # shellcheck disable=SC2086 # a space-separated list on purpose
  set -- ${DEPLOY_STACKS:-global industrial_line1}
fi
for stack in "$@"; do
  start_stack "$stack"
done
