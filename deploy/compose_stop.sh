#!/usr/bin/env bash
# Stops stacks under deploy/ (`down`: containers and the stack's network go, the data in apps_data/
# and named volumes stays).
#
#   deploy/compose_stop.sh                     every stack that runs: the lines and reverse-proxy, then global
#   deploy/compose_stop.sh industrial_line2    one or more stacks, in the order given
#
# Stop the line stacks before global: the network "iiot" belongs to global and cannot be removed
# while line containers are attached to it.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "compose_stop: $*" >&2; exit 1; }

# shellcheck source=SCRIPTDIR/compose-lib.sh
source "$DEPLOY_DIR/compose-lib.sh"

stop_stack() {
  local stack="$1" file="$DEPLOY_DIR/$1/docker-compose.yml"
  [ -f "$file" ] || die "no stack '$stack' ($file not found)"
  echo "compose_stop: stopping $stack"
  compose -p "$stack" -f "$file" down
}

if [ "$#" -eq 0 ]; then
  for dir in "$DEPLOY_DIR"/*/; do
    stack="$(basename "$dir")"
    [ "$stack" != global ] && [ -f "$dir/docker-compose.yml" ] && set -- "$@" "$stack"
  done
  set -- "$@" global
fi
for stack in "$@"; do
  stop_stack "$stack"
done
