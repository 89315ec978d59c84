"""``deploy/render_nginx.py``: the one way the tested nginx file is adapted (issue 14)."""

import pytest

from deploy import render_nginx


def test_default_rendering_is_the_committed_debian_file():
    assert render_nginx.render() == render_nginx.SITE.read_text()


def test_compose_rendering_points_at_the_containers():
    text = render_nginx.render(
        upstreams=["web:8000", "web2:8000"], purge_listen="8080", purge_allow="172.16.0.0/12"
    )
    assert "server web:8000;" in text and "server web2:8000;" in text
    assert "127.0.0.1:800" not in text
    assert "listen 8080;" in text and "allow 172.16.0.0/12;" in text
    # Everything else is the tested file: the cache, the bypass rules, the purge location.
    assert "proxy_cache_purge ocop $host$request_uri;" in text
    assert text.count("\n") == render_nginx.SITE.read_text().count("\n")


def test_a_changed_file_is_refused_rather_than_rendered_untested():
    changed = render_nginx.SITE.read_text().replace("server 127.0.0.1:8002;", "")
    with pytest.raises(ValueError, match="8002"):
        render_nginx.render(text=changed)


def test_command_line(capsys):
    render_nginx.main(["--upstream", "web:8000", "--upstream", "web2:8000", "--listen", "80"])
    assert "server web2:8000;" in capsys.readouterr().out
