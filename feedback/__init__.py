"""Feedback as evidence for the PPK: threads, coaching, 360 input, public feedback."""
