"""Settings the bureau changes without a code change: the pass line per category, the selection quotas
(default: the plan's), the sign-in idle timeout and whether a reverse proxy's X-Forwarded-For is trusted.
Values are stored as JSON; every change is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ..points import half_points
from ..rubric import load_rubric
from . import audit
from . import messages as msg
from .access import fresh, require_role
from .actors import Actor
from .errors import SettingInvalid
from .models import CATEGORIES, Setting, utcnow
from .plan import SELECTION_QUOTAS


def _pass_line(category: str, raw: Any) -> str | None:
    if raw is None:
        return None
    rubric = load_rubric(category)
    most = rubric.base_total + rubric.bonus_total
    value = half_points(str(raw), Decimal(0), most)
    if value is None:
        raise SettingInvalid(msg.SETTING_INVALID.format(key=f"pass_line.{category}",
                                                        reason=f"须为 0 到 {most} 之间、0.5 的整数倍的分数"))
    return str(value)


def _quota(category: str, raw: Any) -> list[int]:
    ok = (isinstance(raw, (list, tuple)) and len(raw) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                   for v in raw) and 0 <= raw[0] <= raw[1])
    if not ok:
        raise SettingInvalid(msg.SETTING_INVALID.format(key=f"quota.{category}",
                                                        reason="须为 [下限, 上限] 两个整数，且 0 ≤ 下限 ≤ 上限"))
    return [raw[0], raw[1]]


SESSION_IDLE_HOURS = "session.idle_hours"
TRUST_FORWARDED_FOR = "login.trust_forwarded_for"
DEFAULT_IDLE_HOURS = 8
MAX_IDLE_HOURS = 72


def _idle_hours(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not (1 <= raw <= MAX_IDLE_HOURS):
        raise SettingInvalid(msg.SETTING_INVALID.format(key=SESSION_IDLE_HOURS,
                                                        reason=f"须为 1 到 {MAX_IDLE_HOURS} 之间的整数（小时）"))
    return raw


def _flag(key: str, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise SettingInvalid(msg.SETTING_INVALID.format(key=key, reason="须为 true 或 false"))
    return raw


def _validators() -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {SESSION_IDLE_HOURS: (DEFAULT_IDLE_HOURS, _idle_hours),
                                       TRUST_FORWARDED_FOR: (False, lambda raw: _flag(TRUST_FORWARDED_FOR, raw))}
    for category in CATEGORIES:
        out[f"pass_line.{category}"] = (None, lambda raw, c=category: _pass_line(c, raw))
        out[f"quota.{category}"] = (list(SELECTION_QUOTAS[category]), lambda raw, c=category: _quota(c, raw))
    return out


KNOWN_SETTINGS = tuple(_validators())


def parse_text(key: str, text: str) -> Any:
    """A value typed on the command line, as the setting expects it (validated by ``set_setting``)."""
    text = text.strip()
    if key.startswith("quota."):
        return [int(p) if p.strip().isdigit() else p for p in text.replace("，", ",").split(",")]
    if key == SESSION_IDLE_HOURS:
        return int(text) if text.isdigit() else text
    if key == TRUST_FORWARDED_FOR:
        return {"true": True, "false": False, "是": True, "否": False}.get(text.lower(), text)
    return text


def get_setting(session: Session, key: str) -> Any:
    """The stored value, or the default (pass lines: None, i.e. not set; quotas: the plan's)."""
    validators = _validators()
    if key not in validators:
        raise SettingInvalid(msg.SETTING_UNKNOWN.format(key=key))
    row = session.get(Setting, key)
    return row.value if row is not None else validators[key][0]


def set_setting(session: Session, actor: Actor, key: str, value: Any) -> Any:
    """Change a setting (bureau admin); returns the stored value."""
    actor = fresh(session, actor)
    require_role(actor, "admin")
    validators = _validators()
    if key not in validators:
        raise SettingInvalid(msg.SETTING_UNKNOWN.format(key=key))
    stored = validators[key][1](value)
    row = session.get(Setting, key)
    before = row.value if row is not None else validators[key][0]
    if row is None:
        row = Setting(key=key, value=stored)
        session.add(row)
    row.value, row.updated_by_id, row.updated_at = stored, actor.user_id, utcnow()
    audit.record(session, actor, "setting_changed", "setting", None, key=key, before=before, after=stored)
    return stored


def pass_line(session: Session, category: str) -> Decimal | None:
    """The pass line of a category, or None when the bureau has not set one."""
    value = get_setting(session, f"pass_line.{category}")
    return None if value is None else Decimal(value)


def quota(session: Session, category: str) -> tuple[int, int]:
    low, high = get_setting(session, f"quota.{category}")
    return int(low), int(high)


def idle_timeout(session: Session) -> dt.timedelta:
    """How long a signed-in browser stays signed in without activity (default 8 hours)."""
    return dt.timedelta(hours=int(get_setting(session, SESSION_IDLE_HOURS)))


def trust_forwarded_for(session: Session) -> bool:
    """Whether the app sits behind a reverse proxy whose X-Forwarded-For names the client (default: no)."""
    return bool(get_setting(session, TRUST_FORWARDED_FOR))
