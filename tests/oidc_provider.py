"""Test support: a real OpenID Connect provider on loopback (oidc-provider-mock), in a process of its own.

What the provider does (oidc-provider-mock 0.3.4, read from its source and checked in tests/e2e/test_oidc_provider):
- any client_id and client_secret are accepted, with any redirect_uri (no registration needed);
- its sign-in page asks for nothing but a subject (`sub`) and never remembers a session, so every sign-in,
  `prompt=login` or not, is a fresh one;
- the ID token carries iss, aud, iat, exp, auth_time (the moment the code was exchanged), nonce, at_hash, sub and
  the claims `set_user` gave: custom ones (tid, oid, ...) always, standard ones (email, name, ...) only when the
  scope asks for them (Streamlit asks for "openid email profile"). A subject nobody set gets {"email": sub};
- its issuer is the address it was asked at, so everything here speaks to it as 127.0.0.1, never localhost;
- it has an end_session_endpoint (a page with a button to confirm).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from tests.processes import free_port, start_and_wait, stop

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The mock's pages take their stylesheet from a CDN; this page frame (the same, less that link) keeps the browser
# on loopback, where the journeys check that it stays.
_SERVE = """
import sys
import jinja2
import werkzeug.serving
import oidc_provider_mock

app = oidc_provider_mock.app()
frame = ('<!doctype html><html lang="en"><title>oidc-provider-mock</title>'
         '<main class="container">{% block content %}{{ content }}{% endblock %}</main></html>')
app.jinja_loader = jinja2.ChoiceLoader([jinja2.DictLoader({"_base.html": frame}), app.jinja_loader])
server = werkzeug.serving.make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
server.serve_forever()
"""


class OidcProvider:
    """oidc-provider-mock serving on 127.0.0.1 in a subprocess, so it shares nothing with the test's process."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = self.url  # the mock names itself by the address it is asked at, without a trailing slash
        self.metadata_url = f"{self.url}/.well-known/openid-configuration"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> OidcProvider:
        assert self._proc is None, "provider already running"
        self._proc = start_and_wait(
            [sys.executable, "-c", _SERVE, str(self.port)],
            self.log_path,
            lambda: self._metadata().get("issuer") == self.issuer,
            what="The OIDC provider",
            env={**os.environ, "AUTHLIB_INSECURE_TRANSPORT": "1"},  # plain http on loopback, as its own CLI allows
        )
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stop(proc)

    def __enter__(self) -> OidcProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def metadata(self) -> dict[str, object]:
        """The provider's discovery document (/.well-known/openid-configuration)."""
        found = self._metadata()
        assert found, f"the provider did not answer at {self.metadata_url}"
        return found

    def set_user(self, sub: str, claims: dict[str, object]) -> None:
        """The claims the next sign-in as `sub` puts in the ID token (beside sub, iss, aud, iat, exp, auth_time).

        Replaces whatever `sub` had. A claim named like one the provider sets (iss, auth_time, ...) overrides it.
        """
        body = json.dumps(claims).encode()
        path = urllib.parse.quote(sub, safe="")
        request = urllib.request.Request(
            f"{self.url}/users/{path}", data=body, method="PUT", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 204, answer.read()

    def sign_in_in_browser(self, page: Page, sub: str) -> None:
        """On the provider's sign-in page (where the app's sign-in button led), sign in as `sub` and send the
        browser back to the app. Returns once the browser has left the provider."""
        page.wait_for_url(f"{self.url}/oauth2/authorize?**")
        page.locator("input[name=sub]").fill(sub)
        page.get_by_role("button", name="Authorize", exact=True).click()
        page.wait_for_url(lambda url: not url.startswith(self.url))

    def _metadata(self) -> dict[str, object]:
        try:
            with urllib.request.urlopen(self.metadata_url, timeout=1) as answer:
                return json.loads(answer.read())
        except (urllib.error.URLError, OSError, ValueError):
            return {}


def auth_secrets(provider: OidcProvider, redirect_uri: str, cookie_secret: str) -> str:
    """The `[auth]` section of a secrets.toml for Streamlit's default provider, signing in at `provider`.

    The mock takes any client id and secret; these are fixed so a test can recognise them (aud is the client id).
    """
    return (
        "[auth]\n"
        f"redirect_uri = {json.dumps(redirect_uri)}\n"
        f"cookie_secret = {json.dumps(cookie_secret)}\n"
        f"client_id = {json.dumps(CLIENT_ID)}\n"
        f"client_secret = {json.dumps(CLIENT_SECRET)}\n"
        f"server_metadata_url = {json.dumps(provider.metadata_url)}\n"
    )


CLIENT_ID = "harbour-tests"
CLIENT_SECRET = "harbour-tests-secret"  # noqa: S105 - a test client's secret, which the mock does not check
