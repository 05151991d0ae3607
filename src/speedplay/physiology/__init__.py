"""Physiology: one published model per module, each citing its source.

* :mod:`~speedplay.physiology.vdot` - Daniels & Gilbert's oxygen-power equations (VDOT).
* :mod:`~speedplay.physiology.training_paces` - Daniels' E, M, T, I and R paces.
* :mod:`~speedplay.physiology.riegel` - Riegel's endurance model and a runner's own exponent.
* :mod:`~speedplay.physiology.critical_speed` - critical speed and D' from best efforts.
* :mod:`~speedplay.physiology.heart_rate` - Friel's LTHR zones and Karvonen's heart-rate reserve.
* :mod:`~speedplay.physiology.threshold_test` - LTHR and threshold pace from a 30-min time trial.
* :mod:`~speedplay.physiology.effort` - effort (RPE) to pace and heart rate, by rep length.
"""
