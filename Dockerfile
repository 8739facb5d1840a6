# Image for web, worker and beat (see docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
COPY scripts/build-nhsuk-css.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ccg_governance ./ccg_governance
COPY interests ./interests
COPY meetings ./meetings
COPY procurements ./procurements
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /build/node_modules ./node_modules
RUN DJANGO_SETTINGS_MODULE=ccg_governance.settings.production SECRET_KEY=collectstatic-only \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
RUN useradd --system --uid 10001 recuse && mkdir -p /srv/media && chown recuse /srv/media
USER recuse
EXPOSE 8000
