"""Serving behind a reverse proxy: whose address a request comes from."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def register_proxy(app: Flask) -> None:
    """Trust the X-Forwarded-For and -Proto headers added by PROXY_COUNT proxies, if any.

    Behind a reverse proxy every request comes from the proxy: without this, rate limits
    would count one client's failures against everyone, and links would say http.
    """
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
