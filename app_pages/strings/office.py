"""Every piece of text the office side of the app shows (log-in, filing, review, selection, import, registry,
district view, administration), in one place (Chinese UI). The self-assessment pages' text is in ``strings.py``."""

from __future__ import annotations

NAV_SECTION_OFFICE = "申报与审核"

# ---------------------------------------------------------------- page titles
PAGE_LOGIN = "登录"
PAGE_FILING = "提交申报"
PAGE_REVIEW_LIST = "申报审核"
PAGE_REVIEW = "逐项复核"
PAGE_IMPORT = "批量导入"
PAGE_SELECTION = "排名与入选"
PAGE_DISTRICT = "全区进度"
PAGE_REGISTRY = "园区名册"
PAGE_MEMBERSHIP = "园区成员确认"
PAGE_ADMIN = "账户与设置"

# ---------------------------------------------------------------- common
ALL = "全部"
SIGN_IN_FIRST = "此页面需要登录。自评不需要登录；提交申报、审核和名册管理请先登录。"
GO_SIGN_IN = "前往登录"
ROLE_NOT_ALLOWED = "您的账户无权使用此页面。"
DATABASE_ERROR = "数据库暂时无法访问，您的操作没有保存。请稍后重试；如仍有问题，请联系区市场监管局。"
INPUT_INVALID = "提交的内容有问题，未作任何保存："
HISTORY_HEADER = "办理记录"
HISTORY_LINE = "{at}　{actor}　**{action}**"
HISTORY_NOTE = "　说明：{note}"
SUBMISSION_OPTION = "#{id}　{organisation}（{status}）"

# ---------------------------------------------------------------- log-in
LOGIN_TITLE = "登录"
LOGIN_INTRO = "申报单位、市场监管所、区局和园区运营方使用区局分配的账户登录。只做自评不需要登录。"
LOGIN_USERNAME = "用户名"
LOGIN_PASSWORD = "密码"
LOGIN_SUBMIT = "登录"
LOGIN_EMPTY = "请填写用户名和密码。"
LOGIN_AS = "已登录：{name}（{username}），角色：{role}。"
LOGIN_ROLE_HELP = {
    "applicant": "您可以在「自评与申报」中完成自评，然后在「提交申报」页把自评和证明材料提交给辖区市场监管所。",
    "park_operator": "您可以维护本园区的成员单位名册，并提交本园区的示范区申报（{sites_id}、{services_id} 取自名册）。",
    "reviewer": "您可以审核本所辖区的申报：逐项确认或调整得分、退回修改、完成复核，并批量导入申报材料。",
    "admin": "您可以查看全部申报、确定入选名单、设置合格线和名额，并管理账户。",
}
LOGOUT = "退出登录"
PASSWORD_HEADER = "修改密码"
PASSWORD_OLD = "当前密码"
PASSWORD_NEW = "新密码（至少 8 个字符）"
PASSWORD_AGAIN = "再次输入新密码"
PASSWORD_SUBMIT = "修改密码"
PASSWORD_MISMATCH = "两次输入的新密码不一致。"
PASSWORD_CHANGED = "密码已修改；此前在其他浏览器上的登录均已失效。"
LOGIN_REDIRECTING = "密码正确，正在进入系统……"
LOGIN_CONTINUE = "如未自动跳转，请点此继续"
LOGOUT_REDIRECTING = "正在退出登录……"
LOGOUT_CONTINUE = "如未自动跳转，请点此完成退出"
AUTH_PAGE_TITLE = "登录"
AUTH_TICKET_INVALID = "登录链接已失效（每个链接只能使用一次，且须在 1 分钟内打开）。请回到登录页重新登录。"
AUTH_CROSS_SITE = "该请求来自其他网站，已拒绝。请直接打开本系统登录。"
AUTH_BACK = "返回系统"
LOGIN_DEMO_HEADER = "示例账户（演示数据）"
LOGIN_DEMO_INTRO = "本系统载入了虚构的演示数据。以下账户的密码均为 {password}；正式部署请勿载入演示数据。"
LOGIN_DEMO_COLUMNS = ("用户名", "角色", "可以做什么")

