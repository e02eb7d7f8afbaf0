"""Chinese explanation templates used by the engine, kept apart from the scoring logic."""

STATUS_LABELS = {
    "met": "达标",
    "partial": "部分达标",
    "not_met": "未达标",
    "unanswered": "未作答",
    "missing_evidence": "缺少证据",
    "out_of_period": "证据不在有效期内",
    "capped_by_evidence": "证据不足以支撑自评",
}

UNANSWERED = "未作答，计 0 分（满分 {max} 分）。"
MET = "达标，得 {score} 分（满分 {max} 分）。"
PARTIAL = "部分达标，得 {score} 分（满分 {max} 分）。"
NOT_MET = "未达标，计 0 分（满分 {max} 分）。"
MISSING_EVIDENCE = "自评 {claimed} 分，但未提供任何证据，计 0 分。每个得分条目至少需要一份证据。"
OUT_OF_PERIOD = "自评 {claimed} 分，但没有一份证据在有效期内，计 0 分。"
OUT_OF_PERIOD_YEAR = "自评 {claimed} 分，但没有一份证据的日期在 {start} 至 {end} 之间，计 0 分。"
CAPPED = "自评 {claimed} 分，按有效证据只能认定 {score} 分。"

EVIDENCE_COUNTED = "有效证据 {valid} 份。"
EVIDENCE_AFTER = "证据《{title}》日期 {date} 晚于评估日 {assessed_on}，不计入。"
EVIDENCE_OUTSIDE_YEAR = "证据《{title}》日期 {date} 不在评估年度（{start} 至 {end}）内，不计入。"
EVIDENCE_UNDATED_YEAR = "证据《{title}》未注明日期；本条按年度计算，只计入注明年度内日期的证据。"

CHECK_MET = "自评：达标。"
CHECK_PARTIAL = "自评：部分达标，{score} 分。"
CHECK_NOT_MET = "自评：未达标。"
THRESHOLD = "{label}：上报 {value} {unit}，要求不少于 {minimum} {unit}，{verdict}。"
OCCURRENCES = "{label}：上报 {value} {unit}，要求不少于 {minimum} {unit}；有日期且在年度内的证据 {valid} 份，认定 {counted} {unit}。"
PER_UNIT = "{label}：上报 {count} {unit}，每{unit} {per} 分，最多 {cap} 分；有效证据 {valid} 份，认定 {counted} {unit}。"
TIER = "档次：{label}，对应 {points} 分。"
TIER_NONE = "档次：未达到任何档次。"
COUNT_PART = "{label}：{count}，超过 {baseline} 的部分每个 {per} 分，最多 {cap} 分，得 {points} 分。"
EITHER_OPTION = "类型：{label}。"
EITHER_CONDITION = "{label}：{value}，要求{required}，{verdict}。"
EITHER_MINIMUM = "不少于 {minimum}"
EITHER_WORDING = "“{wording}”（“以上”含本数，即{minimum}）"
OCCURRENCES_PARTS_MISSING = "内容未覆盖：{missing}；内容须全部覆盖才能得分。"
OCCURRENCES_PARTS_UNSTATED = "本条要求内容覆盖：{parts}；请逐项确认（parts）。"
OCCURRENCES_SHORT = "每{unit}须有一份单独的有效证据：认定 {counted} {unit}，不足 {minimum} {unit}。"
CHECKLIST_ALL = "自评：全部要件达标（{parts}）。"
CHECKLIST_SOME = "自评：{total} 项要件中 {met} 项达标，未达标：{missing}。"
CHECKLIST_NONE = "自评：各项要件均未达标。"
CHECKLIST_CONFIRM = "部分达标须经审核确认；全部要件达标才得满分。"
MEASURED = "{label}：上报 {value} {unit}，要求{required}（不少于 {minimum} {unit}），{verdict}。"
MEASURED_TICK = "本条要求{required}；此答案为原格式的勾选，请改填实际数值。"

REACHED = "已达到"
NOT_REACHED = "未达到"

# ---------------------------------------------------------------- reading YAML (scoring/yamlio.py)

