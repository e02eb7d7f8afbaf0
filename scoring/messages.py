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
EITHER_CONDITION = "{label}：{value}，要求不少于 {minimum}，{verdict}。"

REACHED = "已达到"
NOT_REACHED = "未达到"

# Eligibility (section 三 of the plan): scoring/eligibility.py
CATEGORY_LABELS = {"zone": "示范区", "station": "示范站", "point": "示范点"}
ELIGIBILITY_VERDICTS = {True: "符合申报条件", False: "不符合申报条件", None: "尚待确认"}
ELIGIBILITY_UNREADABLE = "无法读取申报资格文件：{error}"
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
