"""A small OpenID Connect provider for the tests, built on Authlib's server components.

It is a real provider over real HTTP: a discovery document, a JWKS with an RSA key made at start,
an authorization endpoint (authorization code flow, nonce, PKCE), a token endpoint
(client_secret_basic and client_secret_post) issuing RS256-signed ID tokens, and userinfo. It
keeps everything in memory and serves plain WSGI (wsgiref), so it needs nothing but Authlib.

Nobody types a password: the authorization endpoint approves whoever the test signed in last
through the test-only control endpoints, which take JSON:

  POST /_test/sign-in   {"sub": "…", "email": "…", …}: the claims of the person the provider
                        approves from now on; {} approves nobody (the client gets access_denied)
  POST /_test/client    {"redirect_uris": ["…"]}: the client's registered redirect URIs
  GET  /_test/requests  how many requests each path has answered

Run: python -m tests.oidc_provider.server --client-id ID --client-secret SECRET
It listens on a free port of 127.0.0.1 and prints its issuer URL as the first line of output.
"""

import argparse
import contextlib
import json
import os
import secrets
import socketserver
import sys
import threading
import time
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import (
    AuthorizationCodeMixin,
    ClientMixin,
    JsonPayload,
    JsonRequest,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey

CODE_LIFETIME = 300


class Client(ClientMixin):
    def __init__(self, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris: list[str] = []

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in Provider.SCOPES)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Person:
    """The signed-in person: the claims the test gave."""

    def __init__(self, claims: dict):
        self.claims = claims

    def get_user_id(self):
        return self.claims["sub"]


class AuthorizationCode(AuthorizationCodeMixin):
    def __init__(self, *, code, request):
        self.code = code
        self.client_id = request.client.client_id
        self.redirect_uri = request.payload.redirect_uri
        self.scope = request.payload.scope
        self.nonce = request.payload.data.get("nonce")
        self.code_challenge = request.payload.data.get("code_challenge")
        self.code_challenge_method = request.payload.data.get("code_challenge_method")
        self.person = request.user
        self.auth_time = int(time.time())

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def is_expired(self):
        return self.auth_time + CODE_LIFETIME < time.time()


def user_info(person: Person, scope: str) -> dict:
    """Standard claims as the scope allows, plus every non-standard claim (an employee ID)."""
    claims = dict(UserInfo(person.claims).filter(scope))
    claims.update({k: v for k, v in person.claims.items() if k not in UserInfo.REGISTERED_CLAIMS})
    claims["sub"] = person.claims["sub"]
    return claims


class Provider:
    SCOPES = ("openid", "email", "profile")

    def __init__(self, *, issuer: str, client_id: str, client_secret: str):
        self.issuer = issuer
        self.client = Client(client_id, client_secret)
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": generate_token(8), "use": "sig", "alg": "RS256"}
        )
        self.codes: dict[str, AuthorizationCode] = {}
        self.tokens: dict[str, tuple[Person, str, float]] = {}
        self.person: Person | None = None
        self.lock = threading.Lock()
        self.served: dict[str, int] = {}
        self.server = self._authorization_server()

    def _authorization_server(self):
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):
                return provider.client if client_id == provider.client.client_id else None

            def save_token(self, token, request):
                with provider.lock:
                    provider.tokens[token["access_token"]] = (
                        request.user,
                        token["scope"],
                        time.time() + token["expires_in"],
                    )

            def create_oauth2_request(self, request):
                return request

            def create_json_request(self, request):
                return request

            def handle_response(self, status, body, headers):
                return status, body, headers

            def send_signal(self, name, *args, **kwargs):
                pass

        class CodeGrant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                with provider.lock:
                    provider.codes[code] = AuthorizationCode(code=code, request=request)

            def query_authorization_code(self, code, client):
                item = provider.codes.get(code)
                if item and item.client_id == client.client_id and not item.is_expired():
                    return item
                return None

            def delete_authorization_code(self, authorization_code):
                with provider.lock:
                    provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.person

        class IDToken(OpenIDCode):
            def exists_nonce(self, nonce, request):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_client_claims(self, client):
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": provider.key.kid}

            def generate_user_info(self, user, scope):
                return UserInfo(user_info(user, scope))

        server = Server()
        server.register_token_generator(
            "default", BearerTokenGenerator(lambda **kwargs: generate_token(42))
        )
        server.register_grant(
            CodeGrant, [IDToken(require_nonce=True), CodeChallenge(required=False)]
        )
        return server

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(self.SCOPES),
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": UserInfo.REGISTERED_CLAIMS,
        }

    def userinfo(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        entry = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if entry is None or entry[2] < time.time():
            return 401, {"error": "invalid_token"}, [("WWW-Authenticate", "Bearer")]
        person, scope, _ = entry
        return 200, user_info(person, scope), []

    def authorize(self, request):
        try:
            grant = self.server.get_consent_grant(request, end_user=self.person)
        except OAuth2Error as error:
            return 400, dict(error.get_body()), []
        return self.server.create_authorization_response(
            request, grant_user=self.person, grant=grant
        )

    def handle(self, request):
        path = request.path
        with self.lock:
            self.served[path] = self.served.get(path, 0) + 1
        if path == "/.well-known/openid-configuration":
            return 200, self.discovery(), []
        if path == "/jwks":
            return 200, {"keys": [self.key.as_dict(private=False)]}, []
        if path == "/authorize":
            return self.authorize(request)
        if path == "/token" and request.method == "POST":
            return self.server.create_token_response(request)
        if path == "/userinfo":
            return self.userinfo(request)
        if path == "/_test/sign-in" and request.method == "POST":
            claims = request.json()
            self.person = Person(claims) if claims else None
            return 204, "", []
        if path == "/_test/client" and request.method == "POST":
            self.client.redirect_uris = list(request.json()["redirect_uris"])
            return 204, "", []
        if path == "/_test/requests":
            return 200, dict(self.served), []
        return 404, {"error": "not_found"}, []


class Payload(OAuth2Payload, JsonPayload):
    def __init__(self, data: dict[str, list[str]]):
        self._datalist = data

    @property
    def data(self):
        return {key: values[0] for key, values in self._datalist.items()}

    @property
    def datalist(self):
        return self._datalist


class Request(OAuth2Request, JsonRequest):
    """One WSGI request, in the shape Authlib's server expects."""

    def __init__(self, environ):
        host = environ.get("HTTP_HOST", "127.0.0.1")
        query = environ.get("QUERY_STRING", "")
        self.path = environ.get("PATH_INFO", "/")
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.raw_body = environ["wsgi.input"].read(length) if length else b""
        super().__init__(
            environ["REQUEST_METHOD"],
            f"http://{host}{self.path}{'?' + query if query else ''}",
            headers=headers,
        )
        self._args = parse_qs(query, keep_blank_values=True)
        is_form = headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded")
        self._form = parse_qs(self.raw_body.decode(), keep_blank_values=True) if is_form else {}
        self.payload = Payload({**self._args, **self._form})

    @property
    def args(self):
        return {key: values[0] for key, values in self._args.items()}

    @property
    def form(self):
        return {key: values[0] for key, values in self._form.items()}

    def json(self):
        return json.loads(self.raw_body or b"{}")


STATUS_TEXT = {200: "OK", 204: "No Content", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
               404: "Not Found", 500: "Internal Server Error"}  # fmt: skip


def make_app(provider: Provider):
    def app(environ, start_response):
        try:
            status, body, headers = provider.handle(Request(environ))
        except Exception as exc:  # a test provider reports, it does not die
            status, body, headers = 500, {"error": "server_error", "detail": repr(exc)}, []
        headers = list(headers)
        if isinstance(body, dict):
            body = json.dumps(body)
            headers.append(("Content-Type", "application/json"))
        payload = (body or "").encode()
        start_response(f"{status} {STATUS_TEXT.get(status, '')}", headers)
        return [payload]

    return app


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    args = parser.parse_args(argv)
    # Authlib refuses plain http unless told it is a test; this provider only binds 127.0.0.1.
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    holder: dict = {}
    server = make_server(
        "127.0.0.1", 0, lambda e, s: holder["app"](e, s), ThreadingServer, QuietHandler
    )
    issuer = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = make_app(
        Provider(issuer=issuer, client_id=args.client_id, client_secret=args.client_secret)
    )
    print(issuer, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
