"""Summaries by chat: the dialogue, the figures as text, and the files (exports/)."""
