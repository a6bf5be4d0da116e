#!/usr/bin/env bash
# Installs and starts the system pieces Veilleurs needs, only when they are missing.
# Usage: scripts/install-system.sh run|test|production
# - run:  SpatiaLite (the embedded database) and the PDF libraries;
# - test: the above, plus PostGIS (created once in template1), Chromium for the browser
#         tests, nginx for the production recipe's test, and PostgreSQL / Redis started when
#         they are down;
# - production: the run packages, PostgreSQL/PostGIS, Redis and nginx (scripts/deploy/install.sh).
set -euo pipefail
mode="${1:-run}"

packages=(libsqlite3-mod-spatialite libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [[ "$mode" == test ]]; then
  packages+=(postgresql-15-postgis-3 chromium redis-server poppler-utils wrk)  # poppler: PDF syntheses read back; wrk: the load generator of `make bench`
fi
if [[ "$mode" == test || "$mode" == production ]]; then
  packages+=(nginx)  # the buffering proxy in front of gunicorn (scripts/deploy)
fi
if [[ "$mode" == production ]]; then
  packages+=(postgresql-15-postgis-3 redis-server)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installation des paquets système manquants : ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[[ "$mode" == test ]] || exit 0

# PostgreSQL: start the cluster when it is down.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  cluster=$(ls /etc/postgresql | head -1)
  echo "Démarrage de PostgreSQL $cluster"
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start || pg_ctlcluster "$cluster" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# PostGIS once in template1, so every database created afterwards (the tests' ones) has it.
psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ "$(psql_admin -d template1 -c "SELECT count(*) FROM pg_extension WHERE extname='postgis'")" != 1 ]]; then
  echo "Création de l'extension PostGIS dans template1"
  psql_admin -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis"
fi

# Redis: start it when it is down (the job tests run a real RQ worker).
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Démarrage de Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
