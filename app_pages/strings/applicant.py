"""Every piece of text the app shows, in one place (Chinese UI)."""

from __future__ import annotations

APP_TITLE = "商业秘密保护示范创建自评"
APP_SUBTITLE = "松江区商业秘密保护示范区、示范站、示范点"
NAV_SECTION_APPLY = "自评与申报"

# ---------------------------------------------------------------- page titles
PAGE_START = "开始"
PAGE_PROFILE = "单位信息"
PAGE_LIBRARY = "证据库"
PAGE_SELF_ASSESSMENT = "逐项自评"
PAGE_RESULTS = "自评结果"
PAGE_DOCUMENTS = "申报材料"

CATEGORY_HINTS = {
    "point": "企业申报示范点",
    "station": "行业协会、律师事务所、服务联盟等申报示范站",
    "zone": "产业园区、孵化器等申报示范区",
}

# ---------------------------------------------------------------- common
UNEXPECTED_ERROR = "页面出现了意外错误，已填写的内容已保存，不会丢失。请刷新页面重试；如仍有问题，请联系区市场监管局。"
CHANGE_FAILED = "刚才的修改没有成功（页面可能已在另一个窗口中更新）。已重新载入最新内容，请再试一次。"
NO_DRAFT = "还没有打开自评。请先在「开始」页选择申报类别，或载入示例、上传已保存的自评文件。"
GO_START = "前往「开始」页"
DRAFT_LOAD_FAILED = "无法打开网址中的自评草稿：{message}"
SAVED_NOTE = "每次修改都会自动保存。收藏本页网址（含 draft=…），即可随时回来继续填写。"

# ---------------------------------------------------------------- Streamlit's own widget text, in Chinese
CHROME_UPLOAD = "选择文件"
CHROME_UPLOAD_LIMIT = "或把文件拖到这里；每个文件不超过 50MB"
CHROME_SELECT_ALL = "全选"
CHROME_PRESS_ENTER = "按回车键保存"
CHROME_TEXT_AREA = "按 Ctrl+回车 保存"
MOBILE_SCORE = "**{total}** 分 · 已作答 {answered}/{count} · 基本项 {base}/{base_max} · 加分项 {bonus}/{bonus_max}"

DATE_PLACEHOLDER = "YYYY-MM-DD，例如 2026-03-01"
DATE_BAD_FORMAT = "「{text}」不是日期，请按“年-月-日”填写，例如 2026-03-01。"
DATE_BAD_MONTH = "「{text}」的月份 {month} 不存在，月份应在 1 至 12 之间。"
DATE_BAD_DAY = "「{text}」不存在：{year} 年 {month} 月没有 {day} 日。"
DATE_OUT_OF_RANGE = "「{text}」超出可填范围（{low} 至 {high}）。"
DATE_SAVED = "此日期未保存，当前保存的仍是 {value}。"
DATE_NOTHING_SAVED = "此日期未保存。"

# ---------------------------------------------------------------- sidebar
SIDEBAR_CURRENT = "**{name}** · {category}"
SIDEBAR_UNNAMED = "（尚未填写单位名称）"
SIDEBAR_TOTAL = "总分"
SIDEBAR_BASE = "基本项"
SIDEBAR_BONUS = "加分项"
SIDEBAR_ANSWERED = "已作答"
SIDEBAR_OF = "{value} / {max}"
SIDEBAR_CLAIMED = "自评合计 {claimed} 分，其中有证据支撑的 {total} 分。"
SIDEBAR_DOWNLOAD = "下载自评文件"
SIDEBAR_DOWNLOAD_HELP = "YAML 格式的自评文件，包含已填写且有效的全部内容；以后可在「开始」页上传，继续填写。"
SIDEBAR_DOWNLOAD_DISABLED = "填写单位名称后即可下载自评文件。"
SIDEBAR_ARCHIVE = "下载整份草稿（zip）"
SIDEBAR_ARCHIVE_HELP = "自评内容、全部证据文件和脱敏副本打包为一个 zip；在「开始」页上传即可连同文件一起恢复。"
SIDEBAR_ARCHIVE_FILE = "{name}_{category}_草稿.zip"
SIDEBAR_LINK = "本草稿的链接（点右侧按钮复制）："

