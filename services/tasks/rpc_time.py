"""RPC entry points of the time & social area: time spents, day offs (TimeRpc); subscriptions,
notifications, chats, saved filters (SocialRpc)."""
from shared.service import entrypoint

from .collections import DAY_OFFS, TIME_SPENTS


def params(request):
    return request["params"]


class TimeRpc:
    # -- the generic CRUD: time spents keep their task's duration, day offs their rules ---------
    @entrypoint
    def crud_create(self, request):
        collection = params(request)["collection"]
        if collection == TIME_SPENTS.name:
            return self.platform.time_spents.crud_create(request["actor"], request["body"])
        if collection == DAY_OFFS.name:
            return self.platform.day_offs.create(request["actor"], request["body"])
        return super().crud_create(request)

    @entrypoint
    def crud_get(self, request):
        if params(request)["collection"] == DAY_OFFS.name:
            return self.platform.day_offs.get(request["actor"], params(request)["instance_id"])
        return super().crud_get(request)

    @entrypoint
    def crud_update(self, request):
        collection, instance_id = params(request)["collection"], params(request)["instance_id"]
        if collection == TIME_SPENTS.name:
            return self.platform.time_spents.crud_update(request["actor"], instance_id, request["body"])
        if collection == DAY_OFFS.name:
            return self.platform.day_offs.update(request["actor"], instance_id, request["body"])
        return super().crud_update(request)

    @entrypoint
    def crud_delete(self, request):
        if params(request)["collection"] == TIME_SPENTS.name:
            return self.platform.time_spents.crud_delete(request["actor"], params(request)["instance_id"])
        return super().crud_delete(request)

    # -- time spents ----------------------------------------------------------------------------
    @entrypoint
    def set_time_spent(self, request):
        p = params(request)
        return self.platform.time_spents.set(request["actor"], p["task_id"], p["date"], p["person_id"],
                                             request["body"], add=p.get("add", False))

    @entrypoint
    def delete_time_spent(self, request):
        p = params(request)
        return self.platform.time_spents.delete(request["actor"], p["task_id"], p["date"], p["person_id"])

    @entrypoint
    def task_type_time_spents(self, request):
        p = params(request)
        return self.platform.time_spents.task_type_range(request["actor"], p["project_id"], p["task_type_id"],
                                                         request["query"])

    @entrypoint
    def task_time_spents(self, request):
        p = params(request)
        return self.platform.time_spents.for_task(request["actor"], p["task_id"], p.get("date"))

    @entrypoint
    def person_time_spents(self, request):
        return self.platform.time_spents.person_range(request["actor"], params(request)["person_id"],
                                                      request["query"])

    @entrypoint
    def person_day_time_spents(self, request):
        p = params(request)
        return self.platform.time_spents.person_day(request["actor"], p["person_id"], p["date"])

    @entrypoint
    def person_period_time_spents(self, request):
        """…/time-spents/{year|month|week|day}/…: the route's fixed `period` names the segments."""
        p = params(request)
        values = [p[key] for key in ("year", "month", "week", "day") if key in p]
        return self.platform.time_spents.person_period(request["actor"], p["person_id"], p["period"],
                                                       values, request["query"])

    @entrypoint
    def person_month_all_time_spents(self, request):
        p = params(request)
        return self.platform.time_spents.person_month_all(request["actor"], p["person_id"],
                                                          p["year"], p["month"])

    @entrypoint
    def user_time_spents(self, request):
        return self.platform.time_spents.user_range(request["actor"], request["query"])

    @entrypoint
    def user_day_time_spents(self, request):
        return self.platform.time_spents.user_day(request["actor"], params(request)["date"])

    @entrypoint
    def user_task_time_spent(self, request):
        p = params(request)
        return self.platform.time_spents.user_task_day(request["actor"], p["task_id"], p["date"])

    @entrypoint
    def project_time_spents(self, request):
        return self.platform.time_tables.project_time_spents(request["actor"], params(request)["project_id"])

    @entrypoint
    def entity_time_spents(self, request):
        return self.platform.time_tables.entity_time_spents(request["actor"], params(request)["entity_id"])

    @entrypoint
    def time_spents_table(self, request):
        """…/time-spents/{year|month|week|day}-table/…: the route's fixed `table` names the kind."""
        p = params(request)
        values = [p[key] for key in ("year", "month") if key in p]
        return self.platform.time_tables.table(request["actor"], p["table"], values, request["query"])

    # -- day offs -------------------------------------------------------------------------------
    @entrypoint
    def person_day_off(self, request):
        p = params(request)
        return self.platform.day_offs.person_day(request["actor"], p["person_id"], p["date"])

    @entrypoint
    def person_day_offs(self, request):
        p = params(request)
        values = [p[key] for key in ("year", "month", "week") if key in p]
        return self.platform.day_offs.person_period(request["actor"], p["person_id"], p.get("period"),
                                                    values)

    @entrypoint
    def month_day_offs(self, request):
        p = params(request)
        return self.platform.day_offs.month(request["actor"], p["year"], p["month"])

    @entrypoint
    def project_day_offs(self, request):
        return self.platform.day_offs.project(request["actor"], params(request)["project_id"])

    @entrypoint
    def user_day_off(self, request):
        return self.platform.day_offs.user_day(request["actor"], params(request)["date"])


