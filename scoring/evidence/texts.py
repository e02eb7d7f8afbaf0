"""Chinese text shown to users by the evidence tools (messages, labels, generated pages), kept apart from logic."""

KIND_LABELS = {
    "id_card": "身份证号",
    "mobile": "手机号",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "landline": "固定电话",
}

# Locations inside a file.
PAGE = "第 {page} 页"
PARAGRAPH = "第 {number} 段"
TABLE_CELL = "表 {table} 第 {row} 行第 {column} 列"
HEADER_FOOTER = "页眉页脚（{part}）"
NOTES = "脚注尾注（{part}）"
LINE = "第 {line} 行"
CELL = "{sheet}!{cell}"
WHOLE_FILE = "整个文件"

# Bad input.
MISSING = "证据文件不存在"
IS_DIRECTORY = "这是一个文件夹，不是证据文件"
UNREADABLE = "证据文件无法读取：{reason}"
NOT_WHAT_EXTENSION_SAYS = "文件内容与扩展名 {suffix} 不符（实际像是 {actual}）"
PDF_ENCRYPTED = "PDF 已加密，需要密码才能打开；请提供未加密的版本"
PDF_BROKEN = "PDF 文件已损坏，无法读取"
OFFICE_BROKEN = "文件已损坏，无法按 {suffix} 格式读取"
TEXT_NOT_DECODABLE = "文本文件既不是 UTF-8 也不是 GB18030 编码"

# Files or pages that cannot be checked.
UNCHECKED_IMAGE = "图片文件无法检查其中的文字，请人工核对是否含有敏感信息"
UNCHECKED_SCANNED_PAGE = "该页没有文字层（可能是扫描件或图片），无法检查，请人工核对"
UNCHECKED_FORMAT = "不支持检查 {suffix} 文件，请另存为 PDF、docx 或 xlsx 后再检查，或人工核对"

ACTUAL_KINDS = {
    "pdf": "PDF",
    "docx": "Word 文档（docx）",
    "xlsx": "Excel 表格（xlsx）",
    "zip": "ZIP 压缩包",
    "image": "图片",
    "text": "文本",
    "ole": "旧版 Office 文件（doc/xls）",
    "unknown": "无法识别的二进制文件",
}

# Redaction.
REDACTION_INCOMPLETE = "自动脱敏后仍能检出 {count} 处敏感信息（{where}），请人工处理该文件"
PDF_REDACTION_FAILED = "第 {page} 页的文字无法自动脱敏（{reason}），请人工处理该文件"
COPY_WOULD_OVERWRITE = "脱敏副本会覆盖原件：请为 --out 另选一个文件夹"

# Bundle.
OUTSTANDING = "{location} 有{kind} {masked}，既未脱敏也未确认保留"
OUTSTANDING_HINT = ("请先运行 evidence redact 生成脱敏副本并在 bundle 时用 --redacted 指定其文件夹，"
                    "或在自评文件 desensitisation.accepted 中确认保留")
NO_LIBREOFFICE = "无法把 {file} 转换为 PDF：未安装 LibreOffice（soffice）；请安装 LibreOffice，或先把该文件另存为 PDF"
CONVERSION_FAILED = "LibreOffice 未能把 {file} 转换为 PDF"
CANNOT_BUNDLE = "无法放入证明材料：不支持 {suffix} 文件，请另存为 PDF"
IMAGE_BROKEN = "图片无法读取"

BUNDLE_TITLE = "证明材料"
COVER_APPLICANT = "申报单位：{name}"
COVER_CATEGORY = "申报类别：商业秘密保护{label}"
COVER_TOTAL = "自评得分：{total} 分（基本项 {base} 分，加分项 {bonus} 分）"
COVER_ASSESSED_ON = "评估日期：{date}"
COVER_FILES = "证明材料 {files} 份，全册共 {pages} 页"
TOC_TITLE = "目    录"
TOC_NO_FILE = "（未附电子文件）"
TOC_SHARED = "（与 {items} 共用）"
TOC_AFTER_ASSESSMENT = "【不计分：日期 {date} 晚于自评基准日】"
TOC_OUTSIDE_YEAR = "【不计分：日期 {date} 不在本年度内】"
BOOKMARK_COVER = "封面"
BOOKMARK_TOC = "目录"
FOOTER = "{name}　　第 {page} 页 / 共 {pages} 页　　{mark}"
CONFIDENTIAL_MARK = "内部资料　注意保密"
