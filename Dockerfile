# syntax=docker/dockerfile:1
# The production image in two stages. `build` has Node, gettext and a C toolchain: it
# installs the front-end assets (npm ci), builds a wheel of every pinned runtime package
# (requirements.txt, hashes checked), collects the static files and compiles the catalog.
# The final stage is python slim with none of those tools: the installed wheels, the app,
# the collected static files and the vendor assets' files, run as a non-root user.

FROM python:3.11-slim-bookworm AS build
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=outreach.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
        nodejs npm gettext build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# Every runtime package as a wheel, each download checked against the lock file's hash.
COPY requirements.txt ./
RUN pip wheel --no-cache-dir --require-hashes --wheel-dir /wheels -r requirements.txt \
    && pip install --no-cache-dir --no-index --no-deps /wheels/*.whl

COPY . .
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-000000000000000 \
       python manage.py collectstatic --noinput -v 0 \
    && SECRET_KEY=build-only-compilemessages-key-not-used-at-run-time-0000000000000 \
       python manage.py compilemessages -v 0 --ignore=node_modules


FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=outreach.settings.production
WORKDIR /app

# The wheels are mounted from the build stage for this one step, so no layer keeps them.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --no-deps /wheels/*.whl

# The code belongs to root and is only read by the app's user, who owns just what it
# writes: media/ and staticfiles/ (docker-compose.yml collects into a volume mounted there).
# Issue 20: the font the server stamps check-in photos with (draws Chinese);
# settings CHECKIN_STAMP_FONT points at it.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --uid 10001 outreach
COPY . .
COPY --from=build /app/locale ./locale
COPY --from=build --chown=outreach /app/staticfiles ./staticfiles
# The vendor assets' files only (STATICFILES_DIRS), not Node: `collectstatic` at start
# (docker-compose.yml) refreshes the shared static volume from them and static/.
COPY --from=build /app/node_modules/bootstrap/dist ./node_modules/bootstrap/dist
COPY --from=build /app/node_modules/chart.js/dist ./node_modules/chart.js/dist
RUN mkdir -p /app/media && chown outreach /app/media

USER outreach
EXPOSE 8000
CMD ["gunicorn", "outreach.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