YAML_SYNTAX_AT = "YAML 格式错误（第 {line} 行第 {column} 列）：{reason}"
YAML_SYNTAX = "YAML 格式错误：{reason}"
YAML_AT_LINE = "第 {line} 行：{message}"
YAML_BAD_DATE = "日期 {value} 不存在（{detail}），应为 YYYY-MM-DD 格式的真实日期"
# What Python's date constructor says (lower case fragments) in Chinese, first match wins.
DATE_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("month must be in", "月份应在 1 至 12 之间"),
    ("day is out of range", "日期超出了该月的天数"),
    ("year", "年份超出范围"),
)
DATE_PROBLEM_OTHER = "不是有效的日期"
YAML_BAD_SCALAR = "值 {value} 无效（{detail}）"
YAML_BAD_VALUE = "YAML 中有无效的值（{detail}）"
YAML_UNKNOWN_TAG = "不支持的 YAML 标签 {tag}，请只写普通的文字、数字、日期、列表和映射"
YAML_KEY_NOT_TEXT = "映射的键应为文字或数字，不能是列表或映射"
YAML_TAB = "不能用制表符（Tab）缩进，请改用空格"
YAML_UNKNOWN_PROBLEM = "无法解析（{problem}）"
# Fragments of PyYAML / libyaml problem texts (lower case) and what they mean, first match wins.
YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”；检查缩进，或给含冒号的文字加引号"),
    ("could not find expected ':'", "缺少冒号“:”；每个字段应写成“键: 值”"),
    ("did not find expected key", "缩进不一致，或缺少“键:”；同一层的字段应左对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致；同一列表的各项应以对齐的“- ”开头"),
    ("did not find expected node content", "缺少内容；检查此处的缩进或多余的符号"),
    ("expected <block end>", "缩进不一致；同一层的字段应左对齐"),
    ("found character '\\t'", "不能用制表符（Tab）缩进，请改用空格"),
    ("found a tab character", "不能用制表符（Tab）缩进，请改用空格"),
    ("found character that cannot start any token", "此处的字符不能作为开头；以 @、` 或 % 开头的文字请加引号"),
    ("cannot start any token", "此处的字符不能作为开头；以 @、` 或 % 开头的文字请加引号"),
    ("found unexpected end of stream", "文件意外结束；检查是否有未闭合的引号或括号"),
    ("found undefined alias", "引用了未定义的锚点（*名称）"),
    ("found unknown escape character", "双引号文字中有无效的转义符（\\）；改用单引号或写成 \\\\"),
    ("found unexpected ':'", "此处不能出现冒号；给含冒号的文字加引号"),
    ("expected ',' or ']'", "方括号列表未正确闭合，缺少“,”或“]”"),
    ("expected ',' or '}'", "花括号映射未正确闭合，缺少“,”或“}”"),
    ("control characters are not allowed", "文件中有不允许的控制字符"),
    ("special characters are not allowed", "文件中有不允许的特殊字符"),
    ("expected a single document", "文件中有多个 YAML 文档（---），只能有一个"),
    ("but found another document", "文件中有多个 YAML 文档（---），只能有一个"),
)

# Eligibility (section 三 of the plan): scoring/eligibility.py
CATEGORY_LABELS = {"zone": "示范区", "station": "示范站", "point": "示范点"}
ELIGIBILITY_VERDICTS = {True: "符合申报条件", False: "不符合申报条件", None: "尚待确认"}
ELIGIBILITY_UNREADABLE = "无法读取申报资格文件：{error}"
ELIGIBILITY_FIELD_INVALID = "此项缺少或不符合要求（{kind}）"
ELIGIBILITY_NOT_MAPPING = "申报资格（eligibility）应为映射，如 {org_kind: enterprise, industry: medical_devices}"
ELIGIBILITY_NOT_TEXT = "应为选项编号（文本）"
ELIGIBILITY_FIELD_UNKNOWN = "{category}的申报资格没有此项；可填：{fields}、note"
ELIGIBILITY_OPTION_UNKNOWN = "未知的选项 {value!r}，可选：{choices}"
ELIGIBILITY_UNANSWERED = "{question}：尚未选择。"
ELIGIBILITY_MET = "{question}：{answer}，符合方案“培育建设对象”的要求。"
ELIGIBILITY_FAILED = "{question}：{answer}，不符合方案“培育建设对象”的要求。"
ELIGIBILITY_JUDGEMENT = "{question}：{answer}（说明：{note}），方案留有判断余地，由市场监管所审核认定。"
ELIGIBILITY_NO_NOTE = "尚未说明"

# Carrying a self-assessment into the next round: scoring/carry_forward.py
CARRY_STALE = "证据《{title}》日期 {date} 不在新的评估年度内"
CARRY_UNDATED = "证据《{title}》未注明日期"
CARRY_NOTE = "沿用 {year} 年度自评，待更新后重新自评："
CARRY_NOTE_PLAIN = "沿用上年度自评，待更新后重新自评："
