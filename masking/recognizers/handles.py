"""Logins and handles people type as plain words, and e-mail addresses written to dodge bots.

- a chat nick that opens a message to address someone (`mikdusan: that comes from…`,
  `ifreund, why…`), or follows a thanks (`thanks, mhwood`, `+1 robint`);
- an `@handle` typed as text (Slack's own mentions are `<@U…>` markup and stay as they are);
- the login in a home folder (`/home/jdoe/`, `/Users/haze/`, `C:\\Users\\kim\\`) or a shell
  prompt (`bryan@casper21:~$`, `[jdoe@box src]$`);
- an address spelt out (`edd at debian.org`, `jane [at] example.org`, `ei (a) ki.or.jp`), as mail
  archives print them.

A nick must not be an everyday word, a term of the trade or shorthand (`Note:`, `Update,`, `lgtm:`).
"""
from __future__ import annotations

import re
from typing import Iterable

from masking.name_prior import is_common, is_known_name, is_word
from masking.recognizers.contact import personal_owner
from masking.slack_markup import code_block_ranges
from masking.spans import Span
from masking.terms import terms

_NICK = r"[A-Za-z_\[\]\\^{}|`][\w\-\[\]\\^{}|`]{1,31}"
_ADDRESSED = re.compile(rf"(?:^|\n)(?P<nick>{_NICK})[:,](?=[ \t]+[^\s\d\"'`\[{{(<-]|[ \t]*$)(?!//)")
_THANKED = re.compile(rf"(?<!\w)(?i:thanks|thx|ty|thank you|agree|sorry|\+1|congrats|welcome back|damn you"
                      rf"|hey|hi|hello|heya|hiya|ping|cc),?\s+(?P<nick>{_NICK})(?=[\s!.,:;)]|$)")
_AT_HANDLE = re.compile(r"(?<![\w.@&;<`])@(?P<nick>[A-Za-z][\w.-]{0,38}[A-Za-z0-9_])(?![\w(@/]|\.\w)")  # not @scope/pkg
_RESERVED = frozenset("all here channel everyone team param return returns throws see since deprecated override "
                      "property staticmethod classmethod dataclass pytest mock patch fixture import media "
                      "keyframes font-face tailwind apply layer".split())
_EXCEPTION_ENDINGS = ("Error", "Exception", "Warning", "Exit", "Interrupt", "Iteration", "Fault")
_KEYS = frozenset("dob ssn tin pan nino dni nie mrn reg pw pwd re fw fwd ps cc bcc eta tldr imo afaik todo fixme "
                  "nb tel fax ext ref dm pm btw fyi psa wip tbd asap rfc adr okr kpi mailto http https ftp ssh sms".split())
_HOME = re.compile(r"(?:(?<![\w.])/home/|(?<![\w.])/Users/|/u/home/|[A-Za-z]:\\Users\\)"
                   r"(?P<user>[A-Za-z_][\w.-]{0,31})(?=[/\\\s`'\"]|$)"
                   r"|(?<=\w)/~(?P<web>[a-z_][\w.-]{0,31})/")  # a web server's home folder: …/~martyn/software/
# Cluster file systems keep a folder per login under work and scratch: /glade/work/<login>/…
_WORK_FOLDER = re.compile(r"/(?:work2?|scratch|users|people|homes)/(?:\d+/)?(?P<user>[a-z][a-z0-9_.-]{2,15})(?=/)")
# A login a program prints: sudo's and sshd's prompts and log lines ("[sudo] password for john:").
_PROGRAM_LOGIN = re.compile(r"(?i)(?:password for|publickey for|invalid user|session opened for user)\s+(?P<user>[a-z_][\w.-]{0,31})\b")
_PROMPT = re.compile(r"(?<![\w.@-])(?P<user>[a-z_][\w-]{1,31})(?:@[\w-]+:(?:~|/(?!/))| at [\w-]+:~)")
_BRACKET_PROMPT = re.compile(r"\[(?P<user>[a-z_][\w-]{1,31})@[\w.-]+ [^\]\n]{1,80}\][$#]")  # [jdoe@box src]$
_SPELT_EMAIL = re.compile(
    r"(?<![\w.+-])(?=[\w.+-]*[A-Za-z])[A-Za-z0-9][\w.+-]{0,63}\s(?:at|<at>|\[at\]|\(at\)|\(a\)|AT)\s"
    r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,12}(?![\w@-]|\.\w)"
)
# Service and shared accounts name no one.
_SHARED_HOMES = frozenset({"root", "admin", "ubuntu", "user", "shared", "runner", "travis", "circleci", "vagrant",
                           "ec2-user", "centos", "debian", "pi", "docker", "node", "app", "www-data", "opt", "deploy",
                           "git", "jenkins", "postgres", "mysql", "nobody", "daemon", "backup", "ansible", "nginx",
                           "apache", "oracle", "test", "guest", "build", "ci", "service", "svc", "bin", "sys"})