# ---------------------------------------------------------------- filing (applicant)
FILING_TITLE = "提交申报"
FILING_FOR = "申报单位：{name}（{category}）"
FILING_DRAFT_HEADER = "提交本次自评"
FILING_NO_DRAFT = "还没有打开自评。请先在「开始」页开始或载入自评，填写完成后回到这里提交。"
FILING_GO_START = "前往「开始」页"
FILING_WRONG_CATEGORY = "当前打开的是{draft}自评，而本单位登记的申报类别是{expected}。请打开本单位类别的自评。"
FILING_NEED_NAME = "请先在「单位信息」页填写单位名称。"
FILING_DRAFT_SUMMARY = "当前自评：**{name}**（{category}），证据认定得分 **{total}** 分，已作答 {answered} / {count} 项。"
FILING_REGISTRY_NOTE = "提交时，{sites}和{services}按「园区名册」中的登记取值。"
FILING_FILES = "将一并上传 {count} 个证明文件（加密保存）。"
FILING_FILES_MISSING = "以下证明文件没有保存在本草稿中，提交前请在相应条目重新上传：{files}"
FILING_INCOMPLETE = "还有 {count} 个条目未作答。可以先保存到系统，全部作答后才能提交。"
FILING_ROUND = "申报年度"
FILING_ROUND_HELP = "同一单位每个年度只有一份申报；再次保存会更新这份申报（提交前或被退回修改后）。"
FILING_SAVE = "保存到系统（暂不提交）"
FILING_SUBMIT = "提交申报"
FILING_SAVED = "已保存为申报 #{id}（尚未提交），上传证明文件 {files} 个。"
FILING_SUBMITTED = "申报 #{id} 已提交，上传证明文件 {files} 个。辖区市场监管所将进行复核。"
FILING_LIST_HEADER = "本单位的申报"
FILING_LIST_EMPTY = "本单位还没有申报。"
FILING_LIST_ITEM = "**{round} 年度**　申报 #{id}（{category}）　状态：**{status}**　自评核验分 {total} 分"
FILING_FINAL = "复核得分 **{final}** 分（自评核验分 {own} 分）。"
FILING_OVERRIDE_LINE = "- {id}　{title}：自评 {own} 分 → 复核 {final} 分。理由：{reason}"
FILING_OVERRIDE_PARTS = "；核实未达标的要件：{labels}"

# ---------------------------------------------------------------- review list
REVIEW_LIST_TITLE = "申报审核"
REVIEW_LIST_INTRO = {
    "reviewer": "本所辖区的申报。选择一份申报打开逐项复核。",
    "admin": "全区的申报，可按市场监管所筛选。选择一份申报打开逐项复核。",
}
FILTER_CATEGORY = "类别"
FILTER_STATUS = "状态"
FILTER_ROUND = "年度"
FILTER_OFFICE = "市场监管所"
REVIEW_LIST_EMPTY = "没有符合条件的申报。"
REVIEW_LIST_COUNT = "共 **{count}** 份申报，其中待复核 **{waiting}** 份。"
REVIEW_LIST_PICK = "选择申报"
REVIEW_LIST_OPEN = "打开复核"
REVIEW_LIST_EXPORT = "下载申报列表及逐项复核明细（Excel）"
REVIEW_LIST_EXPORT_FILE = "{round}年度申报列表.xlsx"

