"""Who did something: a user (staff, a client's member, a group member) or a client's API token."""

from __future__ import annotations

from dataclasses import dataclass

from .models import OemApiToken


@dataclass(frozen=True)
class Actor:
    user: object = None
    token: OemApiToken | None = None

    @property
    def user_or_none(self):
        return self.user if self.user is not None and getattr(self.user, "pk", None) else None

    def audit(self) -> dict:
        """Fields of an audit row (``user``, ``token``)."""
        return {"user": self.user_or_none, "token": self.token}

    def __str__(self) -> str:
        if self.token is not None:
            return f"token …{self.token.last4}"
        user = self.user_or_none
        return getattr(user, "email", "") if user else "system"


SYSTEM = Actor()
