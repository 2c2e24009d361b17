"""Real Partner Center clients against `serve --tls`, each trusting only the CA file the server printed, given to it
as a file (no environment variables), at the authority the server prints (https://127.0.0.1:PORT) and at localhost:

- MSAL for Python (`verify=`), azure-identity (`connection_verify=`) and requests (`verify=`) get App-only tokens and
  read with them; the azure-identity token checks out the docs' cart.
- The trap: with REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE set to another bundle, requests lets the variable override a
  Session's `verify` (psf/requests issue 3829), which is what MSAL's `verify=` sets. A Session with `trust_env = False`
  given to MSAL as `http_client` trusts the file whatever the environment says; per-call `verify=` (azure-identity,
  requests.get) is not overridden.
- The older way, REQUESTS_CA_BUNDLE naming the CA file, still works.
- MSAL's username/password flow asks port 443 for /common/userrealm, and the way round it.
- The HTTPS guide's first Python block runs as written there, with this server's file and port.

Usage: python clients.py CA_FILE PORT (run with no CA variables in the environment)."""
import os
import sys

import msal
import requests
from azure.identity import ClientSecretCredential

ca, port = sys.argv[1], sys.argv[2]
tenant = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
client_id = "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"
secret = "demo-client-secret-do-not-use-in-production"
scope = "https://api.partnercenter.microsoft.com/.default"
customer = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
cart = "b4c8fdea-cbe4-4d17-9576-13fcacbf9605"
variables = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")
assert not any(os.environ.get(name) for name in variables), "run with no CA variables set"


def msal_token(base, **trust):
    app = msal.ConfidentialClientApplication(
        client_id, authority=f"{base}/{tenant}", client_credential=secret, instance_discovery=False, **trust
    )
    result = app.acquire_token_for_client(scopes=[scope])
    assert "access_token" in result, f"MSAL at {base}: {result}"
    return result["access_token"]


def identity_token(base, **trust):
    credential = ClientSecretCredential(tenant, client_id, secret, authority=base, disable_instance_discovery=True, **trust)
    return credential.get_token(scope).token


def read_customer(base, token, **trust):
    answer = requests.get(f"{base}/v1/customers/{customer}", headers={"Authorization": f"Bearer {token}"}, **trust)
    assert answer.status_code == 200, f"{base}: {answer.status_code} {answer.text}"


def pinned_session():
    session = requests.Session()
    session.verify = ca
    session.trust_env = False
    return session


for host in ("127.0.0.1", "localhost"):
    base = f"https://{host}:{port}"
    # Trust comes from the file: without it, the system's CAs refuse the server.
    try:
        requests.get(f"{base}/_admin/health")
        raise AssertionError(f"{base} was trusted without the CA file")
    except requests.exceptions.SSLError:
        pass
    read_customer(base, msal_token(base, verify=ca), verify=ca)
    print(f"MSAL for Python, verify=CA_FILE, authority {base}: token, customer read")
    read_customer(base, identity_token(base, connection_verify=ca), verify=ca)
    print(f"azure-identity, connection_verify=CA_FILE, authority {base}: token, customer read")

# The trap: a CA bundle variable naming another bundle overrides a Session's verify.
system_bundle = requests.certs.where()
os.environ["REQUESTS_CA_BUNDLE"] = system_bundle
os.environ["CURL_CA_BUNDLE"] = system_bundle
base = f"https://127.0.0.1:{port}"
try:
    msal_token(base, verify=ca)
    print("MSAL verify=CA_FILE with REQUESTS_CA_BUNDLE set elsewhere: worked (requests no longer lets the variable win)")
except requests.exceptions.SSLError:
    print("MSAL verify=CA_FILE with REQUESTS_CA_BUNDLE set elsewhere: refused, as requests issue 3829 says")
token = msal_token(base, http_client=pinned_session())
read_customer(base, token, verify=ca)
print("MSAL with http_client=Session(verify=CA_FILE, trust_env=False) and the variables set: token, customer read")
token = identity_token(base, connection_verify=ca)
print("azure-identity connection_verify=CA_FILE with the variables set: token")
del os.environ["CURL_CA_BUNDLE"]

# The older way: the variable names the CA file itself.
os.environ["REQUESTS_CA_BUNDLE"] = ca
msal_token(base)
print("MSAL with REQUESTS_CA_BUNDLE=CA_FILE: token")
del os.environ["REQUESTS_CA_BUNDLE"]

answer = requests.post(
    f"{base}/v1/customers/{customer}/carts/{cart}/checkout", headers={"Authorization": f"Bearer {token}"}, verify=ca
)
assert answer.status_code == 201, f"{answer.status_code} {answer.text}"
print(f"checkout with the azure-identity token: {len(answer.json()['orders'])} orders")

# MSAL's username/password flow asks /common/userrealm on the authority's host without its port (so port 443);
# marking the host as one without realm discovery, as MSAL does itself after a 404, skips that request.
def password_token():
    app = msal.PublicClientApplication(
        client_id, authority=f"{base}/{tenant}", instance_discovery=False, http_client=pinned_session()
    )
    return app.acquire_token_by_username_password(
        "admin@contosopartnerdemo.onmicrosoft.com", "Demo-Partner-Password-1",
        scopes=["https://api.partnercenter.microsoft.com/user_impersonation"],
    )


try:
    password_token()
    print("MSAL username/password off port 443: worked (MSAL now keeps the port)")
except requests.exceptions.ConnectionError as error:
    assert ":443" in str(error) or "port=443" in str(error), error
    print("MSAL username/password off port 443: asks port 443 for /common/userrealm, as the HTTPS guide says")
msal.authority.Authority._domains_without_user_realm_discovery.add("127.0.0.1")
result = password_token()
assert "access_token" in result, f"MSAL username/password: {result}"
print("MSAL username/password with the host marked as without realm discovery: token")

# The HTTPS guide's Python lines, as written there, with this server's CA file and port.
readme = open(os.path.join(os.path.dirname(__file__), "..", "docs", "tokens.md"), encoding="utf-8").read()
section = readme.split("## HTTPS for MSAL", 1)[1]
block = section.split("```python\n", 1)[1].split("```", 1)[0]
block = block.replace('CA = ".partner-commerce/tls/ca.pem"', f"CA = {ca!r}").replace("127.0.0.1:8080", f"127.0.0.1:{port}")
assert f"CA = {ca!r}" in block and f"127.0.0.1:{port}" in block, "the HTTPS guide's block changed shape"
names = {}
exec(compile(block, "docs/tokens.md (HTTPS)", "exec"), names)
assert names["token"], "the guide's block got no token"
print("the HTTPS guide's lines: tokens from MSAL and azure-identity, a read with requests")
