#!/usr/bin/env bash
# Runs the date-sensitive test packages again with the process clock moved by faketime
# to the instants where a "day" is easiest to get wrong (team time zone, Asia/Shanghai):
#   - the last minute of a month (the last day of next February: the shortest month),
#   - 00:30 on the first of next month (still the previous day in UTC),
#   - the last minute of this year.
# They are computed from today, so each run meets its own edges of the calendar.
# The tests that seed the whole demo (marker `demo`) are left to the main run, where
# tests/outreach/test_seed_demo_any_day.py runs seed_demo at a dozen such instants.
#
#   scripts/test_instants.sh                         the three instants
#   scripts/test_instants.sh "2027-03-01 00:30"      one instant of your choice
#   PYTEST=".venv/bin/pytest -x" scripts/test_instants.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."

# On every core, as `make test` runs the whole suite (pytest-xdist).
PYTEST=${PYTEST:-.venv/bin/pytest -n auto}
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
  # FAKETIME_FORCE_MONOTONIC_FIX=0: Debian's libfaketime is built with the monotonic fix,
  # which makes timed waits (a lock, a socket poll) overrun: the run takes about 40 % longer
  # for nothing; the wall clock is faked all the same.
  OUTREACH_TEST_INSTANT="${instant}" FAKETIME_FORCE_MONOTONIC_FIX=0 faketime -f "@${instant}:00" \
    ${PYTEST} -q -p no:cacheprovider -m "not demo" "${PACKAGES[@]}"
done
