"""Two gunicorn instances behind nginx on this machine, for ``test_multiserver.py`` (issue 14).

:class:`Cluster` builds what README "Several servers" describes, on loopback
ports chosen at random: a fresh PostgreSQL database (migrated, seeded by
:func:`seed`), one Redis database (cache, rate limits, RQ task queue), one
media and static directory, two gunicorn instances (instance A and B) with
the production settings and the page cache on, two task workers
(``manage.py run_worker``), an SMTP sink (``benchmarks/smtp_servers.py``)
and nginx running ``deploy/nginx-ocop.conf`` (:func:`render_nginx_site`
replaces only its ports and paths) as load balancer and proxy cache, with
``FRONTEND_CACHE_URL`` pointing at it. Everything lives in one temporary
directory; :meth:`Cluster.stop` ends the processes it started (by process
group) and drops the database, also after a failed start.

Environment: ``OCOP_MULTISERVER_REDIS_URL`` (default
``redis://127.0.0.1:6379/14``: that Redis database is flushed before and
after, and only when it is empty or was this harness's: it holds
:data:`REDIS_MARKER`; a database with other keys is left alone and the test
skipped), ``OCOP_MULTISERVER_PG`` (server URL, default
``postgres://postgres@127.0.0.1:5432``), ``OCOP_MULTISERVER_DB_PREFIX``
(default ``ocop_multiserver``; a random suffix is added).
"""

import gzip
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from deploy import render_nginx

BASE_DIR = Path(__file__).resolve().parents[2]
#: Debian's libnginx-mod-http-cache-purge.
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
REDIS_URL = os.environ.get("OCOP_MULTISERVER_REDIS_URL", "redis://127.0.0.1:6379/14")
#: Set in the Redis database while the harness uses it: what it may flush.
REDIS_MARKER = "ocop-multiserver:owned"
PG_SERVER = os.environ.get("OCOP_MULTISERVER_PG", "postgres://postgres@127.0.0.1:5432")
DB_PREFIX = os.environ.get("OCOP_MULTISERVER_DB_PREFIX", "ocop_multiserver")
EDITOR = "editor"
#: Seconds between two runs of each worker's periodic jobs (they also send due mail).
PERIODIC_EVERY = 2
#: Site hostname of the seeded site: the Host of Wagtail's PURGE and of visitors via nginx.
SITE_HOST = "127.0.0.1"
ACCESS_LOG_FORMAT = "$request_method $request_uri $status $upstream_cache_status $upstream_addr"
#: Environment variables of the outer test run that must not reach the servers.
DROPPED_ENV = (
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "ELASTICSEARCH_URL",
    "TASKS_BACKEND",
    "EMAIL_BACKEND",
    "CACHE_DIR",
    "OCOP_TEST_TODAY",
)


