"""API tokens of bots and persons: how long they last."""
import datetime


def token_lifetime(expiration_date, at=None):
    """API tokens last until the end of their expiration date (UTC), or forever (False)."""
    if not expiration_date:
        return False
    end = datetime.datetime.combine(datetime.date.fromisoformat(expiration_date) + datetime.timedelta(days=1),
                                    datetime.time(), tzinfo=datetime.timezone.utc)
    return end - (at or datetime.datetime.now(datetime.timezone.utc))
