"""Two gunicorn instances behind nginx, sharing PostgreSQL, Redis and one media store (issue 14).

The cluster (``home/tests/cluster.py``) is built once for this module from real
processes: a fresh PostgreSQL database, instances A and B with the production
settings and the page cache on, two task workers on RQ, nginx running
``deploy/nginx-ocop.conf`` (load balancer + proxy cache purged by Wagtail).
Each test uses its own page or client address, so they do not depend on
their order.

Skipped where nginx (with the cache purge module), gunicorn, PostgreSQL or
Redis is missing, unless ``REQUIRE_NGINX=1`` (CI), where that fails. It runs
once per CI run: skipped when the outer test run itself is on PostgreSQL (it
builds the same PostgreSQL environment whatever the outer database).
"""

import os
import re
import time

import pytest
from django.conf import settings

from home.tests.cluster import PERIODIC_EVERY, Client, Cluster, missing

NEW = " — vụ mới"  # the seeded drafts append this to a product's title


@pytest.fixture(scope="module")
def cluster():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs once per CI, in the SQLite run (it builds its own PostgreSQL database)")
    reason = missing()
    if reason and os.environ.get("REQUIRE_NGINX"):
        pytest.fail(f"REQUIRE_NGINX=1 but {reason}")
    if reason:
        pytest.skip(reason)
    with Cluster() as running:
        print(f"cluster up in {running.started_in:.1f} s, ports {running.ports}")
        yield running


