"""The interval timer: a clock-driven walk through a workout's steps, with cues.

:mod:`engine` is pure (the clock is injected, so tests drive it without waiting); the terminal
display, keys and sound live in :mod:`speedplay.cli.timer`.
"""
