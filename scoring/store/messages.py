"""Chinese text shown to users by the storage layer: error messages and labels, kept apart from the logic."""

from ..names import CATEGORY_LABELS as CATEGORY_NAMES, ROLE_LABELS  # noqa: F401  (the shared tables)

STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已提交",
    "changes_requested": "退回修改",
    "reviewed": "已复核",
    "selected": "已入选",
}
LEVEL_LABELS = {"municipal": "市级", "district": "区级"}
KIND_LABELS = {"zone": "区", "station": "站", "point": "点"}
DECISION_LABELS = {"confirm": "确认", "override": "调整"}

ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "user_created": "创建用户",
    "password_changed": "修改密码",
    "office_created": "创建市场监管所",
    "park_created": "创建园区",
    "organisation_created": "创建单位",
    "submission_created": "创建申报",
    "answers_saved": "保存自评",
    "submit": "提交申报",
    "request_changes": "退回修改",
    "complete_review": "完成复核",
    "reopen_review": "重新复核",
    "select": "入选",
    "deselect": "取消入选",
    "item_confirmed": "确认条目得分",
    "item_overridden": "调整条目得分",
    "review_withdrawn": "撤回条目复核",
    "evidence_uploaded": "上传证明材料",
    "evidence_viewed": "查看证明材料",
    "evidence_downloaded": "下载证明材料",
    "evidence_unreadable": "证明材料无法读取",
    "job_queued": "发起后台任务",
    "job_result_downloaded": "下载后台任务结果",
    "audit_verified": "校验审计日志",
    "key_rotated": "更换密钥",
    "setting_changed": "修改设置",
    "batch_import": "批量导入",
    "registry_imported": "导入园区名册",
    "member_added": "登记成员单位",
    "member_removed": "移出成员单位",
    "certification_recorded": "登记认定",
    "service_organisation_added": "登记服务机构",
    "certifications_awarded": "授牌登记",
    "export": "导出",
    "demo_loaded": "载入演示数据",
    "login_locked": "登录被暂停",
    "login_throttled": "登录被限制（失败过多）",
    "login_unlocked": "解除登录限制",
    "signed_out": "退出登录",
}

SYSTEM_ACTOR_NAME = "命令行"

# ------------------------------------------------------------------ errors

PERMISSION_GENERIC = "无权执行此操作。"
NOT_FOUND_OR_FORBIDDEN = "{what} #{id} 不存在，或您无权访问。"
ROLE_REQUIRED = "此操作仅限{roles}。"
ACCOUNT_INACTIVE = "账户已停用，请联系区局管理员。"
LOGIN_FAILED = "用户名或密码错误。"
LOGIN_THROTTLED = ("从您所在的网络对该用户名的登录失败次数过多，已暂停约 {minutes} 分钟。"
                   "请稍后再试；如确认是本人，可请区局管理员在“账户与设置”中解除限制。")
LOGIN_SOURCE_THROTTLED = "从您所在的网络登录失败次数过多，已暂停约 {minutes} 分钟，请稍后再试。"
LOGIN_UNLOCK_NAME_REQUIRED = "请填写要解除登录限制的用户名。"
PASSWORD_TOO_SHORT = "密码至少需要 {minimum} 个字符。"
USERNAME_TAKEN = "用户名 {username} 已存在。"
USERNAME_INVALID = "用户名只能由字母、数字、点、下划线和连字符组成（1–64 个字符）。"
ROLE_UNKNOWN = "未知角色 {role}；可选：{choices}。"
ROLE_NEEDS = "角色“{role}”必须指定{what}。"
ROLE_FORBIDS = "角色“{role}”不能指定{what}。"

CONFLICT = ("该申报已被他人修改（当前版本 {current}，您打开时为版本 {expected}），您的修改未保存。"
            "页面已显示最新内容，请核对后重新保存。")
CONFLICT_CONCURRENT = "该申报正被他人同时修改，您的修改未保存。页面已显示最新内容，请核对后重新保存。"

