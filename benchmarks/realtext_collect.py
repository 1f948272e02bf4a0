"""Sample real public messages from fetched archives into the unlabelled form the labels index.

    python benchmarks/realtext_collect.py SOURCE GIT_DIR [GIT_DIR …] [--n N] > data/realtext/SOURCE.texts.jsonl
    python benchmarks/realtext_collect.py zig_irc GIT_DIR --members-out data/realtext/zig_irc.members.txt

Each source is a git mirror of a public archive (see `data/realtext/README.md` for the
repository, commit and licence). Messages are drawn with a fixed seed so the sample can be
rebuilt from the same commit; each line is `{"id", "text"}` in Slack's wire form (`&lt;` for
`<`, links as `<url|label>`, code in fences, mentions as `<@U…>`), the way a bot would receive
the same message from Slack.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import random
import re
import subprocess
import sys
from html.parser import HTMLParser

SEED = 20261207


def git_show(repo: str, path: str) -> bytes:
    """The file's bytes, or b"" where the snapshot lists a blob it does not hold."""
    return subprocess.run(["git", "-C", repo, "show", f"HEAD:{path}"], capture_output=True).stdout


def git_files(repo: str, prefix: str) -> list[str]:
    out = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", "HEAD", prefix],
                         capture_output=True, check=True, text=True).stdout
    return sorted(out.split())


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- IRC: #zig on libera (TIMESTAMP\nUSER\nMESSAGE\n\n) -------------------------------------
def zig_irc(repo: str, speakers: set[str] | None = None) -> list[str]:
    messages = []
    for path in git_files(repo, "."):
        if not re.fullmatch(r"20\d\d/\d\d-\d\d\.txt", path):
            continue
        lines = git_show(repo, path).decode("utf-8", "replace").split("\n")
        for i in range(0, len(lines) - 2, 4):
            text = lines[i + 2].strip()
            if text:
                messages.append(slack_escape(text))
                if speakers is not None:
                    speakers.add(lines[i + 1].strip())
    return messages


# --- IRC: #duraspace on freenode (LogBot HTML) ------------------------------------------------
_LOGBOT_LINE = re.compile(r'<span class="irc-black">&lt;([^&]+)&gt; (.*?)</span><br />')


def duraspace_irc(repo: str, speakers: set[str] | None = None) -> list[str]:
    messages = []
    for path in git_files(repo, "html-logs"):
        page = git_show(repo, path).decode("iso-8859-1")
        for match in _LOGBOT_LINE.finditer(page):
            text = html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip()
            if text:
                messages.append(slack_escape(text))
                if speakers is not None:
                    speakers.add(html.unescape(match.group(1)).strip())
    return messages


