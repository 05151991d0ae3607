"""Analysis: from a recorded run to facts.

* :mod:`~speedplay.analysis.activity` - the recording as SI arrays, whatever file it came from.
* :mod:`~speedplay.analysis.segmentation` - work and recovery, from laps or from the data.
* :mod:`~speedplay.analysis.gap` - grade-adjusted pace (Minetti et al. 2002) and climbs.
* :mod:`~speedplay.analysis.compliance` - planned steps against what happened, rep by rep.
* :mod:`~speedplay.analysis.load` - training load: TRIMP, rTSS, session RPE.
"""