# ---------------------------------------------------------------- review of one submission
REVIEW_PICK_FIRST = "请先在「申报审核」页选择一份申报。"
REVIEW_NO_SUCH_SUBMISSION = "没有编号为「{value}」的申报：地址中的申报编号应为正整数。请在「申报审核」页选择一份申报。"
REVIEW_TITLE = "逐项复核：{organisation}"
REVIEW_SUBTITLE = "申报 #{id}　·　{category}　·　{round} 年度　·　{office}　·　:{color}-badge[{status}]"
REVIEW_READ_ONLY = "该申报状态为“{status}”，只能查看，不能修改复核结论。"
METRIC_CLAIMED = "自评声称分"
METRIC_SELF = "自评核验分"
METRIC_FINAL = "复核得分"
METRIC_REVIEWED = "已复核条目"
TAB_ITEMS = "逐项复核"
TAB_CHARTS = "自评与复核对比"
TAB_RECORD = "验收表与办理记录"
INDICATOR_PICK = "评价指标"
INDICATOR_PROGRESS = "本指标已复核 {done} / {count} 项。"
COMPLETE_REVIEW_HELP = "全部条目确认或调整后才能完成复核；完成后进入排名。"
ITEM_HEADER = "{mark} **{id}　{title}**　·　满分 {max} 分　·　自评核验 {self} 分　·　复核 **{final}** 分"
ITEM_NOTE = "申报单位备注：{note}"
ITEM_EVIDENCE = "**证明材料**：{titles}"
ITEM_NO_EVIDENCE = "（无）"
EVIDENCE_DOWNLOAD = "{name}（{size} KB）"
EVIDENCE_VIEW = "查看"
EVIDENCE_HIDE = "收起"
DECISION_DONE = "复核结论：**{decision}**，{score} 分（{reviewer}）"
DECISION_REASON = "。理由：{reason}"
DECISION_LABEL = "复核结论"
DECISION_CHOICES = {"confirm": "确认系统评分（{score} 分）", "override": "调整得分"}
OVERRIDE_SCORE = "调整后得分（0–{max}，0.5 分一档）"
OVERRIDE_REASON = "调整理由（调整得分时必填）"
OVERRIDE_REASON_PLACEHOLDER = "如：培训签到表未覆盖全部研发人员"
PARTS_HEADER = "**逐项要件**（自评 · 证明材料 · 核实）"
PART_LINE = "- {claimed}　{label}　·　{evidence}{verified}"
PART_CLAIMED = {True: ":green[✔ 自评达标]", False: ":red[✘ 自评未达标]", None: ":gray[○ 未逐项自评]"}
PART_EVIDENCE = "证据：{titles}"
PART_NO_EVIDENCE = ":gray[无单列本要件的证据]"
PART_VERIFIED = {True: "　·　核实 **:green[达标]**", False: "　·　核实 **:red[未达标]**", None: ""}
PARTS_CHECK = "逐项核实：勾选核实达标的要件"
OVERRIDE_SCORE_PARTS_HELP = ("逐项核实后调整：全部要件达标得满分，均未达标得 0 分，不用此处得分；"
                             "部分要件达标时按此处得分（须大于 0、小于满分）。确认系统评分时，勾选须与自评一致。")
DECISION_SAVE = "保存本条结论"
REVIEW_SAVED = "已保存 {item_id} 的复核结论。"
REVIEW_CONFIRM_REST = "确认其余 {count} 个条目的系统评分"
REVIEW_CONFIRM_REST_HELP = "尚未复核的条目一律按系统评分确认；已确认或调整的条目不变。"
REVIEW_CONFIRMED_REST = "已确认 {count} 个条目的系统评分。"
TRANSITION_NOTE = "{action}说明（必填）"
TRANSITION_NOTE_PLACEHOLDER = {
    "request_changes": "如：请补充 P21 的培训签到表，并按年度重新注明日期",
    "reopen_review": "如：申报单位补充了 P30 的证明材料，重新复核",
    "complete_review": "",
}
TRANSITION_DONE = "已{action}。"
CHART_DIFFERENCES = "复核调整的条目"
CHART_NO_DIFFERENCES = "复核得分与自评核验分一致，没有调整的条目。"
ITEM_TABLE_COLUMNS = {
    "item_id": "条目", "indicator": "评价指标", "title": "内容", "max": "满分", "claimed": "自评声称",
    "self_score": "自评核验", "final_score": "复核得分", "decision": "结论", "reason": "理由", "reviewer": "复核人",
    "evidence": "证明材料",
}
DOWNLOAD_REVIEWED_TABLE = "下载验收表（Word，含复核得分）"
DOWNLOAD_REVIEWED_TABLE_FILE = "{name}-验收表（复核）.docx"

# ---------------------------------------------------------------- ranking and selection
SELECTION_TITLE = "排名与入选"
SELECTION_INTRO = {
    "admin": "已复核的申报按复核得分排名。勾选入选的申报并保存；超出名额或低于合格线时会提示（方案规定“原则上”，可以保存）。",
    "reviewer": "本所辖区已复核申报的排名（只读）。入选由区局确定。",
}
RANK_COLUMNS = {
    "selected": "入选", "rank": "排名", "id": "申报编号", "organisation": "申报单位", "office": "市场监管所",
    "park": "所在园区", "self_total": "自评核验分", "final_total": "复核得分", "passed": "达到合格线",
}
PASSED = {True: "是", False: "否", None: "未设置"}
RANK_SUMMARY = "已复核 **{count}** 份，已入选 **{selected}** 份；本轮名额原则上 {low}–{high} 个；合格线 {line}。"
NO_LINE = "未设置"
RANK_EMPTY = "本年度该类别还没有已复核的申报。"
RANK_SELECT_HELP = "勾选即入选，取消勾选即取消入选（须填写说明）；点击「保存入选名单」后生效。"
SELECTION_NOTE = "说明（取消入选时必填）"
SELECTION_NOTE_PLACEHOLDER = "如：经局长办公会议审议调整"
SELECTION_NOTE_REQUIRED = "取消入选须填写说明，入选名单未修改。"
SELECTION_SAVE = "保存入选名单"
SELECTION_SAVED = "入选名单已保存：新增 {added} 个，取消 {removed} 个。"
SELECTION_EXPORT_HEADER = "导出入选名单（提交局长办公会议）"
SELECTION_EXPORT_XLSX = "下载入选名单（Excel）"
SELECTION_EXPORT_DOCX = "下载入选名单（Word）"
SELECTION_EXPORT_FILE = "{round}年度拟入选名单.{suffix}"
AWARD_HEADER = "授牌登记"
AWARD_INTRO = "局长办公会议审议通过后，为本年度全部已入选的申报登记区级认定（计入园区名册和全区进度）。"
AWARD_BUTTON = "为 {round} 年度入选单位登记区级认定"
AWARDED = "已登记 {count} 项 {round} 年度区级认定。"
SETTINGS_HEADER = "合格线与名额"
SETTING_PASS_LINE = "合格线（分）"
SETTING_QUOTA_LOW = "名额下限"
SETTING_QUOTA_HIGH = "名额上限"
SETTING_SAVE = "保存"
SETTING_SAVED = "设置已保存。"

