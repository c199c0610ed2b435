"""Configuration from the environment, with Zou's variable names where they exist."""
import os

SERVICES = ("auth", "production", "tasks", "media", "importer")


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


DB_HOST = env("DB_HOST", "127.0.0.1")
DB_PORT = int(env("DB_PORT", "5432"))
DB_USERNAME = env("DB_USERNAME", "postgres")
DB_PASSWORD = env("DB_PASSWORD", "")
DB_PREFIX = env("DB_PREFIX", "kitsu")
# Per service process. Connections are opened on demand and kept (no overflow: opening one per
# request costs PostgreSQL a backend start); workers beyond the pool wait for a free connection,
# DB_POOL_TIMEOUT seconds at most (then 503). Sized by each service's share of the requests (tasks
# answers most writes; measured: its status changes/s grow until about 14). Two processes of each
# of the five services fit in PostgreSQL's default 100 connections with room to spare (2 x 40).
POOL_SIZES = {"auth": 4, "production": 10, "tasks": 14, "media": 8, "importer": 4}


def pool_size(service):
    """DB_POOL_SIZE when set (every service alike), else the service's share."""
    return int(env("DB_POOL_SIZE", str(POOL_SIZES.get(service, 6))))


DB_MAX_OVERFLOW = int(env("DB_MAX_OVERFLOW", "0"))
DB_POOL_TIMEOUT = float(env("DB_POOL_TIMEOUT", "5"))
AMQP_URI = env("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
# Signs the tokens: never a default (a key published in the repo would let anyone forge tokens).
# deploy/up generates one per run dir; services that sign or verify refuse to start without one.
SECRET_KEY = env("SECRET_KEY")
MIN_SECRET_KEY_LENGTH = 16
PREVIEW_FOLDER = env("PREVIEW_FOLDER", "/tmp/kitsu-previews")  # the files, or with FS_BACKEND=s3 their cache
# The file store (shared/storage.py), with Zou's settings: local (under PREVIEW_FOLDER) or s3
FS_BACKEND = env("FS_BACKEND", "local")
FS_BUCKET_PREFIX = env("FS_BUCKET_PREFIX", "")  # buckets <prefix>pictures, <prefix>movies, <prefix>files
FS_S3_ENDPOINT = env("FS_S3_ENDPOINT")  # unset: AWS
FS_S3_REGION = env("FS_S3_REGION")
FS_S3_ACCESS_KEY = env("FS_S3_ACCESS_KEY")  # unset: boto3's own lookup (AWS_* variables, instance role)
FS_S3_SECRET_KEY = env("FS_S3_SECRET_KEY")
FS_S3_CREATE_BUCKET = env("FS_S3_CREATE_BUCKET", "false").lower() in ("1", "true", "yes")
GATEWAY_HOST = env("GATEWAY_HOST", "127.0.0.1")
GATEWAY_PORT = int(env("GATEWAY_PORT", "8080"))
JSON_BODY_LIMIT_MB = float(env("JSON_BODY_LIMIT_MB", "2"))  # bigger JSON bodies: 413 (gateway/guard.py)
UPLOAD_LIMIT_MB = float(env("UPLOAD_LIMIT_MB", "2048"))  # the files of one multipart upload (gateway/files.py)
CLIENT_CACHE_MAX_AGE = int(env("CLIENT_CACHE_MAX_AGE", "604800"))  # served files, in the browser only (7 days)
MAX_IMAGE_PIXELS = int(env("MAX_IMAGE_PIXELS", str(400 * 1000 * 1000)))  # bigger pictures: 400 (decompression bombs)
TRANSCODE_TIME_LIMIT = float(env("TRANSCODE_TIME_LIMIT", "1800"))  # seconds one movie job may take (media jobs)
ADMIN_EMAIL = env("KITSU_ADMIN_EMAIL", "admin@example.com")
ADMIN_PASSWORD = env("KITSU_ADMIN_PASSWORD", "mysecretpassword")
BCRYPT_LOG_ROUNDS = int(env("BCRYPT_LOG_ROUNDS", "12"))
MIN_PASSWORD_LENGTH = int(env("MIN_PASSWORD_LENGTH", "8"))
NB_RECORDS_PER_PAGE = int(env("NB_RECORDS_PER_PAGE", "100"))
ANSWER_CACHE_MB = int(env("ANSWER_CACHE_MB", "64"))  # per process: big list answers (shared/answers.py)
USER_LIMIT = int(env("USER_LIMIT", "100"))
RPC_TIMEOUT = float(env("RPC_TIMEOUT", "30"))
IMPORT_TIMEOUT = float(env("IMPORT_TIMEOUT", "600"))  # a page of imported records (gateway/routes/importer.py)
# how long a request waits for this service's replicas to hold its client's earlier writes
READ_YOUR_WRITES_TIMEOUT = float(env("READ_YOUR_WRITES_TIMEOUT", "5"))
MAIL_SERVER = env("MAIL_SERVER")  # no mail server: reset links go to the auth service's log
ACCESS_TOKEN_DAYS = 7
REFRESH_TOKEN_DAYS = 15
API_NAME = "Zou"
API_VERSION = "1.0.97"


def database_url(service):
    auth = DB_USERNAME + (f":{DB_PASSWORD}" if DB_PASSWORD else "")
    return f"postgresql+psycopg2://{auth}@{DB_HOST}:{DB_PORT}/{DB_PREFIX}_{service}"


def events_exchange(service):
    return f"{service}.events"