TRANSITION_NOT_ALLOWED = "状态为“{status}”的申报不能执行“{action}”。"
TRANSITION_ROLE = "“{action}”只能由{roles}执行。"
SUBMIT_INCOMPLETE = "还有 {count} 个条目未作答（{items}），全部作答后才能提交。"
NOTE_REQUIRED = "“{action}”须填写说明。"
REVIEW_INCOMPLETE = "还有 {count} 个条目未复核（{items}），全部确认或调整后才能完成复核。"
EDIT_NOT_ALLOWED = "状态为“{status}”的申报不能修改自评内容。"
REVIEW_NOT_ALLOWED = "只有“已提交”状态的申报可以复核，当前状态为“{status}”。"
REVIEW_UNKNOWN_ITEM = "验收表中没有条目 {item_id}。"
REVIEW_SCORE_RANGE = "条目 {item_id} 的复核得分须在 0 到 {max} 之间，当前为 {score}。"
REVIEW_SCORE_STEP = "条目 {item_id} 的复核得分须为 0.5 的整数倍，当前为 {score}。"
REVIEW_REASON_REQUIRED = "调整条目 {item_id} 的得分须填写理由。"
REVIEW_PARTS_NOT_ALLOWED = "条目 {item_id} 不分要件，不能逐项核实。"
REVIEW_PARTS_MISSING = "条目 {item_id} 须逐项核实每个要件，缺少：{keys}。"
REVIEW_PARTS_UNKNOWN = "条目 {item_id} 没有要件 {key}；要件为：{keys}。"
REVIEW_PARTS_VALUE = "条目 {item_id} 的要件 {key} 须为达标或未达标（true / false），当前为 {value}。"
REVIEW_PARTS_DIFFER = "条目 {item_id} 的核实结果与自评不同（{differences}）；请选择“调整得分”并填写理由。"
REVIEW_PART_MET = "自评未达标、核实达标：{label}"
REVIEW_PART_NOT_MET = "自评达标、核实未达标：{label}"
REVIEW_PARTS_SCORE = ("条目 {item_id} 核实 {total} 项要件中 {met} 项达标，复核得分须大于 0、小于满分 {max}，"
                      "且为 0.5 的整数倍，当前为 {score}。")
RUBRIC_VERSION_CHANGED = "该申报按验收表版本 {stored} 填写，当前验收表版本为 {current}，请按新版本重新评分。"
SUBMISSION_EXISTS = "{organisation} 的 {round} 年度申报已存在（#{id}，状态：{status}）。"
CATEGORY_MISMATCH = "{organisation} 登记的类别为{expected}，自评文件为{actual}。"

SELECTION_NOT_REVIEWED = "申报 #{id}（{organisation}）尚未完成复核，不能入选。"
SETTING_UNKNOWN = "未知设置项 {key}。"
SETTING_INVALID = "设置项 {key} 的取值无效：{reason}"

# ------------------------------------------------------------------ evidence files

UPLOAD_EMPTY = "文件 {name} 是空文件。"
UPLOAD_TOO_LARGE = "文件 {name} 大小为 {size_mb:.1f} MB，超过上限 {limit_mb} MB。"
UPLOAD_EXTENSION = "文件 {name} 的类型不受支持：只接受 PDF、图片（JPG、PNG）、Word（.docx）和 Excel（.xlsx）文件。"
UPLOAD_CONTENT_MISMATCH = "文件 {name} 的内容不是扩展名所示的 {expected} 格式（可能是改了扩展名的其他文件）。"
UPLOAD_NAME_INVALID = "文件路径 {name} 无效：不能是绝对路径，也不能包含“..”。"
EVIDENCE_HASH_MISMATCH = "证明材料 #{id}（{name}）校验失败：文件内容与上传时记录的 SHA-256 不一致，可能已被篡改。"
EVIDENCE_DECRYPT_FAILED = "证明材料 #{id}（{name}）无法解密：密文已被篡改（密钥与数据库登记的一致）。"
EVIDENCE_WRONG_KEY = "证明材料 #{id}（{name}）无法解密：当前密钥不是本数据库的密钥（指纹不符），请检查 TSP_SECRET_KEY。"
EVIDENCE_MISSING = "证明材料 #{id}（{name}）的文件内容在数据库中缺失，无法下载；请联系区市场监管局从备份恢复。"
DB_LOCK_TIMEOUT = "数据正被其他操作占用，等待超过 {seconds:g} 秒，您的操作没有保存。请稍后重试。"
DB_STATEMENT_TIMEOUT = "数据库操作超过 {seconds:g} 秒未完成，已取消，您的操作没有保存。请稍后重试。"
DB_IDLE_TIMEOUT = "连接在未完成的操作中闲置超过 {seconds:g} 秒，已被数据库断开，您的操作没有保存。请重试。"
DB_RETRIES_EXHAUSTED = "多人同时修改相同的数据，多次重试仍未成功，您的操作没有保存。请稍后重试。"
DB_SETTING_INVALID = "环境变量 {name} 的值 {value!r} 无效：须为整数。"
KEY_REQUIRED_POSTGRES = ("使用 PostgreSQL 时必须设置密钥：请把 32 字节密钥的 base64 编码设为环境变量 TSP_SECRET_KEY"
                         "（所有应用进程和主机使用同一个密钥；可用 python -c \"import base64,os;"
                         "print(base64.b64encode(os.urandom(32)).decode())\" 生成），系统不会自行生成。")
