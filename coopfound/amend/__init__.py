"""Changing the rules later: two specs in, the amendment pack out.

The rules compared rule by rule, the procedure the rules in force require, a redline with
tracked changes and the FCA application.
"""
