# Shared by compose_start.sh and compose_stop.sh (sourced, not run): the Compose command this host has.
# shellcheck shell=bash

# Compose v2 (`docker compose`) where installed, else v1.29 (`docker-compose`); both read our files.
compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose "$@"
  else
    die "neither 'docker compose' nor 'docker-compose' found; install Docker Engine with the compose plugin"
  fi
}