KEY_MISMATCH = ("密钥与数据库不符：数据库登记的密钥指纹为 {stored}…，当前密钥的指纹为 {current}…。"
                "请使用写入这些数据时的密钥（TSP_SECRET_KEY 或密钥文件）；未作任何写入。")
BACKUP_TOOL_MISSING = "找不到程序 {tool}：请安装 PostgreSQL 客户端工具（Debian：apt-get install postgresql-client）。"
BACKUP_TOOL_FAILED = "{tool} 执行失败：{detail}"
BACKUP_TARGET_NOT_EMPTY = "备份目录 {path} 已存在且不为空；请指定一个新的目录。"
BACKUP_MANIFEST_MISSING = "{path} 不存在：这不是本系统的备份目录。"
BACKUP_MANIFEST_INVALID = "备份清单 {path} 无法读取：{detail}"
BACKUP_FILE_CHANGED = "备份文件 {path} 缺失或与备份清单中的 SHA-256 不符，未作任何恢复。"
BACKUP_KEY_MISMATCH = ("备份的密钥指纹为 {stored}…，当前密钥的指纹为 {current}…：请先配置备份时使用的密钥"
                       "（TSP_SECRET_KEY），否则证明材料无法解密、审计日志无法校验。未作任何恢复。")
BACKUP_BACKEND_MISMATCH = "备份来自 {backup} 数据库，目标是 {target} 数据库；请恢复到同类数据库。"
BACKUP_TARGET_IN_USE = "目标数据库 {url} 中已有数据表；恢复只写入空数据库，未作任何恢复。"
BACKUP_SCHEMA_MISMATCH = "备份来自模式 {backup}，目标连接使用模式 {target}；请在连接中使用同名模式。"
KEY_NEW_MISSING = ("更换密钥须在环境变量 TSP_NEW_SECRET_KEY 中给出新密钥（32 字节的 base64；不要写在命令行参数里），"
                   "TSP_SECRET_KEY 仍为当前密钥。")
KEY_INVALID = "密钥无效：TSP_SECRET_KEY 须为 32 字节密钥的 base64 编码（{detail}）。"
KEY_FILE_INVALID = "密钥文件 {path} 无效：应包含 32 字节密钥的 base64 编码。"
KEY_FILE_PERMISSIONS = "密钥文件 {path} 的权限为 {mode}，其他用户可读；请执行 chmod 600 {path}。"

# ------------------------------------------------------------------ import

