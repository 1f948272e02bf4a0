"""Files people share: read, masked with the message pipeline, and written back in their kind."""