# ---------------------------------------------------------------- start page
START_TITLE = "商业秘密保护示范创建自评"
START_INTRO = (
    "对照《区级商业秘密保护示范区/站/点验收表》逐项自评：填写单位信息，逐条选择达标情况并登记证明材料，"
    "随时看到得分和失分原因，最后下载附件 1 申报表和填好的验收表。"
)
START_CURRENT = "当前正在填写：**{name}**（{category}），已作答 {answered} / {count} 项。"
START_CONTINUE = "继续填写"
START_NEW_HEADER = "开始新的自评"
START_CATEGORY = "申报类别"
START_NEW_BUTTON = "开始自评"
START_NEW_NOTE = "新的自评（包括载入示例）会另存一份，当前自评不受影响，可在下方「本次打开过的自评」中切换回来。"
START_RECENT_HEADER = "在本浏览器中打开过的自评"
START_RECENT_ITEM = "{name}（{category}）"
START_RECENT_OPEN = "切换到这份"
START_RECENT_NOTE = "此列表保存在本浏览器中（只记录草稿编号）；换一台电脑请使用草稿链接，或下载整份草稿（zip）。"
START_EXAMPLE_HEADER = "先看一个示例"
START_EXAMPLE_INTRO = "载入一份虚构单位的完整自评，看看填写好是什么样子（载入后可以随意修改，不影响示例文件）。"
START_EXAMPLE_BUTTON = "载入{category}示例"
START_RESUME_HEADER = "继续以前的自评"
START_RESUME_INTRO = "上传以前下载的整份草稿（.zip，含证据文件）或自评文件（.yaml），从上次的进度继续。"
START_RESUME_HELP = "整份草稿（zip）会连同证据文件和脱敏副本一起恢复；自评文件（yaml）只恢复作答内容，证据文件需重新上传。"
START_RESUME_UPLOADER = "自评文件"
START_RESUME_BAD = "这个文件无法载入，请按下列提示修改后重新上传（当前的自评没有任何改动）："

# ---------------------------------------------------------------- profile page
PROFILE_TITLE = "单位信息"
PROFILE_INTRO = "这些信息会填入附件 1 申报表。带 * 的为必填项；填写有误时，输入框下方会提示如何修改。"
PROFILE_ASSESSED_ON = "自评基准日"
PROFILE_ASSESSED_ON_HELP = "按年度计算的条目（如“每年”开展的活动）只认定基准日前 12 个月内的证据，日期晚于基准日的证据不认定。"
PROFILE_PERIOD = "证据有效年度：{start} 至 {end}"
PROFILE_FIELDS = {
    "name": "单位名称 *",
    "uscc": "统一社会信用代码",
    "leader": "负责人",
    "address": "联系地址",
    "postcode": "邮政编码",
    "org_type": "单位类型",
    "contact": "联系人",
    "contact_title": "职务/职称",
    "phone": "联系电话",
    "park_enterprises": "入园企业数量（家）",
    "park_output_value": "园区产值",
}
PROFILE_ZONE_LABELS = {"name": "园区名称 *", "org_type": "园区类型"}
PROFILE_PLACEHOLDERS = {
    "uscc": "18 位，如 91310117MA1J3AB2CJ",
    "postcode": "6 位数字，如 201600",
    "phone": "手机号，或带区号的固定电话，如 021-57890000",
    "org_type": {"point": "如：有限责任公司（集成电路设计）", "station": "如：行业协会 / 律师事务所 / 服务联盟",
                 "zone": "如：科技企业孵化器 / 产业园区"},
    "park_output_value": "如：52.6 亿元",
}
PROFILE_NEXT = "下一步：逐项自评"