def wait_for(predicate, what, timeout=30):
    """Poll ``predicate()`` until truthy (returns its value); fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {timeout} s")


def test_publish_on_a_makes_the_cached_page_fresh_on_b(cluster):
    product = cluster.content["products"]["balanced"]
    visitor = Client(cluster.ports["b"])
    for path in (product["path"], cluster.content["catalogue"]):
        visitor.get(path)
        cached = visitor.get(path)
        assert cached.header("x-page-cache") == "hit", path
        assert product["title"] in cached.text and NEW not in cached.text

    editor = Client(cluster.ports["a"])
    editor.log_in("editor", cluster.password)
    editor.publish(product["id"])

    for path in (product["path"], cluster.content["catalogue"]):
        fresh = visitor.get(path)
        assert fresh.status == 200
        assert fresh.header("x-page-cache") == "miss", path
        assert product["title"] + NEW in fresh.text, path
        # ... and stored again under the new generation, for A as well as B.
        assert visitor.get(path).header("x-page-cache") == "hit"
        assert product["title"] + NEW in Client(cluster.ports["a"]).get(path).text


def test_rate_limit_holds_across_both_instances(cluster):
    # Empty forms are rejected: they count in the rejected budget (core.ratelimit.attempt).
    limit, _window = settings.RATE_LIMITS["inquiry-rejected"]
    page_id = cluster.content["products"]["balanced"]["id"]
    url = f"/ket-noi/hoi-hang/{page_id}/"
    # One buyer (the address nginx would forward) whose posts land on A and B in turn.
    on_a = Client(cluster.ports["a"], forwarded_for="198.51.100.23")
    token = on_a.csrf_token()
    on_b = Client(cluster.ports["b"], forwarded_for="198.51.100.23")
    on_b.cookies = on_a.cookies  # the same browser
    statuses = [
        (on_a if n % 2 == 0 else on_b).post(url, {"csrfmiddlewaretoken": token}).status
        for n in range(limit + 2)
    ]
    # Answered 400 (invalid) until the limit, 429 past it, whichever instance counts.
    assert statuses == [400] * limit + [429, 429]
    other = Client(cluster.ports["b"], forwarded_for="198.51.100.24")
    other.cookies = dict(on_a.cookies)
    assert other.post(url, {"csrfmiddlewaretoken": token}).status == 400


def test_task_queued_on_one_instance_runs_once_with_two_workers(cluster):
    import redis

    from home.tests.cluster import REDIS_URL

    assert redis.Redis.from_url(REDIS_URL).scard("rq:workers") == 2  # both workers listen
    page_id = cluster.content["products"]["balanced"]["id"]
    buyer = Client(cluster.ports["b"], forwarded_for="198.51.100.31")
    token = buyer.csrf_token()
    answer = buyer.post(
        f"/ket-noi/hoi-hang/{page_id}/",
        {
            "csrfmiddlewaretoken": token,
            "buyer_name": "Nguyễn Thị Hoa",
            "country": "Việt Nam",
            "email": "hoa@example.com",
            "products_wanted": "Mật ong hoa cà phê",
            "quantity": "200",
            "quantity_unit": "chai",
            "message": "Xin báo giá sỉ.",
            "consent": "on",
            "website": "",
        },
    )
    assert answer.status == 302, answer.text[:500]
    sql = (
        "SELECT m.message_id, m.state, m.attempts FROM core_outboxmessage m"
        " JOIN buyers_inquiry i ON i.id = m.source_id WHERE i.email = %s"
    )

    def all_sent():
        rows = cluster.query(sql, "hoa@example.com")
        return rows if rows and all(state == "sent" for _id, state, _n in rows) else None

    rows = wait_for(all_sent, "the inquiry's mails sent")
    assert len(rows) == 3  # producer, office, buyer's copy
    # Both workers' periodic jobs run meanwhile and would send anything still due again.
    time.sleep(2 * PERIODIC_EVERY + 1)
    rows = cluster.query(sql, "hoa@example.com")
    assert [attempts for _id, _state, attempts in rows] == [1, 1, 1]
    received = cluster.mails()
    for message_id, _state, _attempts in rows:
        assert received.count(message_id) == 1, message_id


def test_nginx_proxy_cache_is_purged_by_wagtail_on_publish(cluster):
    product = cluster.content["products"]["proxied"]
    nginx = cluster.ports["nginx"]
    # Two kinds of visitor: a bare client, and a browser (gzip, a CSRF cookie).
    plain = Client(nginx)
    browser = Client(nginx)
    browser.csrf_token()
    browser_headers = {"Accept-Encoding": "gzip, deflate, br"}
    for path in (product["path"], cluster.content["catalogue"]):
        for visitor, headers in ((plain, {}), (browser, browser_headers)):
            visitor.get(path, headers=headers)
            again = visitor.get(path, headers=headers)
            assert again.header("x-cache-status") == "HIT", (path, headers)
            assert product["title"] in again.text and product["title"] + NEW not in again.text
    assert browser.get(product["path"], headers=browser_headers).header("content-encoding") == (
        "gzip"
    )
    # A page with a real CSRF token (the form's own page) is never stored: Django renews the
    # cookie with Set-Cookie whenever a page uses the token, so another visitor never gets it.
    form = f"/ket-noi/hoi-hang/{product['id']}/"
    for _ in range(2):
        answer = browser.get(form, headers=browser_headers)
        assert answer.status == 200 and answer.header("x-cache-status") != "HIT"

    editor = Client(nginx)  # the editor goes through nginx too: the session bypasses its cache
    editor.log_in("editor", cluster.password)
    before = len(cluster.nginx_log())
    editor.publish(product["id"])

    def purged(path):
        return any(line.startswith(f"PURGE {path} 200") for line in cluster.nginx_log()[before:])

    for path in (product["path"], cluster.content["catalogue"]):
        wait_for(lambda path=path: purged(path), f"Wagtail's PURGE {path}")
        first = plain.get(path)
        assert first.header("x-cache-status") == "MISS", path
        assert product["title"] + NEW in first.text, path
        # One stored copy serves every visitor, whatever their headers.
        second = browser.get(path, headers=browser_headers)
        assert second.header("x-cache-status") == "HIT", path
        assert product["title"] + NEW in second.text, path
    # URLs that were not stored (404 from the purge module) are not reported as failures.
    for name in ("worker-1.log", "worker-2.log"):
        assert "Couldn't purge" not in cluster.log(name)


def test_nginx_balances_over_both_instances_and_serves_the_shared_files(cluster):
    nginx = Client(cluster.ports["nginx"])
    for _ in range(6):
        assert nginx.get("/healthz").status == 200
    log = cluster.nginx_log()
    upstreams = {line.split()[-1] for line in log if line.startswith("GET /healthz")}
    assert upstreams >= {f"127.0.0.1:{cluster.ports['a']}", f"127.0.0.1:{cluster.ports['b']}"}
    # A picture's rendition made by one instance is shown by the other and served by nginx
    # from the one media directory.
    path = cluster.content["products"]["balanced"]["path"]
    pictures = [
        re.findall(r'src="(/media/images/[^"]+)"', Client(cluster.ports[name]).get(path).text)
        for name in ("a", "b")
    ]
    assert pictures[0] and pictures[0] == pictures[1]
    picture = nginx.get(pictures[0][0])
    assert picture.status == 200 and picture.header("content-type").startswith("image/")
    page = nginx.get(cluster.content["catalogue"])
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
    assert nginx.get(stylesheet).status == 200
