# Image for compose.yaml (issue 14). Not built in this project's environment (no container runtime).
FROM python:3.11-slim
WORKDIR /srv/ocop
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Production settings refuse to start without REDIS_URL; collectstatic never connects to it.
RUN DJANGO_SECRET_KEY=build DJANGO_SETTINGS_MODULE=ocop_site.settings.production \
    REDIS_URL=redis://build-only:6379/0 python manage.py collectstatic --noinput
EXPOSE 8000