# ---------------------------------------------------------------- batch import
IMPORT_TITLE = "批量导入"
IMPORT_INTRO = ("上传一个 zip 压缩包，内含各单位的自评文件（.yaml / .json）及其引用的证明材料（路径相对自评文件）。"
                "先全部校验，全部通过才导入；有任何一份不通过，本批一份也不导入。")
IMPORT_OFFICE_FIXED = "导入为 {office} 辖区的申报。"
IMPORT_NO_OFFICES = "还没有登记市场监管所，请先在「账户与设置」中登记。"
IMPORT_ROUND_FIXED = "指定申报年度"
IMPORT_ROUND_HELP = "不指定时，按各自评文件的自评基准日所在年度。"
IMPORT_UPLOADER = "申报材料压缩包（.zip）"
IMPORT_CHECK = "只校验，不导入"
IMPORT_RUN = "校验并导入"
IMPORT_QUEUED = "已交给后台处理（任务 #{id}）。可以离开本页，稍后回来查看结果。"
IMPORT_JOB_HEADER = "导入任务 #{id}：{file}（{mode}）"
IMPORT_MODES = {True: "只校验", False: "校验并导入"}
IMPORT_JOB_BY = "{by} 于 {at}（UTC）发起；年度：{round}。"
IMPORT_ROUND_AUTO = "按自评基准日"
IMPORT_PHASES = {"queued": "排队中，等待后台处理…", "reading": "后台正在读取上传的压缩包…",
                 "checking": "正在校验自评文件：{step}/{count}", "writing": "正在写入申报：{step}/{count}"}
IMPORT_FINISHED = "完成于 {at}（UTC）。"
IMPORT_REPORT_DOWNLOAD = "下载导入报告（Excel）"
IMPORT_RECENT = "本所最近的导入任务"
IMPORT_RECENT_NONE = "还没有导入任务。"
IMPORT_RECENT_COLUMNS = ("任务", "发起时间（UTC）", "文件", "方式", "年度", "发起人", "状态", "结果")
IMPORT_JOB_STATUS = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}
IMPORT_JOB_PICK = "查看任务"
IMPORT_JOB_OPTION = "#{id} {file}（{mode}，{status}）"
IMPORT_DONE = "已导入 {count} 份申报（状态：已提交）。"
IMPORT_CHECKED = "{count} 份自评文件全部校验通过，可以导入。"
IMPORT_REJECTED_SUMMARY = "{count} 份自评文件中有 {rejected} 份未通过校验，本批全部未导入。请按下表修改后重新上传。"
IMPORT_SKIPPED_INTRO = "压缩包中有 {count} 个条目未导入，原因如下："