# ---------------------------------------------------------------- evidence library page
LIBRARY_TITLE = "证据库"
UNTITLED_EVIDENCE = "（未命名材料）"
LIBRARY_INTRO = (
    "一份材料常常能证明多个条目（例如员工保密协议可同时用于入职和离职管理）。在这里登记一次，"
    "然后在「逐项自评」中为相应条目选择它即可。"
)
LIBRARY_EMPTY = "证据库还是空的。"
LIBRARY_ADD_HEADER = "登记一份材料"
LIBRARY_TITLE_FIELD = "材料名称"
LIBRARY_DATE_FIELD = "材料日期"
LIBRARY_DATE_HELP = "文件落款或签署日期。按年度计算的条目只认定自评基准日前 12 个月内的材料。"
LIBRARY_FILE_FIELD = "上传文件（可选）"
LIBRARY_ADD_BUTTON = "加入证据库"
LIBRARY_ADD_NEED_TITLE = "请填写材料名称。"
LIBRARY_ADDED = "已加入证据库：{title}"
LIBRARY_USED_BY = "用于：{items}"
LIBRARY_UNUSED = "尚未被任何条目引用"
LIBRARY_DELETE = "删除这份材料（同时从引用它的条目中移除）"
LIBRARY_DELETED = "已删除《{title}》，并从 {items} 的证据中移除。"
LIBRARY_DELETED_UNUSED = "已删除《{title}》。"
LIBRARY_FILE_MISSING = ":material/attach_file: {name}（文件未保存在本草稿中，需要时请重新上传）"
LIBRARY_DOWNLOAD = "下载文件"
LIBRARY_REPLACE = "替换文件"
LIBRARY_ATTACH = "上传文件"
LIBRARY_REPLACE_HELP = "选择新文件：这份材料的名称、日期和各条目的引用保持不变"
LIBRARY_REPLACED = "已替换文件：{name}（引用这份材料的条目不受影响）"
UPLOAD_REFUSED = "未接收文件《{name}》：{reason}。请上传与扩展名相符的原始文件。"

# ---------------------------------------------------------------- self-assessment page
SA_TITLE = "逐项自评"
SA_INTRO = "按评价指标逐项选择达标情况，并为得分的条目登记证明材料；没有证据的条目不计分。"
SA_INDICATOR = "评价指标"
SA_INDICATOR_COUNT = "已答 {answered}/{count}"
SA_FILTER = "显示"
SA_FILTERS = {"all": "全部", "unanswered": "未作答", "evidence": "缺证据", "lost": "失分"}
SA_FILTER_NONE = "本组没有「{filter}」的条目。"
SA_PARTIAL_NO_SCORE = "部分达标 · 缺少得分"
SA_PARTIAL_NEEDS_SCORE = "已选择“部分达标”，但还没有填写得分：请在下方填写 0.5 至 {top} 分之间的得分（0.5 分一档），填写前本条按 0 分计。"
SA_BONUS_NOTE = "加分项：有则加分，没有不扣分。"
SA_ITEM_HEADER = "**{id}　{title}**　·　{points} 分"
SA_GUIDE = "证据要求与得分指引"
SA_GUIDE_EVIDENCE = "**需要的证明材料**"
SA_GUIDE_HOW = "**如何得分**"
SA_GUIDE_CLAUSES = "**参考《海淀区互联网企业商业秘密保护指南》**：{clauses}"
SA_GUIDE_YEAR = "本条按年度计算：只认定 {start} 至 {end} 之间的证据，每份证据须注明日期。"
SA_CHECK_LABEL = "达标情况"
SA_CHECK_CHOICES = {"met": "达标", "partial": "部分达标", "not_met": "未达标"}
SA_CHECK_HELP = "再次点击已选中的选项可清除作答。"
SA_PARTIAL_SCORE = "部分达标得分（满分 {points} 分，0.5 分一档）"
SA_VALUE_LABEL = "{label}（{unit}）"
SA_THRESHOLD_HELP = "不少于 {minimum} {unit} 得满分 {points} 分。"
SA_EVIDENCE_PART = "证明的要件"
SA_EVIDENCE_PART_PLACEHOLDER = "本证据证明哪一项要件（可不选）"
SA_COVERS_LABEL = "内容须全部覆盖（逐项确认）"
SA_CHECKLIST_LABEL = "逐项要件（全部达标才得满分 {points} 分）"
SA_CHECKLIST_PARTIAL = "部分要件达标：自评得分（满分 {points} 分，0.5 分一档，须经审核确认）"
SA_MEASURED_HELP = "要求{required}（不少于 {minimum} {unit}）得满分 {points} 分。"
SA_OCCURRENCES_HELP = "不少于 {minimum} {unit} 得满分 {points} 分；每{unit}须有一份注明日期的证据。"
SA_PER_UNIT_HELP = "每{unit} {per} 分，最多 {cap} 分；每{unit}须有一份证据。"
NUMBER_NOT_A_NUMBER = "「{text}」不是数字，请只填阿拉伯数字，如 3 或 2.5。"
NUMBER_EXPONENT = "「{text}」是科学计数法，请直接写出数字，如 1000。"
NUMBER_NEGATIVE = "「{text}」是负数，这里只能填 0 或正数。"
NUMBER_NOT_WHOLE = "「{text}」不是整数，这里只能填整数（如 2 或 3）。"
NUMBER_NOT_HALF = "「{text}」不是 0.5 分的整数倍，请填如 1、1.5、2 这样的分数。"
NUMBER_OUT_OF_RANGE = "「{text}」超出范围，应在 {low} 至 {high} 之间。"
NUMBER_NO_TOP = "不限"
NUMBER_SAVED = "此值未保存，当前保存的仍是 {value}。"
NUMBER_NOTHING_SAVED = "此值未保存，本条仍按未作答计。"
SA_TIER_LABEL = "达到的档次"
SA_TIER_OPTION = "{label}（{points} 分）"
SA_TIER_NONE = "未达到任何档次"
SA_TWO_COUNTS_HELP = "超过 {baseline} 的部分每个 {per} 分，最多 {cap} 分。"
SA_EITHER_LABEL = "本单位类型"
SA_SHARE_LABEL = "{label}（%）"
SA_CONDITION_HELP = "要求不少于 {minimum}。"
SA_EVIDENCE = "证明材料"
SA_LIBRARY_PICK_PLACEHOLDER = "选择证据库中的材料（可多选）"
SA_LIBRARY_PICK = "从证据库选择"
SA_LIBRARY_PICK_HELP = "一份材料可以同时用于多个条目。在「证据库」页登记新材料。"
SA_EVIDENCE_TITLE = "材料名称"
SA_EVIDENCE_TITLE_PLACEHOLDER = "材料名称，如：关于成立商业秘密保护工作领导小组的通知"
SA_EVIDENCE_TITLE_REFUSED = "材料名称不能为空，已恢复为原来的名称。若要去掉这份材料，请点右侧的删除按钮。"
SA_EVIDENCE_TITLE_MISSING = "请填写材料名称：没有名称的材料不算作证据。"
SA_EVIDENCE_DATE = "日期"
SA_EVIDENCE_DATE_HELP = "材料的落款或签署日期。按年度计算的条目只认定自评基准日前 12 个月内的材料。"
SA_EVIDENCE_FILE_MISSING = ":material/attach_file: {name}（文件未保存在本草稿中）"
SA_EVIDENCE_FILE = ":material/attach_file: {name}"
SA_EVIDENCE_REMOVE = "移除这份材料"
SA_EVIDENCE_ADD = "＋ 添加一份材料"
SA_EVIDENCE_UPLOAD = "上传文件"
SA_EVIDENCE_UPLOAD_CLOSE = "收起上传"
SA_EVIDENCE_UPLOADER = "上传证明文件（上传后自动添加为一份材料，请再补上名称和日期）"
SA_NOTE = "备注（可选）"
SA_NOTE_PLACEHOLDER = "如：经费尚未单列预算，计划明年落实"
SA_PREV = "← 上一组"
SA_NEXT = "下一组 →"
SA_TO_RESULTS = "查看自评结果 →"

