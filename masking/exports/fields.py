"""Which strings of a Slack export are masked, and how: as data, by key path.

Two kinds of field:
- free text (a message's `text`, thread replies and edits, attachment and file titles and names,
  rich-text pieces, channel topics): run through the masking pipeline like a live message;
- profile fields (`users.json`, a message's `user_profile`): the whole value is one known kind
  (a display name is a name, `email` an e-mail) and is replaced whole when the policy masks it.
Everything else (ids, timestamps, channel names, types, URLs of Slack's own files) is kept.
"""
from __future__ import annotations

from masking.exports.json_strings import ARRAY_ITEM

# Keys whose string value is free text wherever it appears (messages, replies, `message_changed`
# edits with `message`/`previous_message`, attachments, blocks).
FREE_TEXT_KEYS = frozenset({
    "text", "title", "fallback", "pretext", "footer", "author_name", "alt_text", "preview",
    "plain_text", "initial_comment", "status_text",
})
# Key-path endings whose value is free text only there.
FREE_TEXT_ENDINGS = (
    ("files", ARRAY_ITEM, "name"),
    ("topic", "value"),
    ("purpose", "value"),
)
# Keys that are free text anywhere inside `blocks`: a rich-text link's target holds `mailto:` addresses.
BLOCK_TEXT_KEYS = frozenset({"url"})
# Profile field -> the kind its whole value is.
PROFILE_FIELDS = {
    "real_name": "FIRSTNAME", "real_name_normalized": "FIRSTNAME",
    "display_name": "FIRSTNAME", "display_name_normalized": "FIRSTNAME",
    "first_name": "FIRSTNAME", "last_name": "LASTNAME", "name": "USERNAME",
    "email": "EMAIL", "phone": "PHONENUMBER", "title": "JOBTITLE", "skype": "USERNAME",
}
PROFILE_OBJECTS = ("profile", "user_profile")
USER_LISTS = ("users.json", "org_users.json")  # one user object per top-level item

TEXT = "text"  # the rule for free text; a profile rule is the label itself


def rule_for(member: str, path: tuple[str, ...]) -> str | None:
    """TEXT, a label for a whole-value profile field, or None to keep the value."""
    if not path:
        return None
    key = path[-1]
    in_profile = len(path) >= 2 and path[-2] in PROFILE_OBJECTS
    top_level_user = member.rsplit("/", 1)[-1] in USER_LISTS and len(path) == 2
    if (in_profile or top_level_user) and key in PROFILE_FIELDS:
        return PROFILE_FIELDS[key]
    if key in FREE_TEXT_KEYS:
        return TEXT
    if key in BLOCK_TEXT_KEYS and "blocks" in path:
        return TEXT
    if any(path[-len(ending):] == ending for ending in FREE_TEXT_ENDINGS):
        return TEXT
    return None