# ---------------------------------------------------------------- park registry
REG_TITLE = "园区名册"
REG_PARK = "园区"
REG_NO_PARKS = "还没有可以查看的园区。"
REG_INTRO = "{park}的成员单位、认定情况和服务机构。示范区验收表{sites}和{services}取自本名册。"
REG_SITES_METRIC = "已授牌示范站（点）成员单位（{sites_id}）"
REG_SITES_VALUE = "{count} / {minimum} 家"
REG_SITES_MET = "已达到示范区“不少于 {minimum} 家”的要求。"
REG_SITES_SHORT = "还差 {missing} 家才达到示范区“不少于 {minimum} 家”的要求。"
REG_SITES_LIST = "已授牌：{names}"
REG_SERVICES_METRIC = "园区服务机构加分（{services_id}）"
REG_SERVICES_VALUE = "{points} / {max} 分"
REG_SERVICES_DETAIL = "已登记服务机构 {units} 家，涵盖 {types} 种类型。"
REG_MEMBERS_HEADER = "成员单位"
REG_FILL_DRAFT = "将名册数据填入当前自评（{name}）的 {sites_id}、{services_id}"
REG_UNNAMED_DRAFT = "未填写园区名称"
REG_NO_ZONE_DRAFT = "打开本园区的示范区自评后，可在此把名册数据填入 {sites_id}、{services_id}；提交申报时也会按名册取值。"
REG_FILLED = "已按名册填入当前自评的 {items}。"
REG_MEMBER_COLUMNS = ("单位名称", "统一社会信用代码", "类别", "认定级别", "认定类型", "认定年度", "证书编号", "成员状态")
REG_NOT_COUNTED = "（非区局录入，不计入）"
REG_NO_MEMBERS = "还没有登记成员单位。"
REG_SERVICES_HEADER = "服务机构"
REG_SERVICE_COLUMNS = ("机构名称", "服务类型", "统一社会信用代码")
REG_NO_SERVICES = "还没有登记服务机构。"
REG_ADD_MEMBER = "登记成员单位"
REG_PROPOSE_MEMBER = "提议成员单位"
REG_PROPOSE_INTRO = "提议的单位须经区局或该单位本身的账户确认后才计入成员单位；授牌认定由区局录入。"
REG_MEMBER_ADDED = "已登记成员单位：{name}"
REG_MEMBER_PROPOSED = "已提议成员单位：{name}，待区局或该单位确认。"
REG_PENDING_HEADER = "待确认的成员提议"
REG_PENDING_LINE = "{name}（{category}）"
REG_CONFIRM = "确认"
REG_REJECT = "驳回"
REG_CONFIRMED = "已确认 {name} 为园区成员单位。"
REG_REJECTED = "已驳回 {name} 加入园区的提议。"
REG_ADD_CERT = "录入授牌认定"
REG_CERT_NUMBER = "证书编号"
REG_OWN_TITLE = "园区成员确认"
REG_OWN_INTRO = "以下园区提议将本单位登记为其成员单位。确认后，本单位计入该园区的成员单位（园区示范区申报的 Z15 只计入区局录入的授牌认定）。"
REG_OWN_NONE = "目前没有园区提议将本单位登记为成员单位。"
REG_OWN_LINE = "{park}：提议将 {organisation} 登记为成员单位（{date}）"
REG_OWN_CONFIRMED = "已确认本单位为“{park}”的成员单位。"
REG_CERTIFIED = "已录入 {name} 的 {year} 年度认定。"
REG_ADD_SERVICE = "登记服务机构"
REG_SERVICE_TYPE_PLACEHOLDER = "如：律师事务所 / 司法鉴定机构 / 咨询服务机构"
REG_SERVICE_ADDED = "已登记服务机构：{name}"
REG_XLSX_HEADER = "名册 Excel"
REG_XLSX_INTRO = ("下载名册，在 Excel 中修改后上传，即以上传的名册为准；有任何问题则不作修改并逐行指出。园区运营方上传的新成员"
                  "单位为提议，待确认后计入；认定只能由区局录入（园区运营方的名册只能保留区局已录入的认定）。")
REG_EXPORT = "下载名册（Excel）"
REG_EXPORT_FILE = "{park}名册.xlsx"
REG_IMPORT = "上传修改后的名册（.xlsx）"
REG_IMPORTED = "名册已导入：成员单位 {members} 家，新增认定 {added} 项，服务机构 {services} 家。"

# ---------------------------------------------------------------- district view
DISTRICT_TITLE = "全区示范创建进度"
DISTRICT_INTRO = {
    "admin": "全区各园区历年认定的示范区、示范站（点），对照实施方案第二部分的 2023 年目标。只计区局录入的认定；"
             "园区提议而尚未确认的成员单位计入“—”（不属任何园区）。",
    "reviewer": "本所辖区各园区历年认定情况，对照实施方案第二部分的 2023 年目标（目标为全区数）。只计区局录入的认定。",
}
DISTRICT_TARGETS_HEADER = "对照 2023 年目标"
DISTRICT_TARGET_LABEL = "{level}{group}"
DISTRICT_GROUPS = {"zone": "示范区", "station_point": "示范站（点）"}
DISTRICT_PARKS_HEADER = "各园区历年认定"
DISTRICT_EMPTY = "还没有登记任何认定。"
DISTRICT_COLUMNS = {"park": "园区", "year": "年度", "level": "级别", "zones": "示范区", "stations_points": "示范站（点）"}

