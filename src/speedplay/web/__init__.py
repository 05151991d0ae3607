"""The web app: ``speedplay serve``. See ``app.create_app``."""
