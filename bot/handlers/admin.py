"""`/mask-admin`: monitored channels, engine, report channel and status. Admins only."""
from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond

from bot.handlers import admin_scan
from bot.services import channels
from bot.services.container import Services
from bot.services.feedback import digest_blocks
from bot.services.redaction import REPORT_CHANNEL_KEY
from bot.services.status import status_text
from bot.wording import quoted
from masking.engines import EngineUnavailable
from masking.workspace_terms import deny_label, normalise

USAGE = ("*/mask-admin* commands: `monitor #channel`, `unmonitor #channel`, `status`, "
         "`engine auto|local|rules|gemini`, `policy show|add|remove LABEL`, `allow TERM`, `deny TERM [LABEL]`, "
         "`forget TERM`, `terms`, `feedback [purge]`, `report-channel #channel`, "
         "`retrain [local|gemini] [epochs=N] [rows=N] [dataset=…] [start=live|base]`, "
         "`scan #channel [since=YYYY-MM-DD] [threads=yes|no] [apply]`, `files on|off|types`, `cancel`, `model list`, `model use <version>`")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|^([CG][A-Z0-9]{6,})$")


def parse_channel(arg: str) -> str | None:
    match = _CHANNEL.search(arg.strip())
    return (match.group(1) or match.group(2)) if match else None


def register(app: App, services: Services) -> None:
    @app.command("/mask-admin")
    def admin_command(ack: Ack, command: dict, respond: Respond) -> None:
        ack()
        user = command.get("user_id", "")
        if not services.profiles.is_admin(user):
            respond(response_type="ephemeral", text="Sorry, only workspace admins and maskbot admins can do that.")
            return
        verb, _, arg = (command.get("text") or "").strip().partition(" ")
        with services.store.short_waits():  # a locked database answers "unavailable" in seconds
            answer = run(services, verb.lower(), arg.strip(), user, command.get("channel_id", ""))
        respond(response_type="ephemeral", text=answer)


def run(services: Services, verb: str, arg: str, user: str, here: str) -> str:
    if verb in ("monitor", "unmonitor"):
        channel = parse_channel(arg) or (here if not arg else None)
        if channel is None:
            return f"Which channel? Try `/mask-admin {verb} #channel`."
        if verb == "unmonitor":
            return (f"<#{channel}> is no longer monitored." if services.store.unmonitor(channel)
                    else f"<#{channel}> was not monitored.")
        joined = join(services, channel)
        services.store.monitor(channel, by=user)
        return f"Monitoring <#{channel}>: messages with personal data will be replaced by masked copies.{joined}"
    if verb == "status":
        return status_text(services)
    if verb == "engine":
        try:
            services.masker.set_engine(arg.lower())
        except EngineUnavailable as exc:
            return f"Engine unchanged: {exc}"
        return f"Engine set to `{arg.lower()}`."
    if verb == "policy":
        return policy(services, arg)
    if verb in ("allow", "deny", "forget", "terms"):
        return terms(services, verb, arg, user)
    if verb == "feedback":
        return feedback(services, arg, here)
    if verb == "report-channel":
        channel = parse_channel(arg)
        if channel is None:
            return "Which channel? Try `/mask-admin report-channel #channel`."
        services.store.set_setting(REPORT_CHANNEL_KEY, channel)
        return f"Notices will go to <#{channel}>."
    if verb == "retrain":
        return retrain(services, arg, user, here)
    if verb == "files":
        return files(services, arg)
    if verb == "scan":
        words = arg.split()
        return admin_scan.scan(services, parse_channel(words[0]) if words else None, words[1:], user, here)
    if verb == "cancel":
        return cancel(services, arg)
    if verb == "model":
        return model(services, arg)
    return USAGE


RETRAIN_USAGE = "Try `/mask-admin retrain local epochs=2 rows=30000` or `/mask-admin retrain gemini`."
_INT_PARAMS = {"epochs": (1, 20), "rows": (10, 2_000_000), "max_steps": (1, 10_000_000), "batch_size": (1, 512),
               "test_rows": (1, 10_000)}


def parse_retrain(arg: str) -> tuple[str, dict]:
    words = arg.split()
    kind = "local"
    if words and "=" not in words[0]:
        kind = words.pop(0).lower()
    if kind not in ("local", "gemini"):
        raise ValueError(f"unknown model kind {kind!r}")
    params: dict = {}
    for word in words:
        key, sep, value = word.partition("=")
        key = key.lower().replace("-", "_")
        if not sep or not value:
            raise ValueError(f"expected key=value, got {word!r}")
        if key in _INT_PARAMS:
            low, high = _INT_PARAMS[key]
            number = int(value)
            if not low <= number <= high:
                raise ValueError(f"{key} must be between {low} and {high}")
            params[key] = number
        elif key == "dataset":
            params[key] = value.strip("<>")
        elif key == "start" and value.lower() in ("live", "base"):
            params[key] = value.lower()  # continue from the live model (default) or the bare base encoder
        else:
            raise ValueError(f"unknown option {key!r}")
    return kind, params


