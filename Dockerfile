# The production image: the same install, collectstatic and commands that `make` runs here.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=outreach.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-000000000000000 \
       python manage.py collectstatic --noinput -v 0 \
    && python manage.py compilemessages -v 0 --ignore=node_modules

RUN useradd --create-home outreach && mkdir -p /app/media && chown outreach /app/media
USER outreach
EXPOSE 8000
CMD ["gunicorn", "outreach.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
