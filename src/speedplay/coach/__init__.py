"""The coach's memory in the pure core: which run was which planned session, and (from the
history of those) what the next sessions should be."""
