"""Reading the send-once keys (cms/core/submissions.py) out of a page, for the tests of each form."""

import re

KEY = re.compile(r'name="submission" value="([0-9a-f]{32})"')


def keys_in(html: str) -> list[str]:
    return KEY.findall(html)
