"""What the API holds about a person: only what their account did or whom a client acts as
(accounts/personal_data.py). Kept on erasure: they name the pseudonymised account, and a client
acting as an erased (deactivated) person is refused on its next call."""

from accounts.personal_data import register_links

register_links(
    "api.ApiClient",
    "acting_user",
    "created_by",
    "revoked_by",
    section="api_clients",
    at="created_at",
    why="API clients the person created, revoked, or that act as them",
)
register_links("api.ApiCallLog", "actor", section="api_calls", at="at")
