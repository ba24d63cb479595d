"""The test OpenID Connect provider (tests/oidc/provider.mjs, npm's oidc-provider configured like
ProConnect), started for a test, and a person signing in at it without a browser."""

import json
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "parvis"
CLIENT_SECRET = "secret-de-test-parvis"  # noqa: S105 - the test provider's own


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class TestProvider:
    issuer: str
    process: subprocess.Popen
    output: list = field(default_factory=list)

    def settings(self) -> dict:
        """Parvis's settings for it, as the ProConnect preset would give them."""
        return {
            "OIDC_PROVIDER": "proconnect",
            "OIDC_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/session/end",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": "openid email given_name usual_name uid siret",
            "OIDC_FAMILY_NAME_CLAIM": "usual_name",
            "OIDC_ACR_VALUES": "",
            "OIDC_PROMPT": "login",
        }

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_provider(accounts: list[dict], redirect_hosts: list[str]) -> TestProvider:
    """`accounts`: each person's claims, `sub` included (typed as the login at the provider)."""
    port = free_port()
    env = {
        **os.environ,
        "OIDC_TEST_ACCOUNTS": json.dumps(accounts),
        "OIDC_TEST_REDIRECT_URIS": ",".join(f"{h}/connexion/sso/retour/" for h in redirect_hosts),
        "OIDC_TEST_LOGOUT_URIS": ",".join(f"{h}/connexion/" for h in redirect_hosts),
    }
    process = subprocess.Popen(  # noqa: S603 - our own script
        ["node", str(ROOT / "tests" / "oidc" / "provider.mjs"), str(port)],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    provider = TestProvider(issuer=f"http://127.0.0.1:{port}", process=process)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        provider.output.append(line)
        if line.startswith("ready "):
            return provider
    provider.stop()
    raise RuntimeError("the test OIDC provider did not start:\n" + "".join(provider.output))


def sign_in_at_provider(authorize_url: str, login: str, stop_at: str) -> str:
    """`login`: the person's subject."""
    """What a person does at the provider (its login page takes any login): returns the
    address it sends them back to (starting with `stop_at`)."""
    browser = requests.Session()
    url = authorize_url
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith(stop_at):
                return url
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        if not form:
            raise AssertionError(f"unexpected page at the provider: {response.text[:500]}")
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', response.text))
        fields.update({"login": login, "password": "peu-importe"})
        response = browser.post(
            urljoin(url, form.group(1)), data=fields, allow_redirects=False, timeout=10
        )
        url = urljoin(url, response.headers["Location"])
        if url.startswith(stop_at):
            return url
    raise AssertionError("the provider never sent the person back")
