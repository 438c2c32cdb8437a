#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into DATABASE_URL, replacing its contents.
#
#   DATABASE_URL=postgres://user:pass@host:5432/outreach scripts/restore.sh FILE.dump [MEDIA.tar.gz]
#
# Stop web, workers and beat first (nothing may write meanwhile). The database must
# exist (createdb it for a new server). Objects in the dump are dropped and recreated
# (--clean --if-exists), in one transaction: a failed restore changes nothing. Then run
# `manage.py migrate` (a dump of an older release is brought up to date) and start again.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
dump="${1:?give the .dump file}"
media="${2:-}"

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$dump"

if [[ -n "$media" ]]; then
  : "${MEDIA_ROOT:?set MEDIA_ROOT to restore the media files}"
  mkdir -p "$MEDIA_ROOT"
  tar -xzf "$media" -C "$MEDIA_ROOT"
fi
echo "restored $dump"
