"""All routes of the web app in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.portal import (
    chat,
    chat_live,
    views,
    views_answers,
    views_catalog,
    views_coaches,
    views_inbox,
    views_live,
    views_nlu,
    views_portal,
    views_queue,
    views_stats,
)

STATIC = Path(__file__).resolve().parent / "static"


def setup_routes(app: web.Application) -> None:
    """Register the routes."""
    # public
    app.router.add_get("/", views.index, name="index")
    app.router.add_get("/health", views.health, name="health")
    app.router.add_get("/sv/dataskydd", views.privacy, name="privacy_sv")
    app.router.add_get("/fi/tietosuoja", views.privacy, name="privacy_fi")
    app.router.add_get(r"/ics/{token:[A-Za-z0-9_\-]+}.ics", views.meeting_calendar, name="ics")
    app.router.add_get("/sv", views.city_page, name="city_sv")
    app.router.add_get("/fi", views.city_page, name="city_fi")
    app.router.add_get("/sv/tillganglighet", views.accessibility, name="a11y_sv")
    app.router.add_get("/fi/saavutettavuus", views.accessibility, name="a11y_fi")
    app.router.add_get("/widget.js", views.widget_js, name="widget")
    # chat proxy (the widget's only way to the bot)
    app.router.add_post("/api/chat/session", chat.new_session)
    app.router.add_post("/api/chat/message", chat.message)
    app.router.add_post("/api/chat/history", chat.history)
    app.router.add_post("/api/chat/delete", chat.delete)
    app.router.add_post("/api/chat/live/stream", chat_live.stream)
    app.router.add_static("/static", STATIC, name="static")
    # portal: coaches
    app.router.add_get("/portal/login", views_portal.login_form, name="login")
    app.router.add_post("/portal/login", views_portal.login)
    app.router.add_post("/portal/logout", views_portal.logout, name="logout")
    app.router.add_get("/portal/", views_portal.dashboard, name="dashboard")
    # ids as the database's INTEGER holds them: a longer number is a 404, not an overflow
    app.router.add_get("/portal/meetings/{meeting_id:\\d{1,9}}", views_portal.meeting_page)
    app.router.add_get("/portal/cases/{case_id}", views_portal.case_page, name="case")
    app.router.add_get("/portal/cases/{case_id}/print", views_portal.case_page)
    app.router.add_post("/portal/cases/{case_id}/notes", views_portal.add_note)
    app.router.add_post("/portal/cases/{case_id}/outcome", views_portal.set_outcome)
    app.router.add_get("/portal/queue", views_queue.queue_page, name="queue")
    app.router.add_post("/portal/queue/{item_id:\\d{1,9}}", views_queue.queue_move)
    app.router.add_post("/portal/cases/{case_id}/coach", views_queue.assign_coach)
    app.router.add_get("/portal/search", views_queue.search_page, name="search")
    # portal: live chat with a person
    app.router.add_get("/portal/live", views_live.live_page, name="live")
    app.router.add_get("/portal/live/queue.json", views_live.queue_json)
    app.router.add_get("/portal/live/events", views_live.queue_events)
    app.router.add_post("/portal/live/presence", views_live.set_presence)
    app.router.add_post("/portal/live/{chat_id:\\d{1,9}}/take", views_live.take)
    app.router.add_get("/portal/live/{chat_id:\\d{1,9}}", views_live.chat_page)
    app.router.add_get("/portal/live/{chat_id:\\d{1,9}}/events", views_live.chat_events)
    app.router.add_post("/portal/live/{chat_id:\\d{1,9}}/send", views_live.send)
    app.router.add_post("/portal/live/{chat_id:\\d{1,9}}/end", views_live.end)
    app.router.add_post("/portal/live/{chat_id:\\d{1,9}}/book", views_live.book)
    app.router.add_post("/portal/callbacks/{meeting_id:\\d{1,9}}/done", views_portal.close_callback)
    # portal: staff
    app.router.add_get("/portal/catalog", views_catalog.catalog_list, name="catalog")
    app.router.add_get("/portal/catalog/new", views_catalog.offer_form)
    app.router.add_post("/portal/catalog/new", views_catalog.offer_save)
    app.router.add_post("/portal/catalog/import", views_catalog.catalog_import)
    app.router.add_get("/portal/catalog/{external_id}", views_catalog.offer_form)
    app.router.add_post("/portal/catalog/{external_id}", views_catalog.offer_save)
    app.router.add_post("/portal/catalog/{external_id}/status", views_catalog.offer_status)
    app.router.add_get("/portal/coaches", views_coaches.coaches_page, name="coaches")
    app.router.add_post("/portal/coaches/{coach_id:\\d{1,9}}", views_coaches.coach_save)
    app.router.add_get("/portal/stats", views_stats.stats_page, name="stats")
    app.router.add_get("/portal/nlu/intents", views_nlu.intents_page, name="intents")
    app.router.add_get("/portal/nlu/intents/{intent:[\\w/]+}", views_nlu.intent_page)
    app.router.add_post("/portal/nlu/intents/{intent:[\\w/]+}", views_nlu.intent_edit)
    app.router.add_get("/portal/nlu/responses", views_nlu.responses_page, name="responses")
    app.router.add_post("/portal/nlu/responses/{name:[\\w/]+}", views_nlu.response_save)
    app.router.add_get("/portal/nlu/answers", views_answers.answers_page, name="answers")
    app.router.add_post("/portal/nlu/answers/{name:[\\w/]+}", views_answers.answer_checked)
    app.router.add_get("/portal/nlu/conversations", views_nlu.conversation_files)
    app.router.add_post("/portal/nlu/conversations", views_nlu.conversation_files)
    app.router.add_get("/portal/nlu/inbox", views_inbox.inbox_page, name="inbox")
    app.router.add_post("/portal/nlu/inbox", views_inbox.inbox_decide)
    app.router.add_get("/portal/nlu/train", views_nlu.train_page, name="train")
    app.router.add_post("/portal/nlu/train", views_nlu.train_page)
