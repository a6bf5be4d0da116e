#!/usr/bin/env bash
# Prints the nginx site for Veilleurs (scripts/deploy/nginx-site.conf with its @…@ filled in).
# Usage: scripts/deploy/nginx-site.sh SERVER_NAME [LISTEN] [UPSTREAM] [MAX_UPLOAD_MB]
#   LISTEN    default 80 (nginx's listen: a port, or ADDRESS:PORT)
#   UPSTREAM  default unix:/run/veilleurs/gunicorn.sock (what `veilleurs serve --bind` listens on)
#   MAX_UPLOAD_MB default $MAX_UPLOAD_MB or 12: the same limit as the application's
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
server_name="${1:?usage: nginx-site.sh SERVER_NAME [LISTEN] [UPSTREAM] [MAX_UPLOAD_MB]}"
listen="${2:-80}"
upstream="${3:-unix:/run/veilleurs/gunicorn.sock}"
max_body="${4:-${MAX_UPLOAD_MB:-12}}"
[[ "$max_body" =~ ^[0-9]+$ ]] || { echo "MAX_UPLOAD_MB doit être un nombre entier de Mo." >&2; exit 2; }
sed -e "s|@SERVER_NAME@|${server_name}|g" -e "s|@LISTEN@|${listen}|g" \
    -e "s|@UPSTREAM@|${upstream}|g" -e "s|@MAX_BODY_MB@|${max_body}|g" "$here/nginx-site.conf"
