"""Routes answered by the tasks service's time & social area: time spents (and the quotas and
budgets reckoned from them), day offs, subscriptions, notifications, news feeds, chats and saved
filters."""
from . import rows

TIME_SPENT = "/actions/tasks/{task_id}/time-spents/{date}/persons/{person_id}"
PERSON_TIME = "/data/persons/{person_id}/time-spents"
PERSON_DAY_OFFS = "/data/persons/{person_id}/day-offs"
QUOTA_SHOTS = "/data/persons/{person_id}/quota-shots"
TABLES = "/data/persons/time-spents"
ENTITY_CHAT = "/data/entities/{entity_id}/chat"
SEQUENCE_SUBSCRIPTION = "/actions/user/sequences/{sequence_id}/task-types/{task_type_id}"

ROUTES = rows(
    "tasks",
    # time spents
    ("GET", "/actions/tasks/{task_id}/time-spents", "task_time_spents"),
    ("GET", "/actions/tasks/{task_id}/time-spents/{date}", "task_time_spents"),
    ("POST", TIME_SPENT, "set_time_spent", "access", 201),
    ("POST", TIME_SPENT + "/add", "set_time_spent", "access", 201, {"add": True}),
    ("DELETE", TIME_SPENT, "delete_time_spent", "access", 201),
    ("GET", PERSON_TIME, "person_time_spents"),
    ("GET", PERSON_TIME + "/{date}", "person_day_time_spents"),
    ("GET", PERSON_TIME + "/year/{year}", "person_period_time_spents", "access", 200, {"period": "year"}),
    ("GET", PERSON_TIME + "/month/{year}/{month}", "person_period_time_spents", "access", 200,
     {"period": "month"}),
    ("GET", PERSON_TIME + "/week/{year}/{week}", "person_period_time_spents", "access", 200,
     {"period": "week"}),
    ("GET", PERSON_TIME + "/day/{year}/{month}/{day}", "person_period_time_spents", "access", 200,
     {"period": "day"}),
    ("GET", PERSON_TIME + "/month/all/{year}/{month}", "person_month_all_time_spents"),
    ("GET", "/data/user/time-spents", "user_time_spents"),
    # quotas
    ("GET", QUOTA_SHOTS + "/day/{year}/{month}/{day}", "person_quota_shots", "access", 200, {"period": "day"}),
    ("GET", QUOTA_SHOTS + "/week/{year}/{week}", "person_quota_shots", "access", 200, {"period": "week"}),
    ("GET", QUOTA_SHOTS + "/month/{year}/{month}", "person_quota_shots", "access", 200, {"period": "month"}),
    ("GET", "/data/projects/{project_id}/task-types/{task_type_id}/time-spents", "task_type_time_spents"),
    ("GET", "/data/projects/{project_id}/time-spents", "project_time_spents"),
    ("GET", "/data/projects/{project_id}/budgets/time-spents", "project_month_time_spents"),
    ("GET", "/data/entities/{entity_id}/time-spents", "entity_time_spents"),
    ("GET", TABLES + "/year-table", "time_spents_table", "access", 200, {"table": "year"}),
    ("GET", TABLES + "/month-table/{year}", "time_spents_table", "access", 200, {"table": "month"}),
    ("GET", TABLES + "/week-table/{year}", "time_spents_table", "access", 200, {"table": "week"}),
    ("GET", TABLES + "/day-table/{year}/{month}", "time_spents_table", "access", 200, {"table": "day"}),
    ("GET", "/data/user/time-spents/{date}", "user_day_time_spents"),
    ("GET", "/data/user/tasks/{task_id}/time-spents/{date}", "user_task_time_spent"),
    # day offs
    ("GET", PERSON_DAY_OFFS, "person_day_offs"),
    ("GET", PERSON_DAY_OFFS + "/{date}", "person_day_off"),
    ("GET", PERSON_DAY_OFFS + "/week/{year}/{week}", "person_day_offs", "access", 200, {"period": "week"}),
    ("GET", PERSON_DAY_OFFS + "/month/{year}/{month}", "person_day_offs", "access", 200,
     {"period": "month"}),
    ("GET", PERSON_DAY_OFFS + "/year/{year}", "person_day_offs", "access", 200, {"period": "year"}),
    ("GET", "/data/persons/day-offs/{year}/{month}", "month_day_offs"),
    ("GET", "/data/user/day-offs/{date}", "user_day_off"),
    ("GET", "/data/projects/{project_id}/day-offs", "project_day_offs"),
    # subscriptions
    ("POST", "/actions/user/tasks/{task_id}/subscribe", "subscribe_to_task", "access", 201),
    ("DELETE", "/actions/user/tasks/{task_id}/unsubscribe", "unsubscribe_from_task", "access", 204),
    ("GET", "/data/user/tasks/{task_id}/subscribed", "task_subscribed"),
    ("POST", "/actions/user/tasks/subscribe", "subscribe_to_tasks", "access", 201),
    ("POST", "/actions/user/tasks/unsubscribe", "unsubscribe_from_tasks"),
    ("POST", SEQUENCE_SUBSCRIPTION + "/subscribe", "subscribe_to_sequence", "access", 201),
    ("DELETE", SEQUENCE_SUBSCRIPTION + "/unsubscribe", "unsubscribe_from_sequence", "access", 204),
    ("GET", "/data/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribed", "sequence_subscribed"),
    ("GET", "/data/user/entities/{sequence_id}/task-types/{task_type_id}/subscribed", "sequence_subscribed"),
    ("GET", "/data/user/projects/{project_id}/task-types/{task_type_id}/sequence-subscriptions",
     "sequence_subscriptions"),
    ("GET", "/data/projects/{project_id}/subscriptions", "project_subscriptions"),
    # notifications
    ("GET", "/data/user/notifications", "user_notifications"),
    ("GET", "/data/user/notifications/{notification_id}", "user_notification"),
    ("PUT", "/data/user/notifications/{notification_id}", "update_user_notification"),
    ("POST", "/actions/user/notifications/mark-all-as-read", "mark_all_notifications_read"),
    ("GET", "/data/projects/{project_id}/notifications", "project_notifications"),
    # news feeds
    ("GET", "/data/projects/news", "open_projects_news"),
    ("GET", "/data/projects/{project_id}/news", "project_news"),
    ("GET", "/data/projects/{project_id}/news/{news_id}", "project_news_item"),
    ("GET", "/data/entities/{entity_id}/news", "entity_news"),  # owned by production in routes.tsv: news are ours
    # chats
    ("GET", "/data/user/chats", "user_chats"),
    ("POST", "/actions/user/chats/{entity_id}/join", "join_chat"),
    ("DELETE", "/actions/user/chats/{entity_id}/join", "leave_chat", "access", 204),
    ("GET", ENTITY_CHAT, "entity_chat"),
    ("GET", ENTITY_CHAT + "/messages", "entity_chat_messages"),
    ("POST", ENTITY_CHAT + "/messages", "post_chat_message", "access", 201),
    ("GET", ENTITY_CHAT + "/messages/{chat_message_id}", "entity_chat_message"),
    ("DELETE", ENTITY_CHAT + "/messages/{chat_message_id}", "delete_chat_message", "access", 204),
    # saved filters
    ("GET", "/data/user/filters", "user_filters"),
    ("POST", "/data/user/filters", "create_user_filter", "access", 201),
    ("PUT", "/data/user/filters/{filter_id}", "update_user_filter"),
    ("DELETE", "/data/user/filters/{filter_id}", "delete_user_filter", "access", 204),
    ("GET", "/data/user/filter-groups", "user_filter_groups"),
    ("POST", "/data/user/filter-groups", "create_user_filter_group", "access", 201),
    ("GET", "/data/user/filter-groups/{filter_group_id}", "user_filter_group"),
    ("PUT", "/data/user/filter-groups/{filter_group_id}", "update_user_filter_group"),
    ("DELETE", "/data/user/filter-groups/{filter_group_id}", "delete_user_filter_group", "access", 204),
)
