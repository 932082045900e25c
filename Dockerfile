# Production image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango and friends for WeasyPrint (PDF reports are rendered by the worker).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only \
    python manage.py collectstatic --no-input -v 0 \
    && useradd --system --uid 10001 --home /app jobbro \
    && mkdir -p /app/.data/media && chown -R jobbro /app/.data
USER jobbro
EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn_conf.py", "config.wsgi"]
