"""Outgoing mail with Zou's MAIL_* settings, for every service (password resets, share link
invitations…). Without MAIL_SERVER there is no mail (dev mode): what would be sent is logged."""
import logging
import smtplib
from email.message import EmailMessage

from . import config

log = logging.getLogger(__name__)
TRUE = ("1", "true", "yes", "on")


def enabled():
    return bool(config.MAIL_SERVER)


def send(to, subject, text):
    """Send one plain-text mail; a failure is logged, not raised (the command is already committed)."""
    message = EmailMessage()
    message["From"] = config.env("MAIL_DEFAULT_SENDER", "no-reply@cg-wire.com")
    message["To"], message["Subject"] = to, subject
    message.set_content(text)
    use_ssl = str(config.env("MAIL_USE_SSL", "")).lower() in TRUE
    client = smtplib.SMTP_SSL if use_ssl else smtplib.SMTP
    try:
        with client(config.MAIL_SERVER, int(config.env("MAIL_PORT", "465" if use_ssl else "25")),
                    timeout=10) as smtp:
            if str(config.env("MAIL_USE_TLS", "")).lower() in TRUE:
                smtp.starttls()
            if config.env("MAIL_USERNAME"):
                smtp.login(config.env("MAIL_USERNAME"), config.env("MAIL_PASSWORD", ""))
            smtp.send_message(message)
        return True
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s not sent", to)
        return False


def deliver(to, subject, text):
    """Mail it, or log it where no mail server is configured."""
    if enabled():
        send(to, subject, text)
    else:
        log.warning("mail is not configured (MAIL_SERVER): for %s, %r: %r", to, subject, text)  # one line


def site_link(path):
    """A link to the web app (Zou's DOMAIN_PROTOCOL and DOMAIN_NAME)."""
    return f"{config.env('DOMAIN_PROTOCOL', 'https')}://{config.env('DOMAIN_NAME', 'localhost:8080')}{path}"
