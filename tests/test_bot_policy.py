"""The workspace's PII policy from chat: `/mask-admin policy`, stored, applied to monitored channels."""

from tests.test_bot import admin, message_event


def post(bot, fake, text, user="UALICE"):
    ts = fake.add_message("CMONITOR", user, text)
    assert bot.send.event(message_event("CMONITOR", user, text, ts)).status == 200
    return ts


def test_policy_show_add_remove(bot, fake):
    shown = admin(bot, fake, "policy show")
    assert "`default`" in shown and "`EMAIL`" in shown and "`DATE`" not in shown
    assert "default,-EMAIL" in admin(bot, fake, "policy remove EMAIL")
    assert "Policy unchanged" in admin(bot, fake, "policy add SHOESIZE")
    assert "default,+DATE,-EMAIL" in admin(bot, fake, "policy add date")
    assert "only workspace admins" in admin(bot, fake, "policy add EMAIL", user="UALICE")
    assert "`EMAIL`" not in admin(bot, fake, "policy")


def test_a_message_is_replaced_only_for_labels_in_the_policy(bot, fake):
    admin(bot, fake, "policy remove EMAIL")
    email = post(bot, fake, "write to lena.schmidt@example.de")
    private = post(bot, fake, "the db is on 10.0.0.12, ssh from 127.0.0.1")  # never touched by default
    post(bot, fake, "card 4111 1111 1111 1111")
    [repost] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert repost.params["text"] == "card [CREDITCARDNUMBER]"
    fake.wait_for(lambda: fake.called("chat.delete"))
    assert len(fake.called("chat.delete")) == 1
    assert ("CMONITOR", email) in fake.messages and ("CMONITOR", private) in fake.messages