IMPORT_NO_FILES = "{path} 中没有找到自评文件（.yaml、.yml、.json）。"
IMPORT_PATH_MISSING = "路径 {path} 不存在。"
IMPORT_NOT_ZIP = "{path} 不是有效的 zip 文件。"
IMPORT_BATCH_TOO_LARGE = "{path} 解压后的内容超过上限 {limit_mb} MB（读取到 {name} 时停止），本批全部未导入。"
IMPORT_MEMBER_TOO_LARGE = "{name} 超过 {limit_mb} MB 上限（按实际读出的字节计），已停止读取，未导入。"
IMPORT_MEMBER_CRC = "压缩包中的 {name} 已损坏：CRC 校验不符。"
IMPORT_MEMBER_SIZE = "压缩包中的 {name} 已损坏：解压后为 {actual} 字节，与压缩包记录的 {declared} 字节不符。"
IMPORT_MEMBER_CORRUPT = "压缩包中的 {name} 已损坏：数据不完整或大小与记录不符，无法解压。"
IMPORT_MEMBER_UNSUPPORTED = "压缩包中的 {name} 使用了不支持的压缩方式，请用普通 zip（Deflate）重新压缩。"
IMPORT_MEMBER_ENCRYPTED = "压缩包中的 {name} 已加密，无法读取，请去掉密码后重新压缩。"
IMPORT_SKIPPED_LINE = "{name}: 已跳过：{reason}"
IMPORT_SKIP_DIRECTORY = "这是文件夹条目"
IMPORT_SKIP_OUTSIDE = "路径指向压缩包之外（含 ../ 或为绝对路径）"
IMPORT_SKIP_HIDDEN = "系统或隐藏文件"
IMPORT_SKIP_LINK = "符号链接"
IMPORT_SKIP_DUPLICATE = "与压缩包中另一条目的路径相同"
IMPORT_SKIP_TYPE = "不是自评文件（.yaml、.yml、.json），也不是支持的证明材料类型（PDF、JPEG、PNG、docx、xlsx）"
IMPORT_SKIP_UNREFERENCED = "没有自评文件引用这份证明材料"
IMPORT_EVIDENCE_MISSING = "自评文件引用的证明材料 {file} 不存在。"
IMPORT_DUPLICATE = "与同批的 {other} 重复（同一单位同一年度只能有一份申报）。"
IMPORT_OTHER_OFFICE = "{organisation} 属于{office}，不能由{importer}导入。"
IMPORT_NOT_WRITTEN = "批次中有文件未通过校验，本批全部未导入。"
IMPORT_OFFICE_REQUIRED = "批量导入须指定市场监管所。"
IMPORT_ENCODING = "文件不是 UTF-8 编码的文本。"
IMPORT_ACCEPTED = "校验通过"
IMPORT_REPORT_COLUMNS = {"file": "文件", "result": "结果", "organisation": "申报单位", "category": "类别",
                         "total": "自评核验分", "evidence": "证明材料（份）", "problems": "问题"}
IMPORT_SKIPPED_COLUMNS = ("条目", "原因")
IMPORT_RESULT_WRITTEN = "已导入（申报 #{id}）"
IMPORT_RESULT_OK = "校验通过"
IMPORT_RESULT_REJECTED = "未通过"
IMPORT_REPORT_SHEETS = ("逐文件结果", "未导入的条目")
IMPORT_REPORT_FILE = "导入报告-任务{id}.xlsx"

# ------------------------------------------------------------------ registry

REGISTRY_SHEET_MEMBERS = "成员单位"
REGISTRY_SHEET_SERVICES = "服务机构"
REGISTRY_MEMBER_HEADERS = ("单位名称", "统一社会信用代码", "类别", "认定级别", "认定类型", "认定年度", "证书编号",
                           "成员状态")
MEMBERSHIP_LABELS = {"proposed": "待确认", "confirmed": "已确认", "rejected": "已驳回"}
REGISTRY_BUREAU_ONLY = "授牌认定只能由区局管理员录入、修改或删除；园区运营方只能提议成员单位。"
REGISTRY_IMPORT_CERT_BUREAU_ONLY = ("该行的认定（{level}{kind}，{year} 年度）不是区局录入的记录；认定只能由区局录入，"
                                    "园区运营方导入名册时请留空或保留区局已录入的认定。")
REGISTRY_CONFIRM_FORBIDDEN = "只有区局管理员或该单位本身的账户可以确认成员关系。"
REGISTRY_MEMBERSHIP_DECIDED = "{organisation} 加入园区“{park}”的提议已{status}，不能再次处理。"
REGISTRY_CERTIFICATE_NUMBER_LONG = "证书编号不能超过 100 个字符。"
REGISTRY_SERVICE_HEADERS = ("机构名称", "服务类型", "统一社会信用代码")
REGISTRY_SHEET_MISSING = "缺少工作表“{sheet}”。"
REGISTRY_HEADER_MISMATCH = "工作表“{sheet}”的表头应为：{expected}。"
REGISTRY_NOT_XLSX = "文件不是有效的 xlsx 工作簿。"
REGISTRY_VALUE_INVALID = "“{column}”的取值 {value!r} 无效；可选：{choices}。"
REGISTRY_REQUIRED = "“{column}”不能为空。"
REGISTRY_YEAR_INVALID = "认定年度应为 2000 到 2100 之间的年份，当前为 {value!r}。"
REGISTRY_CERT_PARTIAL = "认定级别、认定类型、认定年度须同时填写或同时留空。"
REGISTRY_DUPLICATE = "与第 {row} 行重复。"
REGISTRY_MEMBER_ELSEWHERE = "{organisation} 已登记为园区“{park}”的成员单位。"
REGISTRY_EVIDENCE_TITLE = "园区成员单位示范站（点）认定名册（系统登记，截至 {date}）"
REGISTRY_CERTIFICATE_TITLE = "{organisation}：{year} 年{level}{kind}认定（园区名册登记）"
REGISTRY_RUBRIC_UNMARKED = "{table}中没有标明由园区名册填写的条目（fed_by），无法按名册取值。"


