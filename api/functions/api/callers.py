"""Who is calling and at which address, from an HTTP API (payload 2.0) event: the owner a request is stored with, and
the absolute URL a Location points at. Pure: no AWS calls."""

from __future__ import annotations

from typing import Any


def owner_of(request_context: dict[str, Any]) -> str | None:
    """The caller as the authorizer identified it: a JWT's `sub`, else a Cognito identity pool's identity, else the
    IAM principal's ARN; None when the route has no authorizer (never so in the deployed API).

    Every user of one identity pool shares its role, so `userArn` (the role session) would put them all in one owner:
    the identity id tells them apart. An IAM principal is its ARN: for an assumed role that is role + session name,
    so everyone allowed to assume the role with that session name is the same owner.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
    """
    authorizer = request_context.get("authorizer") or {}
    subject = ((authorizer.get("jwt") or {}).get("claims") or {}).get("sub")
    if subject:
        return f"jwt:{subject}"
    iam = authorizer.get("iam") or {}
    identity = (iam.get("cognitoIdentity") or {}).get("identityId")
    if identity:
        return f"cognito:{identity}"
    if iam.get("userArn"):
        return f"iam:{iam['userArn']}"
    return None


def base_url(event: dict[str, Any], route_path: str, public_base_url: str = "") -> str:
    """The absolute URL the API is called at, without a trailing slash: `public_base_url` when the deployment sets it
    (a custom domain's API mapping is not in the event), else the scheme, the host and whatever precedes the route's
    own path in rawPath (a named stage's segment)."""
    if public_base_url:
        return public_base_url.rstrip("/")
    headers = {str(name).lower(): str(value) for name, value in (event.get("headers") or {}).items()}
    context = event.get("requestContext") or {}
    scheme = headers.get("x-forwarded-proto", "https").split(",")[0].strip().lower() or "https"
    host = context.get("domainName") or headers.get("host") or "localhost"
    raw_path = str(event.get("rawPath") or "")
    prefix = raw_path[: -len(route_path)] if route_path and raw_path.endswith(route_path) else ""
    return f"{scheme}://{host}{prefix.rstrip('/')}"
