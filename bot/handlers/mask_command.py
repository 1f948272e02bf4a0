"""`/mask <text>`: an ephemeral masked preview, and a button that posts it for the user."""
from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from bot.services.container import Services
from bot.services.slack_calls import error_code, text_sections
from bot.wording import kinds
from masking import MaskingError

log = logging.getLogger(__name__)
HELP = ("*/mask <text>* shows your text with personal data masked — names, emails, phone and card numbers, "
        "addresses — and lets you post the masked version. Nothing is posted until you press the button.")
BUTTON_VALUE_LIMIT = 2000


def register(app: App, services: Services) -> None:
    @app.command("/mask")
    def mask_command(ack: Ack, command: dict, respond: Respond) -> None:
        ack()  # within 3 s whatever the engine; the preview follows through response_url
        text = (command.get("text") or "").strip()
        if not text:
            respond(response_type="ephemeral", text=HELP)
            return
        try:
            result = services.masker.mask(text)
        except MaskingError:
            respond(response_type="ephemeral", text="Sorry, maskbot could not mask that text; nothing was posted.")
            return
        services.store.record(channel_id=command.get("channel_id", ""), author_id=command.get("user_id", ""),
                              trigger="command", outcome="previewed", labels=[s.label for s in result.spans],
                              engine=result.engine, latency_ms=result.elapsed_ms)
        respond(response_type="ephemeral", text=result.masked_text, blocks=preview_blocks(result.masked_text, result.labels))

    @app.action("post_masked")
    def post_masked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        user = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        try:
            # The button only ever carries masked text; masking it again costs little and keeps
            # this path fail-closed even for a forged payload.
            masked = services.masker.mask(action.get("value") or "").masked_text
        except MaskingError:
            respond(response_type="ephemeral", replace_original=False, text="Could not post: masking failed.")
            return
        name, icon = services.profiles.attribution(user)
        try:
            services.bot.chat_postMessage(channel=channel, text=masked, username=name, icon_url=icon,
                                          unfurl_links=False)
        except SlackApiError as exc:
            respond(response_type="ephemeral", replace_original=False,
                    text=f"Could not post the masked text ({error_code(exc)}). Is maskbot in this channel?")
            return
        respond(delete_original=True)


def preview_blocks(masked_text: str, labels: list[str]) -> list[dict]:
    blocks = [
        *text_sections(masked_text),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Masked: {kinds(labels)}"}]},
    ]
    if len(masked_text) <= BUTTON_VALUE_LIMIT:
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "action_id": "post_masked", "style": "primary", "value": masked_text,
            "text": {"type": "plain_text", "text": "Post masked text"}}]})
    return blocks