# ------------------------------------------------------------------ ranking and selection

QUOTA_BELOW = "{category}入选 {count} 个，少于本轮原则上的下限 {minimum} 个。"
QUOTA_ABOVE = "{category}入选 {count} 个，多于本轮原则上的上限 {maximum} 个。"
BELOW_PASS_LINE = "{organisation}（{category}）复核得分 {score} 分，低于合格线 {pass_line} 分。"
NO_PASS_LINE = "{category}尚未设置合格线。"

# ------------------------------------------------------------------ table and export columns

SUBMISSION_COLUMNS = {
    "id": "申报编号",
    "organisation": "申报单位",
    "uscc": "统一社会信用代码",
    "category": "类别",
    "office": "市场监管所",
    "park": "所在园区",
    "round": "年度",
    "status": "状态",
    "claimed_total": "自评声称分",
    "self_total": "自评核验分",
    "final_total": "复核得分",
    "reviewed_items": "已复核条目",
    "item_count": "条目数",
    "submitted_at": "提交时间",
    "updated_at": "更新时间",
    "version": "版本",
}
ITEM_EXPORT_HEADERS = ("申报编号", "申报单位", "类别", "条目编号", "评价指标", "条目", "满分", "自评声称分",
                       "自评核验分", "复核得分", "复核结论", "复核理由", "复核人", "评分说明", "证明材料")
SELECTED_HEADERS = ("排名", "申报单位", "统一社会信用代码", "市场监管所", "所在园区", "自评核验分", "复核得分",
                    "是否达到合格线")
SHEET_SUBMISSIONS = "申报列表"
SHEET_ITEMS = "逐项复核明细"
SHEET_SELECTED = "入选名单"
SHEET_WARNINGS = "提示"
SELECTED_TITLE = "{round} 年度区级商业秘密保护示范区、示范站、示范点拟入选名单"
SELECTED_SUBTITLE = "（提交局长办公会议审议）"
SELECTED_NONE = "（无）"
SELECTED_PASS = "是"
SELECTED_FAIL = "否"
SELECTED_NO_LINE = "未设置"

# ------------------------------------------------------------------ audit log

JOB_LOST = "任务 #{id} 已由另一个后台进程接手。"
JOB_KIND_UNKNOWN = "未知的后台任务类型 {kind}。"
JOB_NO_RESULT = "任务 #{id} 尚未完成或没有可下载的结果。"
JOB_GAVE_UP = "任务已尝试 {attempts} 次仍未完成（后台进程多次中断），已停止；请查看后台进程日志后重新发起。"
JOB_FAILED = "任务 #{id} 执行出错，已记录到后台进程日志；请稍后重新发起。"
JOB_EXPORT_DONE = "导出完成（{size:.1f} MB），可以下载。"
JOB_INPUT_CHANGED = "上传的文件在保存过程中发生了变化，未排队；请重新上传。"
JOB_INPUT_TOO_LARGE = "上传的文件超过上限 {limit_mb} MB，未排队。"
JOB_INPUT_UNREADABLE = "任务 #{id} 保存的上传文件无法完整读出（密钥已更换，或数据被改动），本批未导入；请重新上传。"
JOB_IMPORT_WRITTEN = "已导入 {count} 份申报。"
JOB_IMPORT_CHECKED = "{count} 份自评文件全部校验通过（只校验，未写入）。"
JOB_IMPORT_REJECTED = "{count} 份自评文件中有 {rejected} 份未通过校验，本批全部未导入。"
IMPORT_ZIP_BROKEN = ("{file}：压缩包已损坏，其中有文件无法读取（校验值或大小不符，或压缩方式不受支持）。"
                     "本批次未导入任何内容，请重新打包后再试。")
