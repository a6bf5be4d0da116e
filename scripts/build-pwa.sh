#!/usr/bin/env bash
# Builds the web front end (backend/web/dist: the residents' app and the console) from the npm
# packages pinned by package-lock.json.
# Idempotent and fast: `npm ci` only when node_modules is missing or older than the lockfile,
# the build only when its inputs (sources, build script, lockfile) changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/../backend/web"
# Test workers (pytest -n) may build at the same time: one builds, the others wait and find it done.
exec 9>"${TMPDIR:-/tmp}/veilleurs-build-$(pwd | sha256sum | cut -c1-12).lock"
flock 9

if ! command -v npm >/dev/null 2>&1; then
  echo "Installation de Node.js et npm (paquets Debian)"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f node_modules/.veilleurs-lock || "$(cat node_modules/.veilleurs-lock)" != "$lock_sum" ]]; then
  echo "Installation des paquets npm du front (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.veilleurs-lock
fi

inputs_sum=$( (find app console shared -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum build.mjs package-lock.json) | sha256sum | cut -d' ' -f1)
if [[ ! -f dist/.inputs || "$(cat dist/.inputs)" != "$inputs_sum" ]]; then
  node build.mjs
  echo "$inputs_sum" > dist/.inputs
fi
