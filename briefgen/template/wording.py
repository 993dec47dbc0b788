"""Text filters for sentences made of data: a subject joined to what it did, as officials write it.

A 做法 is written without its subject ("建立帮扶联席会议制度"), and the template puts the city
in front: "长沙市建立……". When the text opens with one of the city's own organs — 市委, 市政府,
市工信局 — the city's name takes their place as officials write it: 娄底市 + 市委书记… →
"娄底市委书记…", 张家界市 + 市工信局… → "张家界市工信局…" (never "娄底市市委"). A text that names
its own subject (长沙高新区…, 株洲市芦淞区…) or already opens with the city's name is left as it is.
"""

from __future__ import annotations

import re

# Organs named after their city: "市委" is the city's party committee, so 娄底市 + 市委 is 娄底市委.
# 市场监管局 or 市民 are not among them: "市" there belongs to another word; nor 市长 or 市直, which
# officials write after the full name (湘潭市市长).
_OWN_ORGANS = (
    "委", "政府", "人民政府", "人大", "政协", "纪委", "监委",
    "工信局", "工业和信息化局", "发改委", "发展改革委", "财政局", "商务局", "科技局", "人社局", "税务局",
    "自然资源局", "生态环境局", "住建局", "交通运输局", "农业农村局", "国资委", "统计局", "金融办", "应急局",
)
_DESIGNATION = re.compile(r"(市|州|县|区|盟|旗)$")


def with_subject(text: str, subject: str) -> str:
    """``subject`` + ``text`` as one sentence: ("市委书记走访企业", "娄底市") → "娄底市委书记走访企业"."""
    text, subject = str(text).strip(), str(subject).strip()
    if not subject or text.startswith(subject):
        return text
    designation = _DESIGNATION.search(subject)
    if designation and text.startswith(designation.group(1)):
        rest = text[len(designation.group(1)) :]
        if rest.startswith(_OWN_ORGANS):
            return subject + rest
    return subject + text
