"""The name tables shared by the whole library: demonstration categories and office-system roles.

Keys are the stable identifiers written in files and the database; labels are the Chinese names users see.
"""

from __future__ import annotations

RUBRIC_NAMES = ("zone", "station", "point")
CATEGORY_LABELS = {"zone": "示范区", "station": "示范站", "point": "示范点"}

ROLES = ("applicant", "reviewer", "admin", "park_operator")
ROLE_LABELS = {
    "applicant": "申报单位",
    "reviewer": "市场监管所审核员",
    "admin": "区局管理员",
    "park_operator": "园区运营方",
}

__all__ = ["CATEGORY_LABELS", "RUBRIC_NAMES", "ROLES", "ROLE_LABELS"]
