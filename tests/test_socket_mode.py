"""Socket Mode end to end: the real Bolt app and slack_sdk's Socket Mode client against a local
WebSocket server speaking Slack's protocol (hello, envelopes, acks, disconnect and reconnect)."""
import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot import clients
from bot.app import create_app
from tests.bot_harness import settings_for
from tests.fakes.slack_api import APP_TOKEN
from tests.fakes.socket_mode import FakeSocketMode
from tests.test_bot import CARD, PII_TEXT, assert_no_pii_left, message_event


@pytest.fixture
def socket_bot(fake, tmp_path):
    fake.socket_mode = FakeSocketMode().start()
    settings = settings_for(fake, f"sqlite:///{tmp_path}/socket.db", slack_app_token=APP_TOKEN, slack_signing_secret="")
    app, services = create_app(settings, clients.bot_client(settings), clients.user_client(settings))
    handler = SocketModeHandler(app, APP_TOKEN)
    handler.connect()
    fake.wait_for(lambda: fake.socket_mode.hellos)
    yield fake.socket_mode, services
    handler.close()
    fake.socket_mode.stop()


def test_command_monitored_message_and_shortcut_over_socket_mode(socket_bot, fake):
    server, services = socket_bot
    [opened] = fake.called("apps.connections.open")
    assert opened.token == APP_TOKEN

    command = server.send("slash_commands", {"command": "/mask", "text": PII_TEXT, "user_id": "UALICE",
                                              "channel_id": "C0GENERAL", "response_url": f"{fake.url}/response/s1",
                                              "trigger_id": "t1"}, accepts_response_payload=True)
    server.wait_for_ack(command)
    reply = fake.wait_for(lambda: fake.responses and fake.responses[-1])
    assert reply["text"] == "my card is [CREDITCARDNUMBER], mail [EMAIL]"

    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    event = server.send("events_api", {"type": "event_callback", "event_id": "EvS1", "team_id": "T0001",
                                       "event": message_event("CMONITOR", "UALICE", PII_TEXT, ts)})
    server.wait_for_ack(event)
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)

    server.disconnect()  # Slack asks for a reconnect; the client opens a new connection
    fake.wait_for(lambda: server.hellos >= 2)
    assert len(fake.called("apps.connections.open")) >= 2

    flagged = fake.add_message("C0GENERAL", "UALICE", PII_TEXT)
    shortcut = server.send("interactive", {"type": "message_action", "callback_id": "mask_message",
                                           "user": {"id": "UOWNER"}, "channel": {"id": "C0GENERAL"},
                                           "message_ts": flagged, "trigger_id": "t2",
                                           "response_url": f"{fake.url}/response/s2",
                                           "message": {"type": "message", "user": "UALICE", "text": PII_TEXT,
                                                       "ts": flagged}})
    server.wait_for_ack(shortcut)
    fake.wait_for(lambda: ("C0GENERAL", flagged) not in fake.messages)
    assert_no_pii_left(fake, CARD)
