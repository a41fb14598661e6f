"""Extensions loaded by the Rasa server itself (tracker store)."""