class SocialRpc:
    # -- subscriptions --------------------------------------------------------------------------
    @entrypoint
    def subscribe_to_task(self, request):
        return self.platform.social.subscribe(request["actor"], params(request)["task_id"])

    @entrypoint
    def unsubscribe_from_task(self, request):
        return self.platform.social.unsubscribe(request["actor"], params(request)["task_id"])

    @entrypoint
    def task_subscribed(self, request):
        return self.platform.social.is_subscribed(request["actor"], params(request)["task_id"])

    @entrypoint
    def subscribe_to_tasks(self, request):
        return self.platform.social.subscribe_many(request["actor"], request["body"])

    @entrypoint
    def unsubscribe_from_tasks(self, request):
        return self.platform.social.unsubscribe_many(request["actor"], request["body"])

    @entrypoint
    def subscribe_to_sequence(self, request):
        p = params(request)
        return self.platform.social.subscribe_sequence(request["actor"], p["sequence_id"], p["task_type_id"])

    @entrypoint
    def unsubscribe_from_sequence(self, request):
        p = params(request)
        return self.platform.social.unsubscribe_sequence(request["actor"], p["sequence_id"],
                                                         p["task_type_id"])

    @entrypoint
    def sequence_subscribed(self, request):
        p = params(request)
        return self.platform.social.is_subscribed_to_sequence(request["actor"], p["sequence_id"],
                                                              p["task_type_id"])

    @entrypoint
    def project_subscriptions(self, request):
        return self.platform.social.project_subscriptions(request["actor"], params(request)["project_id"])

    # -- notifications --------------------------------------------------------------------------
    @entrypoint
    def user_notifications(self, request):
        return self.platform.social.user_notifications(request["actor"], request["query"])

    @entrypoint
    def user_notification(self, request):
        return self.platform.social.user_notification(request["actor"], params(request)["notification_id"])

    @entrypoint
    def update_user_notification(self, request):
        return self.platform.social.mark(request["actor"], params(request)["notification_id"],
                                         request["body"])

    @entrypoint
    def mark_all_notifications_read(self, request):
        return self.platform.social.mark_all_read(request["actor"])

    @entrypoint
    def project_notifications(self, request):
        return self.platform.social.project_notifications(request["actor"], params(request)["project_id"])

    # -- news -----------------------------------------------------------------------------------
    @entrypoint
    def project_news(self, request):
        return self.platform.news.project_news(request["actor"], params(request)["project_id"],
                                               request["query"], self.directory)

    @entrypoint
    def entity_news(self, request):
        return self.platform.news.entity_news(request["actor"], params(request)["entity_id"], self.directory)

    @entrypoint
    def project_news_item(self, request):
        p = params(request)
        return self.platform.news.news_item(request["actor"], p["project_id"], p["news_id"],
                                            self.directory)

    @entrypoint
    def open_projects_news(self, request):
        return self.platform.news.open_projects_news(request["actor"], request["query"], self.directory)

    # -- chats ----------------------------------------------------------------------------------
    @entrypoint
    def user_chats(self, request):
        return self.platform.chats.user_chats(request["actor"])

    @entrypoint
    def join_chat(self, request):
        return self.platform.chats.join(request["actor"], params(request)["entity_id"])

    @entrypoint
    def leave_chat(self, request):
        return self.platform.chats.leave(request["actor"], params(request)["entity_id"])

    @entrypoint
    def entity_chat(self, request):
        return self.platform.chats.entity_chat(request["actor"], params(request)["entity_id"])

    @entrypoint
    def entity_chat_messages(self, request):
        return self.platform.chats.messages(request["actor"], params(request)["entity_id"])

    @entrypoint
    def entity_chat_message(self, request):
        p = params(request)
        return self.platform.chats.message(request["actor"], p["entity_id"], p["chat_message_id"])

    @entrypoint
    def post_chat_message(self, request):
        return self.platform.chats.post_message(request["actor"], params(request)["entity_id"],
                                                request["body"])

    @entrypoint
    def delete_chat_message(self, request):
        p = params(request)
        return self.platform.chats.delete_message(request["actor"], p["entity_id"], p["chat_message_id"])

    # -- saved filters --------------------------------------------------------------------------
    @entrypoint
    def user_filters(self, request):
        return self.platform.filters.filters(request["actor"])

    @entrypoint
    def create_user_filter(self, request):
        return self.platform.filters.create_filter(request["actor"], request["body"])

    @entrypoint
    def update_user_filter(self, request):
        return self.platform.filters.update_filter(request["actor"], params(request)["filter_id"],
                                                   request["body"])

    @entrypoint
    def delete_user_filter(self, request):
        return self.platform.filters.remove_filter(request["actor"], params(request)["filter_id"])

    @entrypoint
    def user_filter_groups(self, request):
        return self.platform.filters.groups(request["actor"])

    @entrypoint
    def user_filter_group(self, request):
        return self.platform.filters.group(request["actor"], params(request)["filter_group_id"])

    @entrypoint
    def create_user_filter_group(self, request):
        return self.platform.filters.create_group(request["actor"], request["body"])

    @entrypoint
    def update_user_filter_group(self, request):
        return self.platform.filters.update_group(request["actor"], params(request)["filter_group_id"],
                                                  request["body"])

    @entrypoint
    def delete_user_filter_group(self, request):
        return self.platform.filters.remove_group(request["actor"], params(request)["filter_group_id"])