# ---------------------------------------------------------------- administration
ADMIN_TITLE = "账户与设置"
ADMIN_TAB_USERS = "账户"
ADMIN_TAB_DIRECTORY = "市场监管所、园区与单位"
ADMIN_TAB_AUDIT = "审计日志"
ADMIN_USER_COLUMNS = ("用户名", "姓名", "角色", "状态")
ADMIN_ACTIVE = {True: "启用", False: "已停用"}
ADMIN_USER_CREATE = "创建账户"
ADMIN_USERNAME = "用户名（字母、数字、. _ -）"
ADMIN_DISPLAY_NAME = "姓名或单位名称"
ADMIN_PASSWORD = "初始密码（至少 8 个字符）"
ADMIN_THROTTLE_HEADER = "登录限制"
ADMIN_THROTTLE_INTRO = ("同一来源（网络地址）对同一用户名连续登录失败 5 次后，该来源对该用户名暂停登录，"
                        "每次暂停时长翻倍（1 分钟起，最长 1 小时）；同一来源对任意用户名失败 30 次后整体暂停。"
                        "本人从其他网络登录不受影响。确认是本人时，可在此解除某个用户名的限制。")
ADMIN_THROTTLE_NONE = "当前没有被限制的登录。"
ADMIN_THROTTLE_COLUMNS = ("用户名", "来源", "本时段失败次数", "暂停至（UTC）")
ADMIN_THROTTLE_ANY_NAME = "（任意用户名）"
ADMIN_UNLOCK_NAME = "要解除限制的用户名"
ADMIN_UNLOCK = "解除登录限制"
ADMIN_UNLOCKED = "已解除 {username} 的登录限制（清除 {count} 条记录）。"
ADMIN_ROLE = "角色"
ADMIN_ATTACH_HELP = "审核员须选择市场监管所；申报单位须选择所属单位；园区运营方须选择园区，并可选择园区自身的单位。"
ADMIN_OFFICE = "市场监管所"
ADMIN_ORGANISATION = "所属单位"
ADMIN_PARK = "园区"
ADMIN_USER_CREATED = "已创建账户 {username}。"
ADMIN_USER_STATUS = "停用或启用账户"
ADMIN_DEACTIVATE = "停用"
ADMIN_ACTIVATE = "启用"
ADMIN_USER_ACTIVATED = "已启用账户 {username}。"
ADMIN_USER_DEACTIVATED = "已停用账户 {username}，其登录立即失效。"
ADMIN_OFFICE_CREATE = "**登记市场监管所**"
ADMIN_PARK_CREATE = "**登记园区**"
ADMIN_ORG_CREATE = "**登记单位**"
ADMIN_NAME = "名称"
ADMIN_USCC = "统一社会信用代码（可选）"
ADMIN_CATEGORY = "类别"
ADMIN_CREATE = "登记"
ADMIN_CREATED = "已登记：{name}"
ADMIN_AUDIT_INTRO = "审计日志记录所有查看、下载、提交、复核、调整和入选操作，每条记录含上一条的签名（以系统密钥计算）。校验在后台逐条重算签名链，可离开本页。"
ADMIN_AUDIT_VERIFY = "校验审计日志"
ADMIN_AUDIT_QUEUED = "校验已排队，等待后台进程……"
ADMIN_AUDIT_RUNNING = "后台校验中：已校验 {done} / {total} 条记录"
ADMIN_AUDIT_FINISHED = "上次校验完成于 {at}（UTC）；校验在后台进行，离开本页不影响。"

