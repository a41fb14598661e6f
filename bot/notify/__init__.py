"""Messages that leave the system: e-mail to coaches through an outbox (issue 16)."""
