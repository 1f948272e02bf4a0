"""maskbot's training pipeline: datasets, Gemini tuning on Vertex AI, local model tuning."""
