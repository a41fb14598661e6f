"""Extensions loaded by the Rasa server itself: the guarded REST and socket.io channels,
the strict SQL tracker store, the atomic Redis lock store, the response generator, the one
owner of stored conversations (erasure, retention, reads), and the patches of Rasa that
``python -m bot.rasa_server`` installs."""
