# Production image for Kinerja ASN (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.base \
    MEDIA_ROOT=/data/media

# WeasyPrint (PDF reports) needs Pango/HarfBuzz/fontconfig and a font; gettext for message catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . /app

# Install the project and its dependencies; compile the translation catalogues with Babel
# (no Django settings needed); collect static files into STATIC_ROOT (/app/staticfiles) for WhiteNoise.
RUN pip install . \
    && if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
           pybabel compile -d locale -D django; \
       else \
           echo "no catalogues under locale/: skipping pybabel compile"; \
       fi \
    && DEBUG=false SECRET_KEY=build python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /data/media \
    && chown -R app:app /data/media

USER app
VOLUME ["/data/media"]
EXPOSE 8000

# --timeout: a signing request renders up to SIGN_BATCH_MAX documents and waits up to BSRE_TIMEOUT
# for the signing service; the default 30 s would kill it mid-call.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "150"]
