"""Authors tell maskbot what it masked by mistake; admins allow reported words from the digest."""
from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.services.container import Services
from bot.services.feedback import ALLOW_ID, FEEDBACK_ID, feedback_view, ticked_from
from bot.services.slack_calls import Ambiguous, Refused, read_message


def register(app: App, services: Services) -> None:
    def masked_copy(metadata: str) -> str | None:
        channel, copy_ts, thread_ts = (metadata.split("|") + ["", ""])[:3]
        try:
            raw = read_message(services.bot, channel, copy_ts, thread_ts or None)
        except (Refused, Ambiguous):
            return None
        return (raw or {}).get("text")

    @app.action(FEEDBACK_ID)
    def open_form(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        masked = masked_copy(action.get("value") or "")
        if not masked:
            respond(response_type="ephemeral", replace_original=False,
                    text="That masked copy is gone, so there is nothing to report.")
            return
        services.bot.views_open(trigger_id=body["trigger_id"], view=feedback_view(masked, action["value"]))

    @app.view(FEEDBACK_ID)
    def submit(ack: Ack, body: dict, view: dict) -> None:
        ack()
        metadata = view.get("private_metadata") or ""
        masked = masked_copy(metadata)
        if masked is None:
            return
        ticked = ticked_from(view, masked)
        if ticked:
            services.store.add_feedback(body["user"]["id"], metadata.split("|")[0], masked, ticked)

    @app.action(ALLOW_ID)
    def allow(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        user = body["user"]["id"]
        if not services.profiles.is_admin(user):
            respond(response_type="ephemeral", replace_original=False,
                    text="Sorry, only workspace admins and maskbot admins can do that.")
            return
        term = services.store.set_term(action.get("value") or "", "allow", by=user)
        respond(response_type="ephemeral", replace_original=False,
                text=f"`{term}` will not be masked any more (whole words, any case).")
