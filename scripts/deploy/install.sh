#!/usr/bin/env bash
# Installs Veilleurs in production on Debian 12 (README « En production »), as root, from this
# clone: PostgreSQL/PostGIS, Redis (shared rate limits, background jobs) and nginx from Debian;
# the application in .venv; a `veilleurs` system user; /etc/veilleurs/veilleurs.env; the systemd
# units (gunicorn on a Unix socket, the RQ worker); the nginx site in front. Idempotent.
# Usage: scripts/deploy/install.sh SERVER_NAME        (e.g. veilleurs.example.org)
# HTTPS afterwards: apt-get install certbot python3-certbot-nginx && certbot --nginx -d SERVER_NAME
set -euo pipefail
server_name="${1:?usage: scripts/deploy/install.sh SERVER_NAME}"
[[ $(id -u) -eq 0 ]] || { echo "À lancer en root." >&2; exit 1; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
deploy="$root/scripts/deploy"
env_file=/etc/veilleurs/veilleurs.env
cd "$root"

scripts/install-system.sh production
make venv pwa

id veilleurs >/dev/null 2>&1 || adduser --system --group --home /var/lib/veilleurs veilleurs
install -d -o veilleurs -g veilleurs -m 0750 /var/lib/veilleurs /var/lib/veilleurs/media
install -d -m 0750 -g veilleurs /etc/veilleurs

if [[ ! -f "$env_file" ]]; then
  secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
  password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
  sed -e "s|^SECRET_KEY=.*|SECRET_KEY=${secret}|" \
      -e "s|veilleurs@127.0.0.1|veilleurs:${password}@127.0.0.1|" "$deploy/veilleurs.env" > "$env_file"
  runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qc "CREATE ROLE veilleurs LOGIN PASSWORD '${password}'"
  runuser -u postgres -- createdb -O veilleurs veilleurs
  runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qd veilleurs -c "CREATE EXTENSION IF NOT EXISTS postgis"
fi
chown root:veilleurs "$env_file"
chmod 0640 "$env_file"
set -a; . "$env_file"; set +a
runuser -u veilleurs -- "$root/.venv/bin/veilleurs" db upgrade

for unit in veilleurs.service veilleurs-worker.service; do
  sed "s|/opt/veilleurs|${root}|g" "$deploy/$unit" > "/etc/systemd/system/$unit"
done
systemctl daemon-reload
systemctl enable --now redis-server veilleurs.service veilleurs-worker.service

"$deploy/nginx-site.sh" "$server_name" 80 unix:/run/veilleurs/gunicorn.sock "${MAX_UPLOAD_MB:-12}" \
  > /etc/nginx/sites-available/veilleurs
ln -sf /etc/nginx/sites-available/veilleurs /etc/nginx/sites-enabled/veilleurs
rm -f /etc/nginx/sites-enabled/default
nginx -t
systemctl enable nginx
systemctl reload-or-restart nginx
echo "Veilleurs est servi par nginx sur http://${server_name}/ (HTTPS : certbot --nginx -d ${server_name})."
