"""manifest.yml creates exactly the app the code implements."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_manifest_matches_the_listeners():
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    features = manifest["features"]
    assert {c["command"] for c in features["slash_commands"]} == {"/mask", "/mask-admin"}
    assert [s["callback_id"] for s in features["shortcuts"]] == ["mask_message"]
    assert features["app_home"]["home_tab_enabled"] is True
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_home_opened", "message.channels", "message.groups", "reaction_added"}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    scopes = manifest["oauth_config"]["scopes"]
    assert "chat:write.customize" in scopes["bot"] and scopes["user"] == ["chat:write", "files:write"]
    readme = (ROOT / "README.md").read_text()
    for scope in scopes["bot"] + scopes["user"]:
        assert f"`{scope}`" in readme, f"README does not justify {scope}"
