# nginx for compose.yaml (issue 14): Debian's nginx with the cache-purge module, as the
# multi-server test runs it, and deploy/nginx-ocop.conf rendered for the containers by
# deploy/render_nginx.py. Not built in this project's environment (no container runtime).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx libnginx-mod-http-cache-purge python3 \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
 && mkdir -p /var/cache/nginx/ocop
COPY deploy/nginx-ocop.conf deploy/render_nginx.py /opt/ocop/
# PURGEs come from the web containers on the compose network (Docker's private range).
CMD python3 /opt/ocop/render_nginx.py --upstream web:8000 --upstream web2:8000 \
        --purge-listen 8080 --purge-allow "${PURGE_ALLOW:-172.16.0.0/12}" \
        > /etc/nginx/conf.d/ocop.conf \
 && exec nginx -g "daemon off;"