AUDIT_OK = "审计日志完整：共 {rows} 条记录，哈希链校验通过。"
AUDIT_ROW_ALTERED = "第 {position} 条记录（#{id}，{at}，{action}）已被改动：内容与其记录的哈希不符。"
AUDIT_LINK_BROKEN = ("第 {position} 条记录（#{id}，{at}，{action}）与上一条记录脱节："
                     "其间有记录被删除、插入或改动。")
AUDIT_WRONG_KEY = "当前密钥不是写入审计日志时的密钥（链头签名不符），操作未保存；请检查 TSP_SECRET_KEY。"
AUDIT_HEAD_UNSEALED = "审计日志的链头没有密钥签名：请用本系统的密钥启动一次（自动补签），或链头已被篡改。"
AUDIT_HEAD_FORGED = "审计日志的链头签名不符：链头被改动，或当前密钥不是写入日志时的密钥。"
AUDIT_CHECKPOINT_FORGED = "审计日志的校验点 #{id} 签名不符：校验点被改动，或当前密钥不是写入时的密钥；请做完整校验。"
AUDIT_BEFORE_CHECKPOINT = ("校验点之前的记录被删除或改动：校验点登记到 #{id} 为止共 {rows} 条，现存 {found} 条，"
                           "或其最后一条与登记不符。")
AUDIT_TAIL_MISSING = "日志末尾的记录被删除或改动：链头登记 {expected} 条记录，现存 {rows} 条，最后的哈希不符。"

OPERATOR_ORGANISATION = "园区运营方账户所属的单位须是该园区自身（类别为示范区、登记在该园区）。"
DISPLAY_NAME_REQUIRED = "姓名（显示名）不能为空。"
ACTION_LABELS.update({"user_activated": "启用账户", "user_deactivated": "停用账户"})
NAME_REQUIRED = "{what}名称不能为空。"
NAME_TAKEN = "{what}“{name}”已存在。"
CATEGORY_UNKNOWN = "未知类别 {category!r}；可选：zone（示范区）、station（示范站）、point（示范点）。"
ORGANISATION_OTHER_OFFICE = "审核员只能在本所辖区登记单位。"
OVERRIDE_LINE = "复核调整：{score} 分（系统评分 {engine} 分）。理由：{reason}"
USCC_MISMATCH = "自评文件的统一社会信用代码 {actual} 与 {organisation} 登记的 {expected} 不一致。"
ACTION_UNKNOWN = "未知操作 {action}。"
SELECTION_OTHER_ROUND = "申报 #{id} 属于 {round} 年度，不属于 {expected} 年度。"
IMPORT_OWN_OFFICE = "审核员只能为本所辖区导入申报。"
IMPORT_PHASE_CHECK = "正在校验 {file}"
IMPORT_PHASE_WRITE = "已写入 {done}/{total} 份申报"
REGISTRY_INVALID = "名册有 {count} 处问题，未作任何修改。"
IMPORT_FILE_CHANGED = "证明材料 {file} 在导入过程中被改动，本批全部未导入，请重新导入。"

# The annual round (rounds.py, cultivation.py, opinions.py, decisions.py, report.py, history.py)
PHASE_LABELS = {
    "cultivation": "孵化培育",
    "filing": "创建申报",
    "acceptance": "验收评定",
    "approval": "报批授牌",
    "promotion": "推广运用",
}
ROUND_PHASE_INVALID = "{year} 年度的阶段“{phase}”日期无效：{reason}"
ROUND_PHASE_UNKNOWN = "未知的阶段 {phase!r}，可选：{choices}"
ROUND_YEAR_INVALID = "年度 {year!r} 无效：应为 2000 至 2100 之间的整数"
FILING_CLOSED = ("{year} 年度创建申报已于 {deadline} 截止，不能再提交或修改申报。如有特殊情况，请联系区市场监管局"
                 "反不正当竞争科为本单位重新开放申报。")
