"""drf-spectacular: how the token scheme reads in the schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token made on one's profile page (我的资料): "
            "`Authorization: Bearer otk_…`. It acts with exactly its owner's permissions "
            "and scope.",
        }
