# syntax=docker/dockerfile:1
# Nastavnik: one image for the web process (the default CMD), the django-q2 worker
# (`python manage.py qcluster`) and the release step (`migrate` + `sync_schedules`).

# Both stages must use the same base: the venv's interpreter is a symlink into it.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# python-ldap (directory sign-in) has no wheels: it compiles against OpenLDAP's and SASL's headers.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libldap2-dev libsasl2-dev \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
# The runtime locks only: test and lint tools stay out of the image.
COPY requirements.lock requirements-ldap.lock /tmp/
RUN /opt/venv/bin/pip install --no-deps -r /tmp/requirements.lock -r /tmp/requirements-ldap.lock \
    && /opt/venv/bin/pip check


FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=lms.settings.production

# The shared libraries python-ldap was built against (the headers stay in the builder).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libldap-2.5-0 libsasl2-2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 1000 nastavnik \
    && useradd --uid 1000 --gid nastavnik --create-home --shell /usr/sbin/nologin nastavnik

WORKDIR /app

COPY --from=builder /opt/venv /opt/venv
# The code stays owned by root, so the app user cannot change it; only media and private are writable.
COPY manage.py ./
COPY lms/ lms/
COPY courses/ courses/
COPY glossary/ glossary/
COPY mentoring/ mentoring/
COPY quizzes/ quizzes/
COPY quality/ quality/
COPY reports/ reports/

# Production settings refuse to load without a key and hosts; neither is used by collectstatic.
RUN SECRET_KEY=none DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput --clear

# Created and chowned before VOLUME, so a new named volume starts out owned by the app user.
# /app/private holds files that are never published (report exports), outside /app/media.
RUN mkdir -p /app/media /app/private && chown nastavnik:nastavnik /app/media /app/private
VOLUME ["/app/media", "/app/private"]

USER nastavnik

EXPOSE 8000

# /healthz answers 503 while no worker has sent a heartbeat, so give the first one time.
# The Host header must be one of DJANGO_ALLOWED_HOSTS, or Django answers 400.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD python -c "import os, urllib.request; host = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); host = host if host not in ('', '*') else 'localhost'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"

# No migrate here: migrations run once per release (see the `migrate` service in compose.yaml).
CMD ["gunicorn", "lms.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
