"""What a runner does with speedplay, over the core, the formats and the storage: the command
line and the web app are thin over these."""
