"""Adapters between speedplay's model and the formats runners' tools use."""