def nginx_binary():
    """The nginx executable (``/usr/sbin`` is not on every user's PATH), else ``None``."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def missing_nginx():
    """Why nginx with the cache-purge module cannot run here (a sentence), else ``None``."""
    nginx = nginx_binary()
    if nginx is None:
        return "nginx is not installed (apt-get install nginx libnginx-mod-http-cache-purge)"
    built_in = "cache_purge" in subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    if not built_in and not PURGE_MODULE.exists():
        return "nginx has no cache purge module (apt-get install libnginx-mod-http-cache-purge)"
    return None


def missing():
    """Why the cluster cannot be built here (a sentence), or ``None`` when it can."""
    why_not = missing_nginx()
    if why_not:
        return why_not
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return "gunicorn is not installed (pip install -r requirements.txt)"
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 — any failure means: no PostgreSQL here
        return f"PostgreSQL at {PG_SERVER} is not reachable ({type(error).__name__})"
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
        foreign = client.dbsize() and not client.exists(REDIS_MARKER)
    except Exception as error:  # noqa: BLE001
        return f"Redis at {REDIS_URL} is not reachable ({type(error).__name__})"
    if foreign:
        return (
            f"Redis database {REDIS_URL} holds other data, which this test would flush: "
            "set OCOP_MULTISERVER_REDIS_URL to an empty one"
        )
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_nginx_site(*, upstreams, listen, purge, cache_dir, static_dir, media_dir):
    """``deploy/nginx-ocop.conf`` for this cluster (the text), rendered by
    ``deploy/render_nginx.py`` as the compose file's nginx image renders it.

    ``upstreams``: the two gunicorn ports; ``listen``: nginx's port for
    visitors, ``purge``: its port for Wagtail's PURGE requests. Raises
    ``ValueError`` when the file no longer has what is replaced (the test
    would no longer run the deployed file).
    """
    return render_nginx.render(
        upstreams=[f"127.0.0.1:{port}" for port in upstreams],
        listen=f"127.0.0.1:{listen}",
        purge_listen=f"127.0.0.1:{purge}",
        cache_dir=str(cache_dir),
        static_dir=str(static_dir),
        media_dir=str(media_dir),
    )


def nginx_main_config(tmp, site_conf):
    """The main nginx.conf of a test nginx: logs, pid and temp files under ``tmp``."""
    lines = []
    if PURGE_MODULE.exists():
        lines.append(f"load_module {PURGE_MODULE};")
    if os.geteuid() == 0:  # as root nginx drops its workers to this user
        try:
            pwd.getpwnam("www-data")
            lines.append("user www-data;")
        except KeyError:
            lines.append("user nobody nogroup;")
    temp = {
        name: tmp / "nginx" / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    }
    lines += [
        "daemon off;",
        "worker_processes 1;",
        f"pid {tmp / 'nginx.pid'};",
        f"error_log {tmp / 'nginx-error.log'} warn;",
        "events { worker_connections 256; }",
        "http {",
        f"    include {MIME_TYPES};" if MIME_TYPES.exists() else "",
        f"    log_format ocop_test '{ACCESS_LOG_FORMAT}';",
        f"    access_log {tmp / 'nginx-access.log'} ocop_test;",
        *(f"    {name}_temp_path {path};" for name, path in temp.items()),
        f"    include {site_conf};",
        "}",
    ]
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    return "\n".join(lines) + "\n"


class Response:
    """``status`` (int), ``headers`` (lower-case names; ``set-cookie`` a list), ``text``.

    ``text`` is the body decoded (gunzipped first when it came compressed).
    """

    def __init__(self, status, headers, text):
        self.status, self.headers, self.text = status, headers, text

    def header(self, name):
        return self.headers.get(name.lower())


class Client:
    """A tiny HTTP client with a cookie jar (secure cookies go over plain http too).

    ``base``: ``http://127.0.0.1:PORT``; ``forwarded_for``: sent as
    ``X-Forwarded-For`` (the client address the servers count, as behind nginx).
    """

    def __init__(self, port, *, forwarded_for=None):
        self.port, self.forwarded_for, self.cookies = port, forwarded_for, {}

    def request(self, method, path, *, data=None, headers=None):
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            body = raw.read()
            if raw.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            text = body.decode("utf-8", "replace")
            headers = {}
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    headers.setdefault("set-cookie", []).append(value)
                else:
                    headers[name.lower()] = value
        finally:
            connection.close()
        for cookie in headers.get("set-cookie", []):
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if not value or value == '""' or "max-age=0" in rest.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return Response(raw.status, headers, text)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def csrf_token(self):
        """A CSRF token (and its cookie) from ``/csrf-token/``, as ``static/js/site.js`` gets it."""
        return json.loads(self.get("/csrf-token/").text)["token"]

    def log_in(self, username, password):
        """Log in to Wagtail's admin; raises ``AssertionError`` when it fails."""
        page = self.get("/admin/login/")
        token = form_token(page.text)
        answer = self.post(
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert answer.status == 302 and "sessionid" in self.cookies, (answer.status, answer.text)

    def publish(self, page_id):
        """Publish a page's latest revision with the admin's bulk action (editor logged in)."""
        query = urlencode({"id": page_id, "next": "/admin/"})
        path = f"/admin/bulk/wagtailcore/page/publish/?{query}"
        confirm = self.get(path)
        assert confirm.status == 200, (confirm.status, confirm.text[:500])
        done = self.post(path, {"csrfmiddlewaretoken": form_token(confirm.text)})
        assert done.status == 302, (done.status, done.text[:500])


def form_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def seed(password):
    """Content of the cluster's database (run inside a server environment); prints JSON.

    A site at :data:`SITE_HOST`, the office's address, a producer with a
    public e-mail, two live products each with a picture and an unpublished
    draft that renames it ("… — vụ mới"), and a superuser :data:`EDITOR`.
    """
    import datetime

    from django.contrib.auth import get_user_model

    from core.models import ProgrammeSettings
    from core.placeholders import create_placeholder_image
    from products_catalog.models import ProductGalleryImage
    from products_catalog.tests.factories import ProducerPageFactory, build_site_tree, make_product

    tree = build_site_tree()
    site = tree["site"]
    site.hostname, site.port = SITE_HOST, 80
    site.save()
    programme = ProgrammeSettings.for_site(site)
    programme.office_email = "vanphong@example.org"
    programme.save()
    producer = ProducerPageFactory(
        parent=tree["producers"],
        title="HTX Mật ong Đồng Xuân",
        email="htx-mat-ong@example.org",
        publish_contact=True,
    )
    certified = datetime.date.today() - datetime.timedelta(days=100)  # the servers' real clock
    products = {}
    for key, title in (("balanced", "Mật ong hoa cà phê"), ("proxied", "Nước mắm Gành Đỏ")):
        product = make_product(tree["products"], title, producer=producer, decision_date=certified)
        photo = create_placeholder_image(title, "#336699")  # its file in the shared MEDIA_ROOT
        photo.is_placeholder = False
        photo.save()
        ProductGalleryImage.objects.create(page=product, image=photo)
        product = type(product).objects.get(pk=product.pk)  # the draft keeps the picture
        product.title = f"{title} — vụ mới"
        product.save_revision()  # a draft, published by the tests through the admin
        products[key] = {"id": product.pk, "path": product.url, "title": title}
    get_user_model().objects.create_superuser(EDITOR, "editor@example.org", password)
    print(json.dumps({"products": products, "catalogue": tree["products"].url}))


class Cluster:
    """The running servers; use as a context manager (see the module docstring).

    Attributes once started: ``ports`` (``{"a", "b", "nginx", "purge", "smtp"}``), ``tmp``
    (``Path``), ``content`` (from :func:`seed`), ``password``, ``database_url``,
    ``started_in`` (seconds to build everything).
    """

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="ocop-multiserver-"))
        self.tmp.chmod(0o755)  # nginx's workers (www-data) read static and media files
        self.db_name = f"{DB_PREFIX}_{os.getpid()}_{secrets.token_hex(3)}"
        self.database_url = f"{PG_SERVER}/{self.db_name}"
        self.password = secrets.token_urlsafe(12)
        self.secret_key = secrets.token_urlsafe(40)
        self.ports = {name: free_port() for name in ("a", "b", "nginx", "purge", "smtp")}
        self.processes = {}
        self.db_created = False

    # --- processes ---------------------------------------------------------

    def env(self):
        env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
        env.update(
            DJANGO_SETTINGS_MODULE="ocop_site.settings.production",
            DJANGO_SECRET_KEY=self.secret_key,  # one for every process (sessions, CSRF)
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DATABASE_URL=self.database_url,
            REDIS_URL=REDIS_URL,
            TRUSTED_PROXIES="1",
            FRONTEND_CACHE_URL=f"http://127.0.0.1:{self.ports['purge']}",
            MEDIA_ROOT=str(self.tmp / "media"),
            STATIC_ROOT=str(self.tmp / "static"),
            OPEN_DATA_DIR=str(self.tmp / "opendata"),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.ports["smtp"]),
            EMAIL_TIMEOUT="5",
            GUNICORN_WORKERS="2",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        return env

    def spawn(self, name, argv, **env):
        """Start ``argv`` in its own process group, output to ``<tmp>/<name>.log``."""
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 — closed in end()
        process = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env={**self.env(), **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.processes[name] = (process, log)
        return process

    def run(self, name, argv, timeout=300):
        """Run ``argv`` to its end in the servers' environment; its output (str)."""
        process = self.spawn(name, argv)
        try:
            process.wait(timeout=timeout)
        finally:
            self.end(name)
        output = (self.tmp / f"{name}.log").read_text(errors="replace")
        if process.returncode != 0:
            raise RuntimeError(f"{name} failed ({process.returncode}):\n{output[-3000:]}")
        return output

    def end(self, name):
        """Stop process ``name`` and its group (SIGTERM, then SIGKILL after 15 s)."""
        process, log = self.processes.pop(name)
        try:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    pass
            # What is left of the group (gunicorn's or a worker's children) goes too.
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        log.close()

    def log(self, name):
        path = self.tmp / name
        return path.read_text(errors="replace") if path.exists() else ""

    # --- life cycle ----------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        import psycopg
        import redis

        began = time.monotonic()
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()  # empty or ours (missing() checked)
        client.set(REDIS_MARKER, str(os.getpid()))
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.db_name}"')
        self.db_created = True
        python = sys.executable
        manage = [python, "manage.py"]
        # collectstatic needs no database: run it while the migrations run.
        collect = self.spawn("collectstatic", [*manage, "collectstatic", "--noinput", "-v0"])
        self.run("migrate", [*manage, "migrate", "--noinput", "-v0"])
        collect.wait(timeout=300)
        assert collect.returncode == 0, self.log("collectstatic.log")[-3000:]
        self.end("collectstatic")
        seeded = self.run(
            "seed",
            [
                python,
                "-c",
                "import django, sys; django.setup(); "
                "from home.tests.cluster import seed; seed(sys.argv[1])",
                self.password,
            ],
        )
        self.content = json.loads(seeded.strip().splitlines()[-1])
        self.spawn(
            "smtp",
            [python, "benchmarks/smtp_servers.py", "sink", str(self.ports["smtp"]), self.mbox],
        )
        self.start_nginx()
        for name in ("a", "b"):
            self.spawn(
                f"gunicorn-{name}",
                [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ocop_site.wsgi"],
                GUNICORN_BIND=f"127.0.0.1:{self.ports[name]}",
            )
        for n in (1, 2):
            self.spawn(f"worker-{n}", [*manage, "run_worker", "--every", str(PERIODIC_EVERY)])
        self.wait_until_up()
        self.started_in = time.monotonic() - began

    @property
    def mbox(self):
        return str(self.tmp / "mail.mbox")

    def start_nginx(self):
        site = self.tmp / "ocop-site.conf"
        site.write_text(
            render_nginx_site(
                upstreams=(self.ports["a"], self.ports["b"]),
                listen=self.ports["nginx"],
                purge=self.ports["purge"],
                cache_dir=self.tmp / "nginx-cache",
                static_dir=self.tmp / "static",
                media_dir=self.tmp / "media",
            )
        )
        main = self.tmp / "nginx.conf"
        main.write_text(nginx_main_config(self.tmp, site))
        nginx = nginx_binary()
        errors = self.tmp / "nginx-error.log"  # -e: before the config's error_log applies
        argv = [nginx, "-p", str(self.tmp), "-e", str(errors), "-c", str(main)]
        checked = subprocess.run([*argv, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, f"nginx -t:\n{checked.stderr}"
        self.spawn("nginx", argv)

    def wait_until_up(self, timeout=90):
        """Every server answers ``/healthz`` with 200 and both RQ workers are registered."""
        import redis

        deadline = time.monotonic() + timeout
        waiting = ["a", "b", "nginx"]
        while waiting and time.monotonic() < deadline:
            for name, (process, _log) in self.processes.items():
                assert process.poll() is None, f"{name} exited:\n{self.log(name + '.log')[-3000:]}"
            try:
                if Client(self.ports[waiting[0]]).get("/healthz").status == 200:
                    waiting.pop(0)
                    continue
            except OSError:
                pass
            time.sleep(0.3)
        assert not waiting, (
            f"not up in {timeout} s: {waiting}\n{self.log('gunicorn-a.log')[-2000:]}"
        )
        workers = redis.Redis.from_url(REDIS_URL)
        while workers.scard("rq:workers") < 2 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert workers.scard("rq:workers") >= 2, self.log("worker-1.log")[-2000:]

    def stop(self):
        for name in list(self.processes):
            self.end(name)
        if self.db_created:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            self.db_created = False
        try:
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
        except Exception:  # noqa: BLE001 — nothing left to clean if Redis is gone
            pass
        if not os.environ.get("OCOP_MULTISERVER_KEEP"):
            shutil.rmtree(self.tmp, ignore_errors=True)

    # --- reading what the servers did -------------------------------------------

    def query(self, sql, *params):
        """Rows of ``sql`` on the cluster's database (a list of tuples)."""
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def mails(self):
        """Message-IDs of the mails the SMTP sink received, in order (a list)."""
        path = Path(self.mbox)
        if not path.exists():
            return []
        return re.findall(r"(?im)^Message-ID:\s*(\S+)", path.read_text(errors="replace"))

    def nginx_log(self):
        """nginx's access log lines (:data:`ACCESS_LOG_FORMAT`), a list of str."""
        return self.log("nginx-access.log").splitlines()
