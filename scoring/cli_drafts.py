"""``python -m scoring drafts …``: the drafts the app keeps on disk (list them, remove old ones)."""

from __future__ import annotations

import datetime as dt

from .cli_parser import Group, arg, positive_integer


def list_drafts() -> None:
    """Each draft: ID, category, organisation name, last change (newest first)."""
    from .drafts import DraftStore
    from .rubric import CATEGORY_LABELS

    for info in DraftStore().list():
        category = CATEGORY_LABELS.get(info.rubric or "", "?")
        print(f"{info.draft_id}\t{category}\t{info.name or '（未填写单位名称）'}\t{info.updated:%Y-%m-%d %H:%M}")


def prune(older_than: int, dry_run: bool) -> None:
    """Delete drafts unchanged for more than ``older_than`` days (with their uploaded evidence files)."""
    from .drafts import DraftStore

    cutoff = dt.datetime.now() - dt.timedelta(days=older_than)
    store = DraftStore()
    for info in store.list():
        if info.updated < cutoff:
            if not dry_run:
                store.delete(info.draft_id)
            print(f"{'将删除' if dry_run else '已删除'}\t{info.draft_id}\t{info.name or ''}")


def register(cli: Group) -> None:
    """Add the ``drafts`` commands to the main command line."""
    drafts = cli.group("drafts", "应用保存的自评草稿（TSP_DRAFTS_DIR，默认为数据文件夹中的 drafts）。")
    drafts.command("list", "列出草稿：编号、类别、单位名称、最后修改时间（最近的在前）。")(list_drafts)
    drafts.command("prune", "删除长期未修改的草稿（连同其上传的证据文件）。",
                   arg("--older-than", type=positive_integer, required=True, metavar="天数",
                       help="删除超过这么多天未修改的草稿"),
                   arg("--dry-run", action="store_true", help="只列出将删除的草稿，不删除"))(prune)