STATUS_COLORS = {
    "met": "green", "partial": "blue", "not_met": "gray", "unanswered": "gray",
    "missing_evidence": "red", "out_of_period": "red", "capped_by_evidence": "orange",
}
SA_BADGE = ":{color}-badge[{label}]"
SA_SCORE_BADGE = ":{color}-badge[{label} · {score}/{max} 分]"

# ---------------------------------------------------------------- results page
RESULTS_TITLE = "自评结果"
RESULTS_UNANSWERED = "还有 {count} 个条目未作答，按 0 分计算。"
RESULTS_TOTAL = "总分"
RESULTS_BASE = "基本项"
RESULTS_BONUS = "加分项"
RESULTS_CLAIMED = "自评得分"
RESULTS_EVIDENCED = "证据认定得分"
RESULTS_CLAIMED_HELP = "按您选择的达标情况计算，不核对证据。"
RESULTS_EVIDENCED_HELP = "核对证据后认定的得分：没有证据或证据不在有效期内的条目不计分。"
RESULTS_GAP_NOTE = "有 {items} 个条目的证据不足，补齐证据可再得 {points} 分。"
RESULTS_ALL_EVIDENCED = "所有自评得分都有有效证据支撑。"
RESULTS_CHART_HEADER = "各评价指标得分"
RESULTS_VIEW = "显示方式"
RESULTS_VIEWS = {"table": "明细表", "bars": "柱状图", "radar": "得分率雷达图"}
RESULTS_RADAR_TOO_FEW = "评价指标少于 3 项，无法画雷达图。"
RESULTS_GO_ITEM = "去修改"
RESULTS_GO_ANSWER = "去作答"
RESULTS_GAP_HOW_HEADER = "如何得分、需要的材料"
RESULTS_UNANSWERED_HEADER = "未作答的条目（{count} 项，共 {points} 分）"
RESULTS_UNANSWERED_LINE = "**{indicator}**：{items}"
RESULTS_RADAR_NOTE = "雷达图显示各项基本指标的得分率（认定得分 ÷ 满分）。"
RESULTS_LOST_HEADER = "失分条目与改进建议"
RESULTS_LOST_INTRO = "按可挽回的分数从多到少排列。"
RESULTS_LOST_BASE = "已作答的基本项（共可再得 {points} 分）"
RESULTS_LOST_BONUS = "已作答的加分项（共可再得 {points} 分）"
RESULTS_LOST_NONE = "没有失分条目。"
RESULTS_GAP_TITLE = "**{id}　{title}**　·　可再得 **{points}** 分"
RESULTS_GAP_REASON = "**失分原因**：{text}"
RESULTS_GAP_HOW = "**如何得分**：{text}"
RESULTS_GAP_EVIDENCE = "需要的证明材料：{items}"
RESULTS_GAP_CLAUSES = "参考《海淀区互联网企业商业秘密保护指南》：{clauses}"

