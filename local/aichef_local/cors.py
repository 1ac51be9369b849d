"""CORS as an HTTP API applies it, for `aichef serve`: API Gateway answers a preflight itself (no route, no
function), adds the configured headers to every answer to a request with an Origin, and ignores any CORS header the
function sends. The configuration is the API template's `CorsConfiguration`, so serve and AWS cannot disagree.
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
"""

from __future__ import annotations

from typing import Any


class Cors:
    """An HTTP API's CorsConfiguration (None: the API has no CORS, and requests pass as they are)."""

    def __init__(self, configuration: dict[str, Any] | None) -> None:
        self.configuration = configuration or {}
        self.origins = [str(origin) for origin in self.configuration.get("AllowOrigins", [])]

    def preflight(self, method: str, headers: dict[str, str]) -> dict[str, str] | None:
        """The headers of API Gateway's own 204 answer to a preflight, or None when the request is not one (it needs
        an Origin and an Access-Control-Request-Method) or the API has no CORS. A disallowed origin gets no CORS
        headers, which the browser reads as a refusal."""
        lowered = _lowered(headers)
        if not self.origins or method != "OPTIONS" or "access-control-request-method" not in lowered:
            return None
        allowed = self._allowed_origin(lowered.get("origin"))
        if allowed is None:
            return {}
        answer = {
            "Access-Control-Allow-Origin": allowed,
            "Access-Control-Allow-Methods": ",".join(self.configuration.get("AllowMethods", [])),
            "Access-Control-Allow-Headers": ",".join(self.configuration.get("AllowHeaders", [])),
        }
        if "MaxAge" in self.configuration:
            answer["Access-Control-Max-Age"] = str(self.configuration["MaxAge"])
        return answer

    def answer_headers(self, request_headers: dict[str, str], headers: dict[str, str]) -> dict[str, str]:
        """An answer's headers as API Gateway sends them: the function's CORS headers dropped (when the API has CORS)
        and the configured ones added for an allowed Origin."""
        if not self.origins:
            return headers
        kept = {name: value for name, value in headers.items() if not name.lower().startswith("access-control-")}
        allowed = self._allowed_origin(_lowered(request_headers).get("origin"))
        if allowed is None:
            return kept
        kept["Access-Control-Allow-Origin"] = allowed
        if self.configuration.get("ExposeHeaders"):
            kept["Access-Control-Expose-Headers"] = ",".join(self.configuration["ExposeHeaders"])
        return kept

    def _allowed_origin(self, origin: str | None) -> str | None:
        if origin is None:
            return None
        if "*" in self.origins:
            return "*"
        return origin if origin in self.origins else None


def _lowered(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}
