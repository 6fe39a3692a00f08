"""How the schema describes the client token, and the answers every endpoint may give."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "description": "A plain error: {'detail': ...}, or a FHIR OperationOutcome on FHIR paths.",
    "additionalProperties": True,
}


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ClientTokenAuthentication"
    name = "clientToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An integration client's token (shown once when it was created).",
        }


def add_common_responses(result, generator, request, public):
    """Every token endpoint may answer 401 (no or bad token), 403 (a scope it lacks), 429 (too
    many calls), 404 (a record it may not see, or a page past the last) and 400 (a query it
    cannot read)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not operation.get("security"):
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404", "429"]
            if "requestBody" in operation:
                codes.append("415")  # a body that is not JSON
            for code in codes:
                if code not in responses:
                    content_types = list((responses.get("200") or {}).get("content", {})) or [
                        "application/json"
                    ]
                    responses[code] = {
                        "description": "Refused",
                        "content": {ct: {"schema": ERROR} for ct in content_types},
                    }
    return result