# ---------------------------------------------------------------- documents page
DOCS_TITLE = "申报材料"
DOCS_INTRO = "下载附件 1 申报表和填好的验收表（Word 格式），打印后盖章报送。下载前请核对「商业秘密保护工作开展情况」。"
DOCS_NEED_NAME = "请先在「单位信息」页填写单位名称，才能生成申报材料。"
DOCS_SUMMARY_HEADER = "商业秘密保护工作开展情况"
DOCS_SUMMARY_INTRO = "已根据自评结果自动起草，可直接修改；修改会自动保存并写入申报表。"
DOCS_SUMMARY_LABEL = "开展情况（写入申报表）"
DOCS_SUMMARY_GUIDE = "约 {one} 字以内，申报表保持 1 页；约 {two} 字以内为 2 页。按 Ctrl+回车 或点「保存」即保存。"
DOCS_SUMMARY_COUNT = "当前 {count} 字（建议 {one} 字以内，最多约 {two} 字）"
DOCS_SUMMARY_SAVE = "保存"
DOCS_SUMMARY_SAVE_HELP = "保存开展情况的文字（离开输入框或按 Ctrl+回车 也会保存）"
DOCS_SUMMARY_TOO_LONG = "开展情况已有 {count} 字，超过约 {two} 字后申报表会超过 2 页，请精简。"
DOCS_SUMMARY_EDITED = "已使用您修改后的文字。"
DOCS_SUMMARY_RESET = "恢复为自动起草的文字"
DOCS_DOWNLOAD_HEADER = "下载"
DOCS_FORM = "附件 1 申报表（Word）"
DOCS_TABLE = "验收表（Word，含自评得分）"
DOCS_ANSWERS = "自评文件（YAML，可上传继续填写）"
DOCS_FORM_FILE = "{name}-{category}申报表.docx"
DOCS_TABLE_FILE = "{name}-{category}验收表.docx"
ANSWERS_FILE = "{name}-{category}自评.yaml"
ANSWERS_FILE_UNNAMED = "{category}自评.yaml"
DOCS_FAILED = "生成文件时出错：{message}"
DOCS_INCOMPLETE = "还有 {count} 个条目未作答；未作答的条目在验收表中按 0 分填写。"

# ---------------------------------------------------------------- desensitisation and bundle
# beside each item (逐项自评)
EV_STATUS_LABELS = {"outstanding": "待处理", "accepted": "已确认保留", "redacted": "已脱敏"}
EV_STATUS_COLORS = {"outstanding": "red", "accepted": "blue", "redacted": "green"}
EV_FINDING = "{kind} `{masked}`（{location}）　:{color}-badge[{status}]"
EV_FINDINGS = "发现 {count} 处敏感信息，请在「申报材料」页脱敏或确认保留："
EV_FINDINGS_HANDLED = "发现 {count} 处敏感信息，均已脱敏或确认保留："
EV_UNCHECKED = "无法自动检查（{location}）：{reason}"
EV_UNREADABLE = "这个文件无法检查：{message}"
EV_CLEAN = ":material/verified_user: 未发现身份证号、手机号等敏感信息"
EV_CHECK_FAILED = "检查这个文件时出现了意外错误，请在「申报材料」页重试，或人工核对是否含有敏感信息。"
EV_REF_FILE = "证据库材料 {name}："

