"""speedplay: an open-source speed-workout coach for runners."""

__version__ = "0.1.0"
