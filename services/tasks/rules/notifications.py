"""Who hears of what: the recipients of a comment's notifications."""


def comment_recipients(author, assignees, subscribers, mentions):
    """({comment notification recipients}, {mention recipients}): the task's assignees and
    subscribers, and the mentioned persons — never the author."""
    return (set(assignees or []) | set(subscribers or [])) - {author}, set(mentions or []) - {author}


def assignation_notified(person_id, author_id):
    """Nobody is told of their own doing (nor of an assignment without an author)."""
    return bool(author_id) and author_id != person_id
