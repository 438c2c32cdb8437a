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


# The database's integer limits, which Django turns into validators on integer fields:
# they differ between PostgreSQL (32-bit `integer`) and SQLite (64-bit), so a schema made
# on one would drift from one made on the other. They are storage limits, not the API's
# contract; a rule's own bound (a minimum of 0, a score's 100) stays.
DATABASE_INTEGER_LIMITS = {2**15 - 1, -(2**15), 2**31 - 1, -(2**31), 2**63 - 1, -(2**63)}


def drop_database_integer_limits(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: see DATABASE_INTEGER_LIMITS."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                dropped = False
                for bound in ("minimum", "maximum"):
                    if node.get(bound) in DATABASE_INTEGER_LIMITS:
                        del node[bound]
                        dropped = True
                if dropped and node.get("format") == "int64":
                    del node["format"]  # inferred from a 64-bit limit, not declared
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
