#!/usr/bin/env bash
# Runs the date-sensitive test packages again with the process clock moved by faketime
# to the instants where a "day" is easiest to get wrong (team time zone, Asia/Shanghai):
#   - the last minute of a month (the last day of next February: the shortest month),
#   - 00:30 on the first of next month (still the previous day in UTC),
#   - the last minute of this year.
# They are computed from today, so each run meets its own edges of the calendar.
#
#   scripts/test_instants.sh                         the three instants
#   scripts/test_instants.sh "2027-03-01 00:30"      one instant of your choice
#   PYTEST=".venv/bin/pytest -x" scripts/test_instants.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."

PYTEST=${PYTEST:-.venv/bin/pytest}
PACKAGES=(tests/clients tests/attendance tests/campaigns tests/payroll tests/appraisals
  tests/dashboards tests/meetings tests/reviews)
export TZ=Asia/Shanghai

command -v faketime >/dev/null || { apt-get update -qq && apt-get install -y -qq faketime; }

if [[ $# -gt 0 ]]; then
  instants=("$@")
else
  this_month=$(date +%Y-%m-01)
  next_year=$(( $(date +%Y) + 1 ))
  instants=(
    "$(date -d "${next_year}-03-01 -1 minute" '+%Y-%m-%d %H:%M')"
    "$(date -d "${this_month} +1 month" '+%Y-%m-%d') 00:30"
    "$(date +%Y)-12-31 23:59"
  )
fi

for instant in "${instants[@]}"; do
  echo "== date-sensitive tests at ${instant} (${TZ})"
  # faketime moves this process and its children (Celery worker, Chromium); the suite's
  # conftest restarts each test at the same instant (OUTREACH_TEST_INSTANT).
  OUTREACH_TEST_INSTANT="${instant}" faketime -f "@${instant}:00" \
    ${PYTEST} -q -p no:cacheprovider "${PACKAGES[@]}"
done