# --- Zulip: NCAR's public archive (zulip-archive HTML) -----------------------------------------
class _ZulipMessage(HTMLParser):
    """One message's HTML as Slack would carry it: links as `<url|label>`, code fenced,
    mentions as user ids, emoji as shortcodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.link: str | None = None
        self.label: list[str] = []
        self.skip = 0
        self.in_pre = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        cls = attrs.get("class") or ""
        if self.skip:
            self.skip += tag not in ("br", "img")
            return
        if "user-mention" in cls or "user-group-mention" in cls:
            user = attrs.get("data-user-id") or ""
            self.out.append(f"<@U{int(user):07d}>" if user.isdigit() else "<!channel>")
            self.skip = 1
        elif "emoji" in cls and attrs.get("title"):
            self.out.append(f":{attrs['title'].replace(' ', '_')}:")
            self.skip = 1
        elif tag == "a" and not self.in_pre:
            self.link, self.label = attrs.get("href") or "", []
        elif tag == "pre":
            self.in_pre = True
            self.out.append("```")
        elif tag in ("br",):
            self.out.append("\n")
        elif tag in ("p", "li", "blockquote", "div") and self.out and not self.in_pre:
            self.out.append("\n")
        elif tag == "code" and not self.in_pre:
            self.out.append("`")

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
            return
        if tag == "a" and self.link is not None:
            label = "".join(self.label)
            target = slack_escape(self.link)
            self.out.append(f"<{target}>" if label in (self.link, "") else f"<{target}|{slack_escape(label)}>")
            self.link = None
        elif tag == "pre":
            self.in_pre = False
            self.out.append("```")
        elif tag == "code" and not self.in_pre:
            self.out.append("`")

    def handle_data(self, data):
        if self.skip:
            return
        if self.link is not None:
            self.label.append(data)
        else:
            self.out.append(slack_escape(data))

    def text(self) -> str:
        return re.sub(r"\n{3,}", "\n\n", "".join(self.out)).strip()


_ZULIP_BODY = re.compile(r"</h4>\s*(.*?)\s*(?=<a name=|<hr>)", re.S)


_ZULIP_SENDER = re.compile(r'alt="view this post on Zulip"[^>]*></a>\s*([^<]+?)\s*<a')


def ncar_zulip(repo: str, speakers: set[str] | None = None) -> list[str]:
    messages = []
    for path in git_files(repo, "stream"):
        if "/topic/" not in path:
            continue
        page = git_show(repo, path).decode("utf-8", "replace")
        for match in _ZULIP_BODY.finditer(page):
            parser = _ZulipMessage()
            parser.feed(match.group(1))
            text = parser.text()
            if text and "has marked this topic as" not in text:
                messages.append(head(text, CHAT_CHARS))
        if speakers is not None:
            speakers.update(html.unescape(name) for name in _ZULIP_SENDER.findall(page) if name != "Notification Bot")
    return messages


# --- E-mail: R mailing lists (parquet, one row a message) --------------------------------------
_MAIL_LISTS = ("r-sig-debian", "r-sig-hpc", "r-help-2025-2029", "r-sig-windows", "r-sig-jobs")
MAIL_CHARS = 700
CHAT_CHARS = 600  # long posts are cut at a word break, so every labelled character was read


def head(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    return text[: cut if cut > limit // 2 else limit]


def r_mailing_lists(repo: str) -> list[str]:
    import pyarrow.parquet as pq

    messages = []
    for name in _MAIL_LISTS:
        blob = git_show(repo, f"data/messages/{name}.parquet")
        if not blob:
            continue
        table = pq.read_table(io.BytesIO(blob), columns=["body"])
        for body in table.column("body").to_pylist():
            body = body.replace("\t[[alternative HTML version deleted]]", "").strip()
            body = head(body, MAIL_CHARS)  # a body's head: what a reader sees first
            if body:
                messages.append(slack_escape(body))
    return messages


# --- Issue and PR threads: gh2md exports kept in the repositories themselves -----------------
_GH2MD_POST = re.compile(r"^#### .*?\) (?:opened issue|commented) at \[[^\]]*\]\([^)]*\):\n(.*?)(?=^#### |^-{20,}$|\Z)",
                         re.S | re.M)
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\((https?://[^)\s]+)\)")


def gh_issue_threads(repo: str) -> list[str]:
    """Each issue body and comment of a gh2md export (`issues.md`-like files at the root): the
    post's markdown as a Slack message, links as `<url|label>`, without the author header."""
    messages = []
    for path in git_files(repo, "."):
        if "/" in path or not path.endswith(".md"):
            continue
        page = git_show(repo, path).decode("utf-8", "replace")
        if not page.startswith("Export of Github issues for"):
            continue
        for match in _GH2MD_POST.finditer(page):
            body = re.sub(r"\n{3,}", "\n\n", match.group(1)).strip()
            body = slack_escape(body)
            body = _MD_LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>" if m.group(1) != m.group(2) else f"<{m.group(2)}>",
                                body)
            if body:
                messages.append(head(body, CHAT_CHARS))
    return messages


# Sources whose logs name every speaker: the channel's member list, as a workspace's directory would.
WITH_SPEAKERS = ("zig_irc", "duraspace_irc", "ncar_zulip")
SOURCES = {"zig_irc": zig_irc, "duraspace_irc": duraspace_irc, "ncar_zulip": ncar_zulip,
           "r_mail": r_mailing_lists, "gh_threads": gh_issue_threads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", choices=sorted(SOURCES))
    parser.add_argument("repo", nargs="+", help="the source's git directories (from the fetch of its repositories)")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--unlabelled", type=int, default=0,
                        help="also draw this many further messages, disjoint from the labelled ones")
    parser.add_argument("--exclude", nargs="*", default=[], metavar="JSONL",
                        help="leave out every message of these files (a training sample disjoint from the dev sets)")
    parser.add_argument("--members-out", metavar="FILE",
                        help=f"also write the channel's speakers, one a line ({', '.join(WITH_SPEAKERS)})")
    args = parser.parse_args()
    if args.members_out:
        if args.source not in WITH_SPEAKERS:
            parser.error(f"{args.source} does not name its speakers")
        speakers: set[str] = set()
        for repo in args.repo:
            SOURCES[args.source](repo, speakers)
        with open(args.members_out, "w", encoding="utf-8") as handle:
            handle.writelines(f"{nick}\n" for nick in sorted(n for n in speakers if n and not n.isspace()))
        return
    found = [m for repo in args.repo for m in SOURCES[args.source](repo)]
    held = {json.loads(line)["text"] for path in args.exclude for line in open(path, encoding="utf-8")}
    messages = list(dict.fromkeys(m for m in found if len(m) <= 4000 and m not in held))
    rng = random.Random(f"{SEED}:{args.source}")
    picked = rng.sample(messages, min(len(messages), args.n + args.unlabelled))
    for i, text in enumerate(picked):
        kind = "" if i < args.n else "u"
        json.dump({"id": f"{args.source}-{kind}{i:04d}", "text": text}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
