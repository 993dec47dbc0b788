"""The names of 一键排版's roles and fixes, as its messages, its --show and its options spell them."""

# Each role with its name in messages and in --show (and in an overrides file).
ROLE_NAMES = {
    "copy_number": "份号", "secrecy": "密级", "urgency": "紧急程度", "issuer_mark": "发文机关标志",
    "doc_number": "发文字号", "title": "标题", "main_recipient": "主送机关",
    "heading1": "一级标题", "heading2": "二级标题", "heading3": "三级标题", "heading4": "四级标题",
    "body": "正文", "table": "表格", "attachment_note": "附件说明", "signature": "署名", "date": "成文日期",
    "note": "附注", "attachment_label": "附件标识", "attachment_title": "附件标题", "cc": "抄送", "printer": "印发机关和日期",
}
ROLES_BY_NAME = {name: role for role, name in ROLE_NAMES.items()}
# Fix kinds: id → what the report calls it. ``--no-fix ID`` turns one off.
FIX_KINDS = {
    "emphasis": "删除 Markdown 加粗符号",
    "spaces": "删除汉字之间、汉字与数字之间的空格",
    "punctuation": "汉字间的半角标点改为全角",
    "range": "数字范围的连接号",
    "ellipsis": "省略号写作“……”",
    "digits": "全角数字改为半角",
    "date": "日期的写法",
    "usage": "用词（其它→其他，、等→等）",
    "doc_number": "发文字号用六角括号〔〕",
    "colon": "主送机关后用全角冒号",
    "numbering": "层次序号",
    "join": "合并被断开的段落（从 PDF 或网页复制时断在行尾）",
}
