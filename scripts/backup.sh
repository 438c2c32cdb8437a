#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and, optionally, the media files.
#
#   DATABASE_URL=postgres://user:pass@host:5432/outreach scripts/backup.sh [DIR]
#
# Writes DIR/outreach-YYYYmmdd-HHMMSS.dump (default DIR: ./backups) and, when
# MEDIA_ROOT is set and exists, DIR/outreach-media-YYYYmmdd-HHMMSS.tar.gz. Prints the
# dump's path. The dump is consistent (one snapshot) while the site keeps running.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
dir="${1:-backups}"
mkdir -p "$dir"
stamp="$(date -u +%Y%m%d-%H%M%S)"
dump="$dir/outreach-$stamp.dump"

pg_dump --format=custom --no-owner --no-privileges --file="$dump.part" "$DATABASE_URL"
mv "$dump.part" "$dump"
pg_restore --list "$dump" >/dev/null  # readable, or fail now rather than on restore day

if [[ -n "${MEDIA_ROOT:-}" && -d "${MEDIA_ROOT}" ]]; then
  tar -czf "$dir/outreach-media-$stamp.tar.gz" -C "$MEDIA_ROOT" .
fi
echo "$dump"
