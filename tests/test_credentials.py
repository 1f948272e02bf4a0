"""Credentials: every character of the secret is masked, wherever it stands."""
import pytest

SECRETS = [
    ("export DB_PASSWORD=Zq9!vT3r", "Zq9!vT3r", "PASSWORD"),
    ("stripe key sk_live_51H8xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH ok", "sk_live_51H8xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH", "SECRET"),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "SECRET"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SECRET"),
    ("token ghp_R4nd0mT0k3nV4lu3F0rT3st1ngOnly1234", "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngOnly1234", "SECRET"),
    ("glpat-AbCdEfGhIjKlMnOpQrSt12 is the CI token", "glpat-AbCdEfGhIjKlMnOpQrSt12", "SECRET"),
    ("bot: xoxb-2712345678-5123456789012-Ab3dEf6hIjKlMnOpQrStUvWx", "xoxb-2712345678-5123456789012-Ab3dEf6hIjKlMnOpQrStUvWx", "SECRET"),
    ("key=AIzaSyD-1234567890abcdefghijklmnopqrstu", "AIzaSyD-1234567890abcdefghijklmnopqrstu", "SECRET"),
    ("OPENAI_API_KEY=sk-proj-Xy7abc123DEF456ghi789JKL012mno345pqr", "sk-proj-Xy7abc123DEF456ghi789JKL012mno345pqr", "SECRET"),
    ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "SECRET"),
    ("curl -u deploy:Tr0ub4dor3 https://jenkins.acme.dev/job", "Tr0ub4dor3", "PASSWORD"),
    ("DATABASE_URL=postgres://billing_rw:pA55w0rd-2026@db.internal:5432/billing", "pA55w0rd-2026", "PASSWORD"),
    ("the temp wifi pw is Kettle-42-Blue", "Kettle-42-Blue", "PASSWORD"),
    ('{"client_secret": "q8Zt-55xWv_PLm3"}', "q8Zt-55xWv_PLm3", "SECRET"),
    ("Authorization: Bearer abcdef0123456789abcdef0123", "abcdef0123456789abcdef0123", "SECRET"),
    ("Server=db;User Id=sa;Password=P@ssw0rd!;", "P@ssw0rd!", "PASSWORD"),
]


@pytest.mark.parametrize("text, secret, label", SECRETS)
def test_whole_secret_is_masked(pipeline, text, secret, label):
    result = pipeline.mask(text)
    start = text.index(secret)
    covered = [s for s in result.spans if s.start <= start and text.index(secret) + len(secret) <= s.end]
    assert covered and covered[0].label == label, (result.masked_text, result.spans)
    assert not any(part in result.masked_text for part in (secret, secret[len(secret) // 2:]))


def test_private_key_body_is_masked_to_its_end_line(pipeline):
    body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nQyNTUxOQAAACBq8mCbE5kV2Z3vY7mK0dQeH9o2Zp1tq3s\n8gAAAAtzc2gtZWQyNTUxOQ"
    text = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    masked = pipeline.mask(text).masked_text
    assert masked == "-----BEGIN OPENSSH PRIVATE KEY-----\n[SECRET]\n-----END OPENSSH PRIVATE KEY-----"


def test_a_key_cut_off_in_a_paste_is_masked_to_the_end(pipeline):
    text = "```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7s9\nQW1xZ2\n```\nwhoops"
    masked = pipeline.mask(text).masked_text
    assert "MIIE" not in masked and "QW1x" not in masked and masked.endswith("```\nwhoops")


@pytest.mark.parametrize("text", [
    "my password is too short", "max_tokens: 128", "password: ${DB_PASSWORD}", "token: <redacted>",
    "set PASSWORD=*** in the vault", "the passport no. field", "api_key is required",
])
def test_mentions_and_placeholders_are_not_secrets(pipeline, text):
    assert not pipeline.mask(text).changed
