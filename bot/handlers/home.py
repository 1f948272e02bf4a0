"""App Home: the status for everyone; the monitored-channel picker for admins."""
from __future__ import annotations

from slack_bolt import Ack, App

from bot.services import channels
from bot.services.container import Services
from bot.services.status import status_text


def home_view(services: Services, user: str) -> dict:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "maskbot"}},
        {"type": "section", "text": {"type": "mrkdwn", "text":
            "I mask personal data in Slack messages. Use `/mask <text>` to preview a masked message, or "
            "flag a message with the *Mask this message* shortcut."}},
        {"type": "section", "text": {"type": "mrkdwn", "text": status_text(services)}},
    ]
    if services.profiles.is_admin(user):
        blocks += [{"type": "divider"}, {
            "type": "section", "block_id": "monitored",
            "text": {"type": "mrkdwn", "text": "*Monitored channels* (admins)"},
            "accessory": {"type": "multi_conversations_select", "action_id": "home_monitored",
                          "placeholder": {"type": "plain_text", "text": "Choose channels"},
                          "filter": {"include": ["public", "private"], "exclude_bot_users": True},
                          **({"initial_conversations": services.store.monitored()} if services.store.monitored() else {})},
        }]
    return {"type": "home", "blocks": blocks}


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict) -> None:
        if event.get("tab", "home") != "home":
            return
        services.bot.views_publish(user_id=event["user"], view=home_view(services, event["user"]))

    @app.action("home_monitored")
    def on_monitored(ack: Ack, body: dict, action: dict) -> None:
        ack()
        user = body["user"]["id"]
        if not services.profiles.is_admin(user):
            return
        wanted = set(action.get("selected_conversations") or [])
        current = set(services.store.monitored())
        for channel in wanted - current:
            services.store.monitor(channel, by=user)
            channels.join(services.bot, services.store, channel)
        for channel in current - wanted:
            services.store.unmonitor(channel)
        services.bot.views_publish(user_id=user, view=home_view(services, user))
