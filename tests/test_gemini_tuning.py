"""The seed recipe on Vertex AI: dataset prep, upload, tuning job, polling — against local stubs."""
import json
from pathlib import Path

import pytest
from google.auth.credentials import AnonymousCredentials
from google.oauth2.credentials import Credentials

from masking.engines.gemini import PROMPT, make_client
from masking.settings import GeminiSettings
from training.dataset import load_frame, split
from training.gemini_tuning import GeminiTuningConfig, make_storage_client, tune_gemini, vertex_example
from training.reporting import RecordingReporter

FIXTURE = str(Path(__file__).parent / "fixtures" / "ai4privacy_like_30.jsonl")


def test_recipe_dataset_prep():
    frame = load_frame(FIXTURE, rows=30)
    assert list(frame.columns[:4]) == ["input", "output", "spans", "language"]
    assert frame["prompt"][0] == ("\nGiven the information below, mask the personal identifiable information.\n\n\n"
                                  f"Input:\n{frame['input'][0]}\n\n\nOutput:\n ")
    assert "[FIRSTNAME]" in frame["output"][0] and PROMPT.count("{input}") == 1
    parts = split(frame, test_rows=5)
    assert (len(parts.train), len(parts.test)) == (25, 5)
    assert parts.test["input"].tolist() == frame["input"].tolist()[25:]  # deterministic
    with pytest.raises(ValueError):
        split(frame, test_rows=30)


def test_older_layout_loads(tmp_path):
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({"unmasked_text": "Hi Mara, bye Mara.", "masked_text": "Hi [FIRSTNAME_1], bye [FIRSTNAME_1].",
                                "privacy_mask": {"[FIRSTNAME_1]": "Mara"}}) + "\n")
    frame = load_frame(str(path), rows=10)
    assert frame["output"][0] == "Hi [FIRSTNAME_1], bye [FIRSTNAME_1]." and len(frame["spans"][0]) == 2


def test_vertex_example_shape():
    example = vertex_example("p", "o")
    assert [c["role"] for c in example["contents"]] == ["user", "model"]
    assert example["systemInstruction"]["parts"][0]["text"]


@pytest.fixture
def fake(gemini_stub):
    return gemini_stub


def clients(fake):
    settings = GeminiSettings(use_vertex=True, project="proj", location="us-central1", timeout_s=5)
    genai = make_client(settings, base_url=fake.url, credentials=Credentials(token="tok"))
    storage = make_storage_client("proj", credentials=AnonymousCredentials(), client_options={"api_endpoint": fake.url})
    return genai, storage


def config(**kw):
    return GeminiTuningConfig(bucket="tuning-bucket", source=FIXTURE, rows=30, test_rows=5, poll_initial_s=0.01, **kw)


def test_tuning_job_created_uploaded_and_polled_to_success(fake):
    genai, storage = clients(fake)
    reporter = RecordingReporter()
    run = tune_gemini(genai, storage, config(), reporter, sleep=lambda s: None)
    assert run.state == "JOB_STATE_SUCCEEDED"
    assert run.endpoint == "projects/proj/locations/us-central1/endpoints/4242"
    assert sorted(run.dataset_uris) == ["train", "validation"]
    assert set(run.dataset_uris.values()) <= set(fake.uploads)
    train_upload = fake.uploads[run.dataset_uris["train"]].decode()
    assert train_upload.count('"contents"') == 25 and "Given the information below" in train_upload
    [create] = [r for r in fake.requests if r["path"].endswith("/tuningJobs")]
    assert create["path"] == "/v1beta1/projects/proj/locations/us-central1/tuningJobs"
    body = create["body"]
    assert body["baseModel"] == "gemini-2.5-flash" and body["tunedModelDisplayName"] == "pii-model"
    spec = body["supervisedTuningSpec"]
    assert spec["trainingDatasetUri"] == run.dataset_uris["train"]
    assert spec["validationDatasetUri"] == run.dataset_uris["validation"]
    assert spec["hyperParameters"] == {"epochCount": 2, "learningRateMultiplier": 1.0, "adapterSize": "ADAPTER_SIZE_FOUR"}
    states = [e.state for e in reporter.events]
    assert states[0] == "JOB_STATE_PENDING" and "JOB_STATE_RUNNING" in states and states[-1] == "JOB_STATE_SUCCEEDED"
    assert any(e.epoch == 1 for e in reporter.events if e.state == "JOB_STATE_RUNNING")
    assert "Vertex AI console" in run.loss_note and run.progress[-1][2] == "JOB_STATE_SUCCEEDED"


def test_failed_job_reports_the_service_message(fake):
    fake.job_states = ["JOB_STATE_PENDING", "JOB_STATE_FAILED"]
    fake.job_error = {"code": 3, "message": "Training data row 12 has no model turn"}
    genai, storage = clients(fake)
    reporter = RecordingReporter()
    run = tune_gemini(genai, storage, config(), reporter, sleep=lambda s: None)
    assert run.state == "JOB_STATE_FAILED" and run.error == "Training data row 12 has no model turn"
    assert not run.endpoint and "Training data row 12" in reporter.events[-1].message


def test_cancel_stops_the_job(fake):
    fake.job_states = ["JOB_STATE_PENDING", "JOB_STATE_RUNNING", "JOB_STATE_RUNNING", "JOB_STATE_RUNNING"]
    genai, storage = clients(fake)
    run = tune_gemini(genai, storage, config(), RecordingReporter(), should_stop=lambda: True, sleep=lambda s: None)
    assert run.state == "JOB_STATE_CANCELLED"
    assert any(r["path"].endswith(":cancel") for r in fake.requests)
