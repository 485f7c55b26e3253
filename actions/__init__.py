"""Custom actions of the WSP assistant (run by the rasa-sdk action server).

Only thin Action classes live here; the logic is in the framework-free ``wsp`` package.
"""