FILING_NOT_YET_OPEN = "{year} 年度创建申报自 {start} 开始，目前尚未开放。"
REOPEN_UNTIL_INVALID = "重新开放的截止日期 {until} 早于今天（{today}）。"
REOPEN_REASON_REQUIRED = "重新开放申报须填写原因。"
ELIGIBILITY_NOTE_REQUIRED = "认定为不符合申报条件时须填写说明。"
CULTIVATION_STATUS_LABELS = {"cultivating": "培育中", "creating": "创建中", "withdrawn": "已退出"}
CULTIVATION_STATUS_UNKNOWN = "未知的培育状态 {status!r}，可选：{choices}"
CULTIVATION_OTHER_OFFICE = "审核员只能管理本所的培育和创建单位名单。"
CULTIVATION_NO_OFFICE = "单位 {organisation} 未登记所属市场监管所，不能列入培育名单。"
CULTIVATION_FILE_INVALID = "培育名单 {file} 有 {count} 处问题，未作任何修改。"
CULTIVATION_COLUMNS = ("单位名称", "统一社会信用代码", "类别", "市场监管所", "联系人", "联系电话", "状态",
                       "重点培育对象", "备注")
CULTIVATION_REQUIRED = "缺少必填项：{column}"
CULTIVATION_UNKNOWN_OFFICE = "市场监管所 {name!r} 未登记"
CULTIVATION_BAD_CATEGORY = "类别 {value!r} 无效，可填：示范区、示范站、示范点"
CULTIVATION_BAD_FLAG = "“重点培育对象”应填 是 或 否，当前为 {value!r}"
CULTIVATION_CATEGORY_MISMATCH = "单位 {organisation} 已登记为{registered}，与名单中的{listed}不符"
CULTIVATION_NOT_WORKBOOK = "无法读取 {file}：不是有效的 xlsx 文件（{error}）"
CULTIVATION_MISSING_COLUMNS = "缺少列：{columns}"
OPINION_KIND_LABELS = {"recommendation": "市场所推荐意见", "acceptance": "区局验收意见"}
OPINION_REQUIRED = "意见、负责人和日期均须填写。"
OPINION_KIND_ROLE = {"recommendation": "市场监管所审核员或区局管理员", "acceptance": "区局管理员"}
OPINION_FINAL_LOCKED = "{kind}已定稿，不能再修改。"
PAPER_MISSING = "{organisation}（申报 #{id}）：尚未收到加盖推荐单位公章的纸质申报材料。"
DECISION_EXISTS = "{year} 年度的局长办公会议决定已记录（{date}）。"
DECISION_EMPTY = "局长办公会议决定须写明决定内容并列出至少一份通过的申报。"
DECISION_NOT_SELECTED = "申报 #{id}（{organisation}）不在 {year} 年度的入选名单中，不能列入会议决定。"
DECISION_MISSING = "{year} 年度尚未记录局长办公会议决定，不能授牌。"
AWARD_NOT_APPROVED = "申报 #{id} 不在 {year} 年度局长办公会议通过的名单中，不能授牌。"
AWARD_NUMBER_REQUIRED = "授牌须填写证书编号。"
AWARD_NUMBER_TAKEN = "证书编号 {number} 已被使用。"
REPORT_COLUMNS = ("类别", "单位名称", "统一社会信用代码", "市场监管所", "自评得分", "复核得分", "证书编号",
                  "局长办公会议日期", "授牌日期")
REPORT_TITLE = "松江区 {year} 年度区级商业秘密保护示范区、示范站（点）授牌情况报备表"
REPORT_EMPTY = "{year} 年度尚无授牌记录，报备表为空。"
REPORT_FORMAT = "报备表只能导出为 .xlsx 或 .docx：{file}"
CARRY_NO_PREVIOUS = "{organisation} 没有 {year} 年度以前的申报，无法沿用。"
ACTION_LABELS.update({
    "round_changed": "修改年度日程",
    "filing_reopened": "重新开放申报",
    "eligibility_confirmed": "确认申报资格",
    "cultivation_saved": "更新培育名单",
    "opinion_saved": "记录意见",
    "paper_received": "收到纸质材料",
    "meeting_decision_recorded": "记录局长办公会议决定",
    "certificate_awarded": "授牌",
    "report_exported": "导出报备表",
    "draft_carried_forward": "沿用上年度自评",
})
