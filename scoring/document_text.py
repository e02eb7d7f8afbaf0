"""Chinese text of the generated documents (labels, summary phrases, error messages), kept apart from the logic."""

NAME_LABELS = {"zone": "园区名称", "station": "单位名称", "point": "企业名称"}
CATEGORY_MARKS = {
    "station": "☑ 示范站　　☐ 示范点",
    "point": "☐ 示范站　　☑ 示范点",
}
CLAIMED_TOTAL_LINE = "自评总得分：{total}（基本项 {base} 分，加分项 {bonus} 分）"
CHECKED_TOTAL_LINE = "证据核验后得分：{total}（基本项 {base} 分，加分项 {bonus} 分；得分栏括号内为证据核验后的得分）"
REVIEWER_TOTAL_LINE = "评审总得分：{total}（基本项 {base} 分，加分项 {bonus} 分）"
CHECKED_REMARK = "（证据核验：{score}）"
CRITERION_CELL = "{id}　{criterion}"
POINTS_CELL = "{points}分"

# 商业秘密保护工作开展情况, drafted from the self-assessment.
SUMMARY_INTRO = ("{name}对照《{table}》逐项自查，自评 {claimed} 分；按所附证据核验，基本项 {base} 分（满分 {base_max} 分），"
                 "加分项 {bonus} 分，合计 {total} 分。已开展的主要工作如下：")
SUMMARY_INDICATOR = "{numeral}、{indicator}：{measures}"
SUMMARY_MET = "已落实{titles}"
SUMMARY_PARTIAL = "部分落实{titles}"
SUMMARY_JOIN_MEASURES = "；"
SUMMARY_EVIDENCE = "相关材料：{titles}{more}。"
SUMMARY_EVIDENCE_MORE = "等 {count} 份"
SUMMARY_NOTHING = "目前尚无经证据支撑的已落实措施，相关工作正在推进中。"
SUMMARY_TITLE_QUOTE = "“{title}”"
SUMMARY_EVIDENCE_QUOTE = "《{title}》"

# Errors.
TEMPLATE_MISSING = "找不到文书模板 {path}；请运行 python forms/build_templates.py 生成模板。"
TEMPLATE_UNREADABLE = "文书模板 {path} 无法打开（不是有效的 Word 文档）：{error}"
TEMPLATE_SYNTAX = "文书模板 {path} 有语法错误（第 {line} 行）：{error}"
TEMPLATE_UNDEFINED = "文书模板 {path} 引用了未提供的字段：{error}"
TEMPLATE_FORBIDDEN = "文书模板 {path} 试图访问不允许的内容，已拒绝生成：{error}"
TEMPLATE_FAILED = "文书模板 {path} 渲染失败：{error}"
CATEGORY_MISMATCH = "评分结果的类别（{result}）与{what}的类别（{other}）不一致。"
SCORE_UNKNOWN_ITEM = "得分中的条目编号 {item_id} 不在《{table}》中。"
SCORE_MISSING_ITEM = "评分结果缺少条目 {item_id} 的得分。"
SCORE_INVALID = "条目 {item_id} 的得分 {value!r} 无效：应为 0 到 {max} 之间、0.5 的整数倍。"
