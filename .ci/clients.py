"""Real Partner Center clients against `serve --tls`: MSAL for Python and azure-identity get App-only tokens from the
server's token endpoint over HTTPS, trusting only the CA file the server printed (REQUESTS_CA_BUNDLE), and the
token checks out the docs' cart. Usage: python clients.py BASE_URL"""
import json
import sys
import urllib.request
import ssl
import os

import msal
from azure.identity import ClientSecretCredential

base = sys.argv[1]
tenant = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
client_id = "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e"
secret = "demo-client-secret-do-not-use-in-production"
scope = "https://api.partnercenter.microsoft.com/.default"

app = msal.ConfidentialClientApplication(client_id, authority=f"{base}/{tenant}", client_credential=secret, instance_discovery=False)
result = app.acquire_token_for_client(scopes=[scope])
assert "access_token" in result, f"MSAL: {result}"
print("MSAL for Python: token over HTTPS")

credential = ClientSecretCredential(tenant, client_id, secret, authority=base, disable_instance_discovery=True)
token = credential.get_token(scope).token
print("azure-identity: token over HTTPS")

context = ssl.create_default_context(cafile=os.environ["REQUESTS_CA_BUNDLE"])
request = urllib.request.Request(
    f"{base}/v1/customers/d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d/carts/b4c8fdea-cbe4-4d17-9576-13fcacbf9605/checkout",
    method="POST", headers={"Authorization": f"Bearer {token}"},
)
with urllib.request.urlopen(request, context=context) as answer:
    assert answer.status == 201, answer.status
    orders = json.load(answer)["orders"]
print(f"checkout with the azure-identity token: {len(orders)} orders")