def retrain(services: Services, arg: str, user: str, here: str) -> str:
    from bot.store.runs import RunInProgress

    try:
        kind, params = parse_retrain(arg)
    except ValueError as exc:
        return f"{exc}. {RETRAIN_USAGE}"
    try:
        run = services.store.queue_run(kind, params, user, here)
    except RunInProgress as exc:
        return f"Run #{exc.run.id} is already {exc.run.state}; one run at a time." if exc.run else str(exc)
    where = services.redactor.report_channel() or here
    return f"Queued retraining run #{run.id} ({kind}). Progress will appear in <#{where}>."


def policy(services: Services, arg: str) -> str:
    verb, _, label = arg.strip().partition(" ")
    verb = verb.lower() or "show"
    if verb in ("add", "remove") and label.strip():
        try:
            chosen = services.masker.change_policy(label.strip(), add=verb == "add")
        except ValueError as exc:
            return f"Policy unchanged: {exc}"
        return f"Policy is now `{chosen.spec}`; every process uses it from its next message.\n{describe(chosen)}"
    if verb == "show":
        return describe(services.masker.policy())
    return "Try `/mask-admin policy show`, `/mask-admin policy add DATE` or `/mask-admin policy remove USERNAME`."


def terms(services: Services, verb: str, arg: str, user: str) -> str:
    if verb == "terms":
        rows = services.store.term_rows()
        allowed = ", ".join(quoted(r.term) for r in rows if r.kind == "allow") or "none"
        denied = ", ".join(f"{quoted(r.term)} ({r.label or 'CUSTOM'})" for r in rows if r.kind == "deny") or "none"
        return f"*Allowed* (never masked): {allowed}\n*Denied* (always masked): {denied}"
    if not arg.strip():
        return f"Which word or phrase? Try `/mask-admin {verb} TERM`."
    if verb == "forget":
        return (f"Forgot {quoted(normalise(arg))}." if services.store.forget_term(arg)
                else f"{quoted(normalise(arg))} was neither allowed nor denied.")
    term, label = arg.strip(), ""
    if verb == "deny":
        head, _, last = term.rpartition(" ")
        if head and last.isupper():
            try:
                term, label = head, deny_label(last)
            except ValueError as exc:
                return f"Nothing changed: {exc}."
    key = services.store.set_term(term, verb, label, by=user)
    if verb == "allow":
        return f"{quoted(key)} will not be masked (whole words, any case); PII that contains it still is."
    return f"{quoted(key)} will always be masked as `[{label or 'CUSTOM'}]`."


def feedback(services: Services, arg: str, here: str) -> str:
    if arg.strip().lower() == "purge":
        return f"Deleted {services.store.purge_feedback()} feedback report(s)."
    blocks = digest_blocks(services.store)
    if blocks is None:
        return "No words have been reported as wrongly masked."
    where = services.redactor.report_channel() or here
    services.bot.chat_postMessage(channel=where, text="maskbot: words reported as wrongly masked", blocks=blocks)
    return f"Posted the digest of reported words in <#{where}>."


def files(services: Services, arg: str) -> str:
    """`files on|off|types`: whether shared files are checked, and which kinds can be."""
    from bot.services.files import FILES_KEY
    from masking.files.images import ocr_available
    from masking.files.kinds import described_types

    choice = arg.strip().lower()
    if choice in ("on", "off"):
        services.store.set_setting(FILES_KEY, choice)
        return ("Shared files will be checked and replaced by masked versions when they hold personal data."
                if choice == "on" else "Shared files will no longer be checked (messages still are).")
    if choice == "types":
        ocr = "installed" if ocr_available() else "not installed: images are reported as not checked"
        return f"maskbot reads {described_types()}. OCR extra: {ocr}."
    state = services.store.get_setting(FILES_KEY, "on")
    return f"File checks are `{state}`. Try `/mask-admin files on`, `files off` or `files types`."


def cancel(services: Services, arg: str) -> str:
    """`cancel`: the training run and every history scan; `cancel #channel`: that channel's scan."""
    from bot.services.retraining import STALE_AFTER

    channel = parse_channel(arg) if arg else None
    said = [f"Cancelling history scan #{s.id} of <#{s.channel_id}>." for s in services.store.cancel_scans(channel)]
    if channel is None:
        run = services.store.request_cancel(stale_after=STALE_AFTER)
        said.append(f"Cancelling run #{run.id}." if run else "No training run is in progress.")
    return " ".join(said) or f"No history scan of <#{channel}> is in progress."


def describe(chosen) -> str:
    return f"*Policy* `{chosen.spec}` masks: " + ", ".join(f"`{label}`" for label in sorted(chosen.labels))


def model(services: Services, arg: str) -> str:
    verb, _, version = arg.strip().partition(" ")
    if verb == "use" and version.strip():
        try:
            row = services.store.set_live(version.strip())
        except KeyError:
            return f"No model version {quoted(version.strip())}. See `/mask-admin model list`."
        return f"`{row.version}` ({row.kind}) is now live; every process switches on its next message."
    if verb in ("list", ""):
        rows = services.store.versions()
        if not rows:
            return "No trained versions yet: the bundled model is live."
        return "\n".join(f"{'*live*' if r.live else 'candidate'} `{r.version}` ({r.kind}) leak "
                         f"{r.metrics.get('leak_rate', 0):.2%}" for r in rows)
    return "Try `/mask-admin model list` or `/mask-admin model use <version>`."


def join(services: Services, channel: str) -> str:
    return channels.advice(channels.join(services.bot, services.store, channel))
