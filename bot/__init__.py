"""Jobbcoach / Työvalmentaja.

A bilingual job-coaching chatbot for Finnish municipal employment services.
"""
