"""Who is acting: a small immutable snapshot of a logged-in user, passed to every service function."""

from __future__ import annotations

from dataclasses import dataclass

from . import messages as msg


@dataclass(frozen=True)
class Actor:
    """The acting user. Services re-read the account from the database on every call (``access.fresh``), so a
    deactivated account or a changed office takes effect at once."""

    user_id: int | None
    username: str
    display_name: str
    role: str
    organisation_id: int | None = None
    office_id: int | None = None
    park_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.user_id is None

    @property
    def label(self) -> str:
        """How the actor is named in the audit log and exports."""
        return self.display_name if self.is_system else f"{self.display_name}（{self.username}）"


# The command line, run on the server by whoever operates it: acts with the bureau's rights. Never hand it to the app.
SYSTEM = Actor(user_id=None, username="system", display_name=msg.SYSTEM_ACTOR_NAME, role="admin")
