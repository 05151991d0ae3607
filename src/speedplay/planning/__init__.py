"""Planning: from a runner's ability and goal to a week-by-week speed plan that explains itself.

* :mod:`~speedplay.planning.request` - what the runner asks for, validated.
* :mod:`~speedplay.planning.blocks` - which family when: blocks, lighter weeks, taper, race week.
* :mod:`~speedplay.planning.adjust` - lighter versions of a session (lighter week, taper, caps).
* :mod:`~speedplay.planning.caps` - Daniels' per-session limits on T, I and R volume.
* :mod:`~speedplay.planning.plan` - builds the plan and the reason for every session.
"""