def _nick_like(nick: str) -> bool:
    bare = nick.strip("_-[]\\^{}|`")
    if len(bare) < 2 or nick.isupper() or "." in nick or nick.endswith(_EXCEPTION_ENDINGS):
        return False
    lowered = bare.lower()
    if "-" in lowered and lowered.split("-")[0] in terms("tech_words"):
        return False  # a command named after its tool: `llvm-strip-6`, `git-lfs`
    if lowered in terms("tech_words") or lowered in terms("shorthand") or lowered in _RESERVED \
            or lowered in terms("field_words") or lowered in _KEYS or _field_name(lowered):
        return False
    return not is_word(bare) or (is_known_name(bare) and bare[0].isupper() and not is_common(bare, 4.5))


def _field_name(word: str) -> bool:
    """`first_name`, `date_of_birth`, `user_id`: every longer part an everyday word (`ed_t` is a nick)."""
    parts = [p for p in word.split("_") if len(p) >= 3]
    return "_" in word.strip("_") and bool(parts) and all(is_common(p) for p in parts)


class HandleRecognizer:
    name = "handle"
    label = "USERNAME"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        # Log lines in a code block start with a program's name (`update-binfmts: warning`): no one is addressed there.
        code = code_block_ranges(text)
        for pattern in (_ADDRESSED, _THANKED):
            for match in pattern.finditer(text):
                start, end = match.span("nick")
                if _nick_like(match.group("nick")) and not any(lo <= start < hi for lo, hi in code):
                    yield Span(start, end, self.label, 0.7, self.name)
        if "@" in text:
            for match in _AT_HANDLE.finditer(text):
                nick = match.group("nick")
                builtin = nick[0].islower() and any(c.isupper() for c in nick)  # `@bitCast`, `@compileError`
                in_link = text[match.start() - 1:match.start()] == "/"  # youtube.com/@channel: a person's, or not
                if nick.lower() not in _RESERVED and nick.lower() not in terms("tech_words") and not builtin \
                        and not (nick.islower() and is_common(nick, 3.0)) and (not in_link or personal_owner(nick)):
                    yield Span(match.start(), match.end(), self.label, 0.8, self.name)
        for pattern in (_HOME, _PROMPT, _BRACKET_PROMPT, _WORK_FOLDER, _PROGRAM_LOGIN):
            for match in pattern.finditer(text):
                group = "web" if pattern is _HOME and match.group("web") else "user"
                user = match.group(group)
                if user.lower() not in _SHARED_HOMES and (pattern is not _WORK_FOLDER or _nick_like(user)):
                    yield Span(*match.span(group), self.label, 0.8, self.name)
        if " at " in lowered or "<at>" in lowered or "[at]" in lowered or "(at)" in lowered or " (a) " in lowered:
            pos = 0
            while (match := _SPELT_EMAIL.search(text, pos)) is not None:
                local = match.group().split()[0]
                if local.isalpha() and local.islower() and is_common(local, 4.0) and not is_known_name(local.title()):
                    # "available at tufte.googlecode.com" is a word before a host; in "resume at
                    # mae.coughlin at solutionset.com" the address starts after it: look again there
                    pos = match.start() + len(local) + 1
                    continue
                yield Span(match.start(), match.end(), "EMAIL", 0.85, self.name)
                pos = match.end()


HANDLES = HandleRecognizer()
RECOGNIZERS = (HANDLES,)
