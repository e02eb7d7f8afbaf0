"""Command line of the storage layer: ``db upgrade``, ``audit verify``, ``admin …``, ``import``, ``export …``,
``settings …``. Commands act on ``TSP_DATABASE_URL`` (default: the SQLite file ``tsp.db`` in the data folder, see
``scoring.locations``) with the bureau's rights, recorded in the audit log as “命令行”.

Exit codes: 0 done; 1 the audit chain is broken (or a password prompt was cancelled); 2 invalid input (one line
per problem on stderr).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, Optional

from . import cli_text as text
from .cli_parser import Group, arg, integer, positive_integer

# The storage layer (SQLAlchemy, pandas, openpyxl …) is imported inside the commands, so that ``score`` and the
# other file-only commands start as fast as before.
from .names import RUBRIC_NAMES as CATEGORIES, ROLES

EXIT_BROKEN = 1
EXIT_CANCELLED = 1
EXIT_INVALID = 2
ROTATED = {"evidence": "证明材料", "drafts": "草稿文件", "inputs": "排队中的上传文件块"}  # key rotate's progress lines


def _fail(lines: list[str], code: int = EXIT_INVALID) -> NoReturn:
    for line in lines:
        print(line, file=sys.stderr)
    raise SystemExit(code)


def _engine():
    from sqlalchemy.exc import SQLAlchemyError

    from .store import db
    from .store.errors import StoreError

    try:
        return db.connect()
    except StoreError as err:
        _fail([err.message])
    except SQLAlchemyError as err:
        _fail([_database_error_line(err)])


def _database_error_line(err) -> str:
    from sqlalchemy.engine import make_url

    from .store import db

    where = make_url(db.database_url()).render_as_string(hide_password=True)
    return f"数据库 {where} 出错，操作没有保存：{err.__class__.__name__}: {err}".splitlines()[0]


@contextmanager
def _store_errors():
    """Store errors become stderr lines and exit 2, database failures one line (never a traceback)."""
    from sqlalchemy.exc import SQLAlchemyError

    from .store.errors import DataInvalid, StoreError

    try:
        yield
    except DataInvalid as err:
        _fail([p.line() for p in err.problems] or [err.message])
    except StoreError as err:
        _fail([err.message])
    except SQLAlchemyError as err:
        _fail([_database_error_line(err)])


def _run(action, readonly: bool = False):
    """Run ``action(session)`` in one transaction (retried after a deadlock), errors as ``_store_errors`` says."""
    from .store import db

    engine = _engine()
    try:
        with _store_errors():
            return db.run_in_transaction(engine, action, readonly=readonly)
    finally:
        engine.dispose()


def _office_id(session, name: Optional[str]) -> Optional[int]:
    from .store import directory
    from .store.errors import StoreError

    if not name:
        return None
    office = directory.office_named(session, name)
    if office is None:
        raise StoreError(f"市场监管所“{name}”不存在；先执行 admin create-office {name}")
    return office.id


def _park_id(session, name: Optional[str]) -> Optional[int]:
    from .store import directory
    from .store.errors import StoreError

    if not name:
        return None
    park = directory.park_named(session, name)
    if park is None:
        raise StoreError(f"园区“{name}”不存在；先执行 admin create-park {name}")
    return park.id


def _organisation_id(session, key: Optional[str]) -> Optional[int]:
    from .store import directory
    from .store.errors import StoreError

    if not key:
        return None
    found = directory.find_organisation(session, uscc=key if len(key) == 18 else None, name=key)
    if found is None:
        raise StoreError(f"单位“{key}”不存在（按统一社会信用代码或名称查找）")
    return found.id


def ask_password() -> str:
    """Read a new password twice from the terminal without echoing it, until both agree and it is not empty."""
    from getpass import getpass

    try:
        while True:
            password = getpass(text.PASSWORD)
            if not password:
                print(text.PASSWORD_EMPTY, file=sys.stderr)
            elif getpass(text.PASSWORD_AGAIN) == password:
                return password
            else:
                print(text.PASSWORD_MISMATCH, file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(f"\n{text.CANCELLED}", file=sys.stderr)
        raise SystemExit(EXIT_CANCELLED) from None


ROUND_REQUIRED = arg("--round", dest="round_", type=integer, required=True, metavar="年度", help="年度")
ROUND_OPTIONAL = arg("--round", dest="round_", type=integer, metavar="年度", help="年度")
CATEGORY = "zone（示范区）| station（示范站）| point（示范点）"


def register(cli: Group) -> None:
    """Add the storage commands to the main CLI."""

    def store():  # the storage modules, imported on first use
        from .store import audit, auth, db, directory, exports, importer, settings
        from .store.actors import SYSTEM

        return audit, auth, db, directory, exports, importer, settings, SYSTEM

    db_commands = cli.group("db", "数据库。")
    audit_commands = cli.group("audit", "审计日志。")
    admin_commands = cli.group("admin", "账户与单位管理（区局）。")
    export_commands = cli.group("export", "导出 xlsx / docx。")
    settings_commands = cli.group("settings", "合格线与名额等设置。")

    @db_commands.command("upgrade", "建立数据库或迁移到最新结构。")
    def db_upgrade() -> None:
        """Create or migrate the database to the newest schema."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        engine = _engine()
        print(f"数据库已是最新结构（版本 {db.current_revision(engine)}）：{engine.url.render_as_string()}")
        engine.dispose()

    @audit_commands.command(
        "verify", "在一个一致的快照中重新计算审计日志的带密钥哈希链；被改动时退出码为 1 并指出第一条问题记录。\n"
        "校验通过时留下校验点，供 --incremental 使用。",
        arg("--incremental", action="store_true",
            help="从上次校验通过时留下的（带密钥签名的）校验点继续，只校验其后的记录"))
    def audit_verify(incremental: bool) -> None:
        """Recompute the audit log's keyed hash chain in one snapshot; exit 1 naming the first broken row. A chain
        that verifies leaves a checkpoint for ``--incremental``."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        report = _run(lambda s: audit.verify(s, incremental=incremental), readonly=True)
        if not report.ok:
            _fail([report.message], EXIT_BROKEN)
        _run(lambda s: audit.save_checkpoint(s, report))
        print(report.message)

    @admin_commands.command(
        "create-user", "创建账户，如首个区局管理员：admin create-user admin --role admin --name 张三（提示输入密码）。",
        arg("username", metavar="登录名", help="登录名（字母、数字、. _ -）"),
        arg("--role", required=True, metavar="角色", help="applicant | reviewer | admin | park_operator"),
        arg("--name", required=True, metavar="姓名", help="姓名（显示名）"),
        arg("--office", metavar="名称", help="审核员所属市场监管所名称"),
        arg("--organisation", metavar="单位", help="申报账户所属单位（信用代码或名称）"),
        arg("--park", metavar="名称", help="园区运营方所属园区名称"),
        arg("--password-stdin", action="store_true", help="从标准输入读取密码（一行）"))
    def create_user(username: str, role: str, name: str, office: Optional[str], organisation: Optional[str],
                    park: Optional[str], password_stdin: bool) -> None:
        """Create an account, e.g. the first bureau admin: ``admin create-user admin --role admin --name 张三``."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        if role not in ROLES:
            _fail([f"未知角色 {role}；可选：{'、'.join(ROLES)}"])
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = ask_password()

        def action(session):
            user = auth.create_user(session, SYSTEM, username, name, password, role,
                                    office_id=_office_id(session, office), park_id=_park_id(session, park),
                                    organisation_id=_organisation_id(session, organisation))
            return user.id

        user_id = _run(action)
        print(f"已创建用户 {username}（#{user_id}，{role}）")

    @admin_commands.command("unlock", "解除一个用户名（所有来源）的登录限制，记入审计日志：admin unlock admin。",
                            arg("username", metavar="用户名", help="要解除登录限制的用户名"))
    def unlock(username: str) -> None:
        """Clear the log-in throttle of a user name (every source), audited: ``admin unlock admin``."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        cleared = _run(lambda s: auth.unlock(s, SYSTEM, username))
        print(f"已解除 {username} 的登录限制（清除 {cleared} 条记录）。")

    @admin_commands.command("create-office", "登记市场监管所。", arg("name", metavar="名称", help="市场监管所名称"))
    def create_office(name: str) -> None:
        """Register a market-supervision office."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        office_id = _run(lambda s: directory.create_office(s, SYSTEM, name).id)
        print(f"已创建市场监管所 {name}（#{office_id}）")

    @admin_commands.command("create-park", "登记园区。", arg("name", metavar="名称", help="园区名称"),
                            arg("--office", metavar="名称", help="所属市场监管所"))
    def create_park(name: str, office: Optional[str]) -> None:
        """Register a park."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        park_id = _run(lambda s: directory.create_park(s, SYSTEM, name, _office_id(s, office)).id)
        print(f"已创建园区 {name}（#{park_id}）")

    @admin_commands.command("create-organisation", "登记单位（申报单位或已授牌单位）。",
                            arg("name", metavar="名称", help="单位名称"),
                            arg("--category", required=True, metavar="类别", help=CATEGORY),
                            arg("--uscc", metavar="代码", help="统一社会信用代码"),
                            arg("--office", metavar="名称", help="所属市场监管所"),
                            arg("--park", metavar="名称", help="所在园区"))
    def create_organisation(name: str, category: str, uscc: Optional[str], office: Optional[str],
                            park: Optional[str]) -> None:
        """Register an organisation (applicant or certified site)."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        if category not in CATEGORIES:
            _fail([f"未知类别 {category}；可选：{'、'.join(CATEGORIES)}"])
        org_id = _run(lambda s: directory.create_organisation(
            s, SYSTEM, name, category, uscc=uscc, office_id=_office_id(s, office), park_id=_park_id(s, park)).id)
        print(f"已创建单位 {name}（#{org_id}）")

    @cli.command("import", "导入一批自评文件：全部校验通过才导入，否则一份也不导入；每个文件（及每个问题）一行。",
                 arg("path", type=Path, metavar="文件夹或zip",
                     help="自评文件所在文件夹或 zip（证明材料按自评文件中的 file 路径放置）"),
                 arg("--office", required=True, metavar="名称", help="导入到哪个市场监管所辖区"),
                 arg("--round", dest="round_", type=integer, metavar="年度", help="年度（默认取各文件评估日期的年份）"),
                 arg("--dry-run", action="store_true", help="只校验，不写入"))
    def import_command(path: Path, office: str, round_: Optional[int], dry_run: bool) -> None:
        """Import a batch of answers files: all or nothing, with one line per file (and per problem)."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        shown = {"step": -1}

        def progress(done: int, total: int, label: str) -> None:
            step = done * 10 // total
            if step != shown["step"]:
                shown["step"] = step
                print(f"{done * 100 // total}% {label}", file=sys.stderr)

        # Three steps, so that no transaction stays open while the files are read (20,000 files take minutes,
        # longer than PostgreSQL's idle-in-transaction timeout, and on SQLite a held transaction blocks writers):
        # who may import where, then the file checks with no database, then the database checks and the write.
        office_id = _run(lambda session: importer.authorise(session, SYSTEM, _office_id(session, office))[1].id,
                         readonly=True)
        with _store_errors():
            source = importer.open_source(path)  # a zip is streamed from disk, never read whole into memory
        try:
            with _store_errors():
                batch = importer.check_files(source, progress)
            report = _run(lambda session: importer.import_checked(session, SYSTEM, batch, office_id, round_=round_,
                                                                  progress=progress, dry_run=dry_run))
        finally:
            source.close()
        if report.rejected:
            _fail(report.lines())
        for line in report.lines():
            print(line)
        print(f"共 {len(report.files)} 份，{'已全部导入' if report.written else '校验通过（未写入）'}。")

    @export_commands.command("submissions", "申报列表：自评与复核总分、逐项认定、理由及证明材料（xlsx）。",
                             arg("out", type=Path, metavar="文件", help="输出 xlsx 文件"), ROUND_OPTIONAL,
                             arg("--category", metavar="类别", help=CATEGORY))
    def export_submissions(out: Path, round_: Optional[int], category: Optional[str]) -> None:
        """The submissions list with self and reviewer totals and every item's decision, reason and evidence."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        data = _run(lambda s: exports.submissions_xlsx(s, SYSTEM, round_=round_, category=category))
        _write(out, data)

    @export_commands.command("selected", "年度入选名单，供局长办公会议使用（.xlsx 或 .docx）。",
                             arg("out", type=Path, metavar="文件", help="输出文件（.xlsx 或 .docx）"), ROUND_REQUIRED)
    def export_selected(out: Path, round_: int) -> None:
        """The round's selected list for the director's meeting."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        if out.suffix.lower() not in (".xlsx", ".docx"):
            _fail([f"{out}: 输出文件须为 .xlsx 或 .docx"])
        make = exports.selected_docx if out.suffix.lower() == ".docx" else exports.selected_xlsx
        _write(out, _run(lambda s: make(s, SYSTEM, round_)))

    @settings_commands.command("show", "列出全部设置及其取值。")
    def settings_show() -> None:
        """Print every setting with its value."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        values = _run(lambda s: {key: settings.get_setting(s, key) for key in settings.KNOWN_SETTINGS})
        for key, value in values.items():
            print(f"{key} = {'（未设置）' if value is None else value}")

    @settings_commands.command("set", "修改一项设置（合格线、入选名额、session.idle_hours、login.trust_forwarded_for）。",
                               arg("key", metavar="设置", help="如 pass_line.point、quota.zone"),
                               arg("value", metavar="取值", help="合格线为分数；名额为“下限,上限”"))
    def settings_set(key: str, value: str) -> None:
        """Change a setting (pass line, selection quota, session.idle_hours, login.trust_forwarded_for)."""
        audit, auth, db, directory, exports, importer, settings, SYSTEM = store()
        parsed = settings.parse_text(key, value)
        stored = _run(lambda s: settings.set_setting(s, SYSTEM, key, parsed))
        print(f"{key} = {stored}")

    key_commands = cli.group("key", "证明材料密钥。")

    @key_commands.command(
        "rotate", "用 TSP_NEW_SECRET_KEY 重新加密全部证明材料、草稿文件与排队中的上传文件（当前密钥为 TSP_SECRET_KEY），"
        "分批进行，中断后再次执行即可续做；完成后用新密钥重启应用。",
        arg("--batch", type=positive_integer, default=100, metavar="个数", help="每批重新加密的文件数"))
    def key_rotate(batch: int) -> None:
        """Re-encrypt every evidence file, draft file and queued upload under TSP_NEW_SECRET_KEY (current key:
        TSP_SECRET_KEY), in
        batches; run it again after an interruption and it continues. Then start the app with the new key."""
        from .store import rotation
        from .store.errors import StoreError

        engine = _engine()
        try:
            new_key = rotation.new_key_from_environment()
            report = rotation.rotate(engine, new_key, batch=batch,
                                     progress=lambda kind, n: print(f"已重新加密{ROTATED[kind]} {n} 个",
                                                                    file=sys.stderr))
        except StoreError as err:
            _fail([err.message])
        finally:
            engine.dispose()
        queued = f"、排队中的上传文件块 {report.job_inputs} 个" if report.job_inputs else ""
        print(f"密钥已更换{'（续做上次中断的更换）' if report.resumed else ''}：证明材料 {report.evidence} 个、"
              f"草稿文件 {report.draft_files} 个{queued}已用新密钥加密，新密钥指纹 {report.fingerprint[:12]}…。"
              "请把各进程的 TSP_SECRET_KEY 改为新密钥后重启，并按密钥托管规则保管新密钥。")

    @cli.command("worker", "后台任务进程（审计日志校验、导出），可同时运行多个。",
                 arg("--once", action="store_true", help="只处理当前排队的任务，然后退出"))
    def worker_command(once: bool) -> None:
        """Run background jobs (audit verify, exports) as a process of its own; several may run at once."""
        import threading

        from .store import jobs

        engine = _engine()
        try:
            if once:
                count = 0
                while jobs.run_one(engine) is not None:
                    count += 1
                print(f"已处理 {count} 个后台任务。")
                return
            print("后台任务进程已启动（Ctrl-C 停止）。", file=sys.stderr)
            stop = threading.Event()
            try:
                jobs.work(engine, stop)
            except KeyboardInterrupt:
                stop.set()
        finally:
            engine.dispose()

    @cli.command("backup", "把数据库、草稿和密钥指纹（不含密钥本身）备份到一个新目录。",
                 arg("--out", type=Path, required=True, metavar="目录", help="备份目录（新建或空目录）"))
    def backup_command(out: Path) -> None:
        """Back up the database, the drafts and the key fingerprint (never the key) into a new folder."""
        from .store import backup as backups
        from .store.errors import StoreError

        try:
            manifest = backups.backup(out)
        except StoreError as err:
            _fail([err.message])
        print(f"已备份到 {out}：{', '.join(manifest['files'])}；审计日志 {manifest['audit_rows']} 条；"
                   f"密钥指纹 {manifest['key_fingerprint'][:12]}…（密钥本身须另行保管）。")

    @cli.command("restore", "把备份恢复到 TSP_DATABASE_URL 的空数据库，然后校验审计日志。",
                 arg("folder", type=Path, metavar="目录", help="backup 命令生成的备份目录"))
    def restore_command(folder: Path) -> None:
        """Restore a backup into the empty database of TSP_DATABASE_URL, then verify the audit chain."""
        from sqlalchemy.exc import SQLAlchemyError

        from .store import backup as backups
        from .store.errors import StoreError

        try:
            report = backups.restore(folder)
        except StoreError as err:
            _fail([err.message])
        except SQLAlchemyError as err:
            _fail([_database_error_line(err)])
        if not report.audit.ok:
            _fail([f"已恢复，但审计日志校验未通过：{report.audit.message}"], EXIT_BROKEN)
        print(f"已从 {folder} 恢复（备份于 {report.manifest['created_at']}）。{report.audit.message}")

    demo_commands = cli.group("demo", "演示数据（虚构单位与示例账户）。")

    @demo_commands.command("load", "在没有账户的数据库中载入虚构的演示数据（已有账户时不做任何改动）。")
    def demo_load() -> None:
        """Load the fictitious demo district into an empty database (nothing happens when it has accounts)."""
        from .store import demo

        if _run(demo.load_demo):
            print(f"已载入演示数据：{len(demo.DEMO_ACCOUNTS)} 个示例账户（密码 {demo.DEMO_PASSWORD}）及 "
                       f"{len(demo.ENTERPRISES) + 3} 份申报。")
        else:
            print("数据库中已有账户，未载入演示数据。")


def _write(out: Path, data: bytes) -> None:
    """Write atomically (temp file, then rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_bytes(data)
    temp.replace(out)
    print(f"已写入 {out}")

