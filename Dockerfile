# Production image: gunicorn serving rtw.wsgi, static files collected and served by WhiteNoise.
# The same image runs the web, worker and beat processes (see docker-compose.yml and Procfile).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint needs Pango (and HarfBuzz); the fonts give PDFs a sans-serif that matches the UI.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir --disable-pip-version-check uv==0.13.9

WORKDIR /app

# Dependencies first, from the lock file only, so code changes reuse this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .

# The translation catalogues are build output (.mo files are not committed); with no gettext in
# the image, scripts/messages.py compiles them itself.
RUN DEBUG=true VAR_DIR=/tmp/build python scripts/messages.py compile

# collectstatic needs settings to load; these throwaway values never reach a running container.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret VAR_DIR=/app/var \
        python manage.py collectstatic --no-input --verbosity 0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin rtw \
    && mkdir -p /app/var \
    && chown -R rtw /app/var
USER rtw

ENV DEBUG=false \
    VAR_DIR=/app/var \
    GUNICORN_CMD_ARGS="--bind=0.0.0.0:8000"
EXPOSE 8000

CMD ["gunicorn", "rtw.wsgi", "--access-logfile", "-"]
