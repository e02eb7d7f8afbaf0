"""``python -m scoring drafts …``: the drafts the app keeps on disk (list them, remove old ones)."""

from __future__ import annotations

import datetime as dt

import typer

drafts_app = typer.Typer(add_completion=False, no_args_is_help=True,
                         help="应用保存的自评草稿（TSP_DRAFTS_DIR，默认 data/drafts）。")


@drafts_app.command("list")
def list_drafts() -> None:
    """列出草稿：编号、类别、单位名称、最后修改时间（最近的在前）。"""
    from .drafts import DraftStore
    from .rubric import CATEGORY_LABELS

    for info in DraftStore().list():
        category = CATEGORY_LABELS.get(info.rubric or "", "?")
        typer.echo(f"{info.draft_id}\t{category}\t{info.name or '（未填写单位名称）'}\t{info.updated:%Y-%m-%d %H:%M}")


@drafts_app.command("prune")
def prune(older_than: int = typer.Option(..., "--older-than", min=1, help="删除超过这么多天未修改的草稿"),
          dry_run: bool = typer.Option(False, "--dry-run", help="只列出将删除的草稿，不删除")) -> None:
    """删除长期未修改的草稿（连同其上传的证据文件）。"""
    from .drafts import DraftStore

    cutoff = dt.datetime.now() - dt.timedelta(days=older_than)
    store = DraftStore()
    for info in store.list():
        if info.updated < cutoff:
            if not dry_run:
                store.delete(info.draft_id)
            typer.echo(f"{'将删除' if dry_run else '已删除'}\t{info.draft_id}\t{info.name or ''}")


def register(app: typer.Typer) -> None:
    """Add the ``drafts`` commands to the main command line."""
    app.add_typer(drafts_app, name="drafts")
