"""Portal users and sessions: argon2 password hashes, idle-expiring sessions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select

from bot.cases.db import session_scope
from bot.cases.models import PortalSession, User, utcnow

ROLES = ("coach", "staff", "admin")
_hasher = PasswordHasher()
# Verifying against this keeps the time of an unknown-user login like a real one.
# However active, a portal session ends after a working day: log in again the next.
MAX_SESSION_LIFETIME = timedelta(hours=10)
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class PortalUser:
    """A logged-in (or looked-up) user."""

    id: int
    username: str
    role: str
    display_name: str
    coach_id: int | None
    language: str

    @property
    def is_staff(self) -> bool:
        """Staff and admins manage the catalog, coaches, NLU and statistics."""
        return self.role in ("staff", "admin")


@dataclass(frozen=True)
class SessionInfo:
    """A valid session: its user and its CSRF token."""

    user: PortalUser
    csrf_token: str


def _user(u: User) -> PortalUser:
    return PortalUser(u.id, u.username, u.role, u.display_name, u.coach_id, u.language)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def create_user(
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    coach_id: int | None = None,
    language: str = "sv",
    url: str | None = None,
) -> PortalUser:
    """Create a user with an argon2id password hash.

    Raises:
        ValueError: unknown role, a short password, or a taken username.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 12:
        raise ValueError("the password must have at least 12 characters")
    with session_scope(url) as session:
        if session.execute(select(User).where(User.username == username)).scalar_one_or_none():
            raise ValueError(f"user {username!r} exists already")
        user = User(
            username=username,
            password_hash=_hasher.hash(password),
            role=role,
            display_name=display_name or username,
            coach_id=coach_id,
            language=language,
            active=True,
        )
        session.add(user)
        session.flush()
        return _user(user)


def set_password(username: str, password: str, url: str | None = None) -> bool:
    """Give ``username`` a new password and end their sessions; False if there is none.

    Raises:
        ValueError: a password shorter than 12 characters.
    """
    if len(password) < 12:
        raise ValueError("the password must have at least 12 characters")
    with session_scope(url) as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            return False
        user.password_hash = _hasher.hash(password)
        session.execute(delete(PortalSession).where(PortalSession.user_id == user.id))
        return True


def end_all_sessions(url: str | None = None) -> int:
    """Log every portal user out; how many sessions there were."""
    with session_scope(url) as session:
        return int(session.execute(delete(PortalSession)).rowcount or 0)


def user_count(url: str | None = None) -> int:
    """How many users there are."""
    with session_scope(url) as session:
        return len(session.execute(select(User.id)).all())


def authenticate(username: str, password: str, url: str | None = None) -> PortalUser | None:
    """The user if the password is right; else None.

    An unknown name and a wrong password cost the same (one argon2 verification) and give the
    same answer, so neither the answer nor its time tells whether a name exists. Nothing
    locks an account: repeated failures are slowed down per account and address by the
    portal (bot/portal/auth_limits.py), so nobody can lock a coach out.
    """
    with session_scope(url) as session:
        user = session.execute(
            select(User).where(User.username == username, User.active.is_(True))
        ).scalar_one_or_none()
        if user is None:
            try:
                _hasher.verify(_DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                pass
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return _user(user)


def start_session(user_id: int, url: str | None = None) -> tuple[str, str]:
    """A new session: returns (cookie token, CSRF token). Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with session_scope(url) as session:
        session.add(PortalSession(token_hash=_hash_token(token), user_id=user_id, csrf_token=csrf))
    return token, csrf


def session_info(
    token: str,
    idle: timedelta,
    now: datetime | None = None,
    url: str | None = None,
    lifetime: timedelta = MAX_SESSION_LIFETIME,
) -> SessionInfo | None:
    """The session's user if it exists, was used within ``idle`` and began within
    ``lifetime`` (a session kept alive by activity still ends); refreshes last_seen."""
    now = now or utcnow()
    with session_scope(url) as session:
        row = session.execute(
            select(PortalSession).where(PortalSession.token_hash == _hash_token(token))
        ).scalar_one_or_none()
        if row is None:
            return None
        last = _aware(row.last_seen) or now
        began = _aware(row.created_at) or now
        if now - last > idle or now - began > lifetime:
            session.delete(row)
            return None
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            session.delete(row)
            return None
        row.last_seen = now
        return SessionInfo(_user(user), row.csrf_token)


def end_session(token: str, url: str | None = None) -> None:
    """Log out: the session row is deleted."""
    with session_scope(url) as session:
        session.execute(delete(PortalSession).where(PortalSession.token_hash == _hash_token(token)))


def users_of_coach(coach_id: int, url: str | None = None) -> list[PortalUser]:
    """The portal accounts of a coach."""
    with session_scope(url) as session:
        rows = session.execute(select(User).where(User.coach_id == coach_id)).scalars()
        return [_user(u) for u in rows]