# ---------------------------------------------------------------- the annual round
PAGE_ROUND = "年度日程与培育"
PAGE_DECISION = "会议决定与授牌"
PAGE_ORG_HISTORY = "单位历年情况"
PAGE_HISTORY = "历年申报"
ELIGIBILITY_TITLE = "申报资格"
ELIGIBILITY_BASIS = "方案“培育建设对象”：{basis}"
ELIGIBILITY_PICK = "请选择"
ELIGIBILITY_NOTE = "“其他”的说明"
ELIGIBILITY_STILL_ASSESS = "按方案，本单位目前不属于该类别的培育建设对象。仍可继续自评，作为对照检查；是否受理由市场监管所审核认定。"
ELIGIBILITY_CONFIRMED = "审核认定：{verdict}（{by}，{at}）{note}"
ELIGIBILITY_CONFIRM_HEADER = "确认申报资格"
ELIGIBILITY_CONFIRM_CHOICE = "审核结论"
ELIGIBILITY_CONFIRM_OPTIONS = {True: "符合申报条件", False: "不符合申报条件"}
ELIGIBILITY_CONFIRM_NOTE = "说明（认定不符合时必填）"
ELIGIBILITY_CONFIRM_SAVE = "记录审核结论"
ELIGIBILITY_CONFIRM_DONE = "已记录申报资格审核结论。"
PHASE_NONE = "当前不在 {year} 年度的任何阶段。"
PHASE_NOW = "{year} 年度当前阶段：{phases}（本阶段剩余 {days} 天，至 {end}）。"
PHASE_NEXT = "下一阶段：{label}，{start} 开始。"
PHASE_DEADLINE_OPEN = "申报截止：{deadline}（还剩 {days} 天）。"
PHASE_DEADLINE_PASSED = "申报已于 {deadline} 截止。"


def phase_text(status) -> str:
    """The phase banner's sentence for a ``rounds.RoundStatus``."""
    if status.current:
        names = "、".join(p.label for p in status.current)
        text = PHASE_NOW.format(year=status.year, phases=names, days=status.days_left, end=status.current[0].end)
    else:
        text = PHASE_NONE.format(year=status.year)
    if status.next_phase is not None:
        text += PHASE_NEXT.format(label=status.next_phase.label, start=status.next_phase.start)
    if status.days_to_deadline >= 0:
        text += PHASE_DEADLINE_OPEN.format(deadline=status.filing_deadline, days=status.days_to_deadline + 1)
    else:
        text += PHASE_DEADLINE_PASSED.format(deadline=status.filing_deadline)
    return text


OPINIONS_HEADER = "推荐意见、验收意见与纸质材料"
OPINION_TEXT = "意见"
OPINION_RESPONSIBLE = "负责人"
OPINION_DATE = "日期"
OPINION_FINAL = "定稿（定稿后不能修改，并向申报单位显示）"
OPINION_SAVE = "保存{kind}"
OPINION_SAVED = "已保存{kind}。"
OPINION_SHOWN = "**{kind}**（{responsible}，{date}{final}）：{text}"
OPINION_DRAFT_MARK = "，草稿"
OPINION_NONE = "尚未填写{kind}。"
PAPER_STATUS = "纸质材料（加盖推荐单位公章）：{status}"
PAPER_RECEIVED = "已于 {date} 收到"
PAPER_NOT_RECEIVED = "尚未收到"
PAPER_DATE = "收到日期"
PAPER_SAVE = "登记收到纸质材料"
PAPER_SAVED = "已登记收到纸质材料。"
APPLICANT_OPINIONS_HEADER = "市场所推荐意见与区局验收意见"
ROUND_TITLE = "年度日程与培育名单"
ROUND_YEAR = "年度"
ROUND_CALENDAR_HEADER = "年度日程"
ROUND_CALENDAR_SOURCE = {True: "区局已设置的日程。", False: "方案默认日程（区局可修改）。"}
ROUND_CALENDAR_COLUMNS = {"label": "阶段", "start": "开始", "end": "结束"}
ROUND_EDIT = "修改阶段日期"
ROUND_PHASE = "阶段"
ROUND_START = "开始日"
ROUND_END = "结束日"
ROUND_SAVE = "保存日程"
ROUND_SAVED = "已保存 {year} 年度日程，申报截止 {deadline}。"
REOPEN_HEADER = "为单个单位重新开放申报"
REOPEN_ORGANISATION = "单位"
REOPEN_UNTIL = "开放至（含）"
REOPEN_REASON = "原因（记入审计日志）"
REOPEN_SAVE = "重新开放"
REOPEN_DONE = "已为 {organisation} 重新开放申报至 {until}。"
REOPEN_COLUMNS = {"organisation": "单位", "until": "开放至", "reason": "原因"}
CULTIVATION_HEADER = "培育和创建单位名单"
CULTIVATION_EMPTY = "本年度名单为空：可导入 Excel 名单，或把去年成功创建的单位列为重点培育对象。"
CULTIVATION_TABLE_COLUMNS = {"organisation": "单位", "category": "类别", "office": "市场监管所", "contact": "联系人",
                             "phone": "联系电话", "status": "状态", "key_target": "重点培育对象",
                             "filed": "已提交申报", "note": "备注"}