# 申报材料 page
DOCS_BLANK_FIELDS = "申报表中以下栏目将留空，请先在「单位信息」页补全或改正："
DOCS_FIELD_EMPTY = "{label}：未填写"
DOCS_FIELD_INVALID = "{label}：填写的内容格式不正确，不会印入申报表"
DOCS_FIX_FIELDS = "前往「单位信息」修改"
DESENS_HEADER = "证明材料脱敏与汇编"
DESENS_INTRO = (
    "证明材料中的身份证号、手机号、银行卡号、电子邮箱和固定电话须先处理：生成脱敏副本（原件不改动），"
    "或确认保留（例如单位对外公开的办公电话）。全部处理后即可下载汇编成册的证明材料 PDF（含封面、目录、书签和页脚）。"
)
DESENS_FILES_UNUSED = "已上传 {count} 份文件，但得分条目还没有引用它们（或引用它们的条目尚未作答）：在「逐项自评」中为条目选择这些材料后，会在这里检查。"
DESENS_NO_FILES = "还没有上传任何证明文件。在「逐项自评」或「证据库」页上传后，会在这里检查。"
DESENS_FILES = "证明文件"
DESENS_FOUND = "敏感信息"
DESENS_OUTSTANDING = "待处理"
DESENS_FILE_HEADER = "**{name}**　·　用于 {items}"
DESENS_FILE_CLEAN = "未发现敏感信息。"
DESENS_SELECT = "勾选"
DESENS_SELECT_HELP = "勾选后点击下方「确认保留」，这处信息将不脱敏、原样放入证明材料。"
DESENS_WITHDRAW = "撤销确认"
DESENS_WITHDRAW_HELP = "撤销后这处信息重新变为待处理。"
DESENS_WITHDRAWN = "已撤销确认：{kind} {masked}"
DESENS_CONFIRM = "我确认勾选的敏感信息无需脱敏，可以原样提交（记入自评文件）"
DESENS_ACCEPT = "确认保留勾选的 {count} 处"
DESENS_ACCEPT_NONE = "确认保留勾选的信息"
DESENS_ACCEPT_NEED_CONFIRM = "请先勾选上方的确认说明。"
DESENS_ACCEPTED = "已确认保留 {count} 处敏感信息，已记入自评文件。"
DESENS_REDACT = "为有待处理信息的文件生成脱敏副本"
DESENS_REDACT_HELP = "把待处理的号码替换为打码形式，另存为副本；上传的原件不会被修改。已确认保留的信息不打码。"
DESENS_REDACTED = "已生成 {count} 个脱敏副本。"
DESENS_REDACTED_NONE = "没有需要脱敏的文件。"
DESENS_PROBLEM = "{file}：{message}"
DESENS_COPY_DOWNLOAD = "下载脱敏副本"
DESENS_COPY_FILE = "{stem}（脱敏）{suffix}"
DESENS_NO_OFFICE = "服务器未安装 LibreOffice，Word、Excel 证明材料无法汇编进 PDF；请把这些文件另存为 PDF 后重新上传，或联系管理员安装。"
DESENS_BUNDLE_HEADER = "证明材料汇编（PDF）"
DESENS_BUNDLE_BUILD = "生成证明材料 PDF"
DESENS_BUNDLE_BUILD_HELP = "按条目顺序汇编全部证明文件，有脱敏副本的使用副本；Word、Excel 文件转换可能需要一分钟。"
DESENS_BUNDLE_DOWNLOAD = "下载证明材料（PDF）"
DESENS_BUNDLE_FILE = "{name}-证明材料.pdf"
DESENS_BUNDLE_BLOCKED = "还有 {count} 处敏感信息既未脱敏也未确认保留，暂不能生成证明材料。请先生成脱敏副本，或勾选后确认保留。"
DESENS_BUNDLE_UNREADABLE = "有 {count} 个证明文件无法读取（见上方说明），请重新上传或移除后再生成证明材料。"
DESENS_BUNDLE_READY = "已生成：共 {pages} 页，证明材料 {files} 份。"
DESENS_BUNDLE_UNCHECKED = "提示：{file}（{location}）无法自动检查，请人工核对是否含有敏感信息。"
DESENS_BUNDLE_REFUSED = "无法生成证明材料："