CULTIVATION_NOT_FILED = "尚未提交申报的培育单位（{count} 家）：{names}"
CULTIVATION_ALL_FILED = "名单中的单位均已提交申报。"
CULTIVATION_PROPOSE = "把去年成功创建的单位列为重点培育对象"
CULTIVATION_PROPOSED = "已列为重点培育对象：{names}"
CULTIVATION_PROPOSED_NONE = "去年没有成功创建的单位。"
CULTIVATION_EXPORT = "导出名单（Excel）"
CULTIVATION_EXPORT_FILE = "{year}年度培育和创建单位名单.xlsx"
CULTIVATION_IMPORT = "导入名单（Excel，与导出格式相同）"
CULTIVATION_IMPORT_BUTTON = "导入"
CULTIVATION_IMPORTED = "已导入 {count} 个单位。"
YES_NO = {True: "是", False: "否"}
DECISION_TITLE = "局长办公会议决定与授牌"
DECISION_INTRO = "入选名单报局长办公会议审议；会议决定单独记录，授牌以会议通过的名单为准，并向市市场监管局报备。"
DECISION_SHOWN = "**{date} 局长办公会议**：{decision}（记录人：{by}）"
DECISION_NONE = "{year} 年度尚未记录局长办公会议决定。"
DECISION_FORM = "记录局长办公会议决定"
DECISION_DATE = "会议日期"
DECISION_TEXT = "决定内容"
DECISION_LIST = "会议通过的申报（入选名单中）"
MEETING_DECISION_SAVE = "记录决定"
MEETING_DECISION_SAVED = "已记录 {year} 年度局长办公会议决定。"
DECISION_NO_SELECTED = "本年度尚无入选的申报。"
AWARD_COLUMNS = {"organisation": "单位", "category": "类别", "office": "市场监管所", "certificate_no": "证书编号",
                 "awarded_on": "授牌日期"}
AWARD_FORM = "授牌登记"
AWARD_SITE = "单位"
AWARD_NUMBER = "证书编号"
AWARD_DATE = "授牌日期"
AWARD_SAVE = "登记授牌"
AWARD_SAVED = "已为 {organisation} 登记授牌，证书编号 {number}。"
REPORT_HEADER = "向市市场监管局报备"
REPORT_XLSX = "下载报备表（Excel）"
REPORT_DOCX = "下载报备表（Word）"
REPORT_FILE = "{year}年度区级示范授牌情况报备表{suffix}"
HISTORY_TITLE = "历年申报与认定"
HISTORY_PICK = "单位"
HISTORY_EMPTY = "该单位还没有任何申报。"
HISTORY_NONE_VISIBLE = "没有可查看的单位。"
HISTORY_COLUMNS = {"year": "年度", "category": "类别", "status": "状态", "self_total": "自评得分",
                   "final_total": "复核得分", "outcome": "结果", "certificate_no": "证书编号"}
HISTORY_OUTCOME = {"certified": "已授牌", "approved": "局长办公会议通过", "selected": "入选", "none": "—"}
HISTORY_TREND = "各评价指标得分趋势"
HISTORY_INDICATOR = "评价指标"
HISTORY_SELF = "自评"
HISTORY_REVIEWED = "复核"
CARRY_HEADER = "沿用上年度自评"
CARRY_INTRO = "以本单位 {year} 年度的申报为起点开始新的自评：答案、证据库和证据文件一并带入；证据日期不在新评估年度内的条目需先更新证据、重新自评。"
CARRY_ASSESSED_ON = "新的评估日期"
CARRY_BUTTON = "沿用 {year} 年度自评开始新草稿"
CARRY_DONE = "已沿用 {year} 年度自评开始新草稿；{count} 个条目的证据需要更新：{items}"
CARRY_DONE_NONE = "已沿用 {year} 年度自评开始新草稿，证据均在新评估年度内。"
DISTRICT_YEARS_HEADER = "历年认定数量与方案目标"
DISTRICT_YEARS_COLUMNS = ("年度", "区级示范区", "区级示范站", "区级示范点", "市级示范区", "市级示范站（点）")
DISTRICT_CANDIDATES = "市级示范单位候选（上年度区级认定的单位，方案第六部分（四））：{names}"
DISTRICT_CANDIDATES_NONE = "上年度没有区级认定的单位可作为市级候选。"
OPINION_FORM_DOWNLOAD = "下载附件 1 申报表（含已记录的意见）"
OPINION_FORM_FILE = "申报表_{id}.docx"
