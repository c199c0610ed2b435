"""Routes answered by the media service: preview files and attachments, with their review actions
(on a task's comment; the tasks service is asked about the task and the comment)."""
from . import rows

COLLECTIONS = {name: "media" for name in (
    "preview-files", "attachment-files", "playlists", "output-types", "softwares", "file-status", "hardware-items",
    "preview-background-files", "working-files", "output-files")}
ATTACHMENTS = {"store": "files/attachments"}  # where the gateway keeps their bytes
# a comment posted with files (gazu: a multipart whose form fields are the comment, JSON-encoded
# lists among them): once the comment is made, media's `attach` RPC records its attachments
COMMENT_ATTACHMENTS = {**ATTACHMENTS, "attach": "add_attachments", "json_fields": ("checklist", "links")}

UPLOADS = {"store": "files/uploads"}  # staged: the media service moves or processes them
COMMENT = "/actions/tasks/{task_id}/comments/{comment_id}"
PREVIEW = "preview-files/{preview_file_id}"
PICTURES = {"originals": "pictures/original", "previews": "pictures/previews",
            "thumbnails": "pictures/thumbnails", "thumbnails-square": "pictures/thumbnails-square"}
MOVIES = {"originals": "movies/previews", "low": "movies/lowdef", "source": "movies/source"}


INSTANCE = "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}"
# paths from the project's file tree, and the working and output file revisions made with them
FILE_TREE_ROUTES = [
    ("POST", "/actions/projects/{project_id}/set-file-tree", "set_file_tree"),
    ("POST", "/data/tasks/{task_id}/working-file-path", "working_file_path"),
    ("POST", "/data/entities/{entity_id}/output-file-path", "entity_output_file_path"),
    ("POST", f"{INSTANCE}/output-file-path", "instance_output_file_path"),
    ("POST", "/data/entities/guess-from-path", "guess_from_path"),
    ("POST", "/data/entities/guess_from_path", "guess_from_path"),
    ("POST", "/data/tasks/{task_id}/working-files/new", "new_working_file", "access", 201),
    ("GET", "/data/tasks/{task_id}/working-files/last-revisions", "task_last_working_files"),
    ("POST", "/data/entities/{entity_id}/output-files/new", "new_entity_output_file", "access", 201),
    ("POST", f"{INSTANCE}/output-files/new", "new_instance_output_file", "access", 201),
    ("POST", "/data/entities/{entity_id}/output-files/next-revision", "entity_output_next_revision"),
    ("POST", f"{INSTANCE}/output-files/next-revision", "instance_output_next_revision"),
    ("GET", "/data/entities/{entity_id}/output-files/last-revisions", "entity_last_output_files"),
    ("GET", f"{INSTANCE}/output-files/last-revisions", "instance_last_output_files"),
    ("GET", "/data/entities/{entity_id}/output-types/{output_type_id}/output-files", "entity_output_type_files"),
    ("GET", f"{INSTANCE}/output-types", "instance_output_types"),
    ("GET", f"{INSTANCE}/output-types/{{output_type_id}}/output-files", "instance_output_type_files"),
    ("GET", "/data/asset-instances/{asset_instance_id}/output-files", "instance_output_files"),
    ("GET", "/data/projects/{project_id}/output-files", "project_output_files"),
]


def sent(path, rpc, store):
    """A GET whose answer names a stored file that the gateway sends (gateway/files.py)."""
    return ("GET", path, rpc, "access", 200, {"store": store}, "file")

ROUTES = rows(
    "media",
    ("POST", f"{COMMENT}/add-preview", "add_preview", "access", 201),
    ("POST", f"{COMMENT}/preview-files/{{preview_file_id}}", "add_extra_preview", "access", 201),
    ("DELETE", f"{COMMENT}/preview-files/{{preview_file_id}}", "remove_preview_from_comment", "access", 204),
    ("GET", "/data/tasks/{task_id}/previews", "task_previews"),
    ("GET", "/data/projects/{project_id}/preview-files", "project_preview_files"),
    ("POST", f"{COMMENT}/add-attachment", "add_attachments", "access", 201, ATTACHMENTS, "upload"),
    ("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}",
     "delete_attachment", "access", 204),
    ("GET", "/data/attachment-files/{attachment_file_id}/file/{file_name}", "attachment_file", "access",
     200, ATTACHMENTS, "file"),
    ("GET", "/data/tasks/{task_id}/attachment-files", "task_attachment_files"),
    ("POST", f"/pictures/{PREVIEW}", "upload_preview_file", "access", 201, UPLOADS, "upload"),
    ("PUT", f"/actions/{PREVIEW}/set-main-preview", "set_main_preview"),
    ("GET", "/data/projects/{project_id}/playlists", "project_playlists"),
    ("GET", "/data/projects/{project_id}/episodes/{episode_id}/playlists", "episode_playlists"),
    ("POST", "/actions/playlists/{playlist_id}/add-entity", "add_entity_to_playlist"),
    *[("GET", f"/data/{kind}/{{entity_id}}/preview-files", "entity_previews_by_task_type")
      for kind in ("playlists/entities", "shots", "edits", "concepts")],
    ("GET", "/data/entities/{entity_id}/preview-files", "entity_preview_files"),
    ("GET", "/data/playlists/preview-files/running", "running_preview_files"),
    ("GET", "/data/tasks/{task_id}/working-files", "task_working_files"),
    ("GET", "/data/entities/{entity_id}/working-files", "entity_working_files"),
    ("PUT", "/actions/working-files/{working_file_id}/comment", "comment_working_file"),
    ("POST", "/data/working-files/{working_file_id}/file", "store_working_file", "access", 201, UPLOADS, "upload"),
    sent("/data/working-files/{working_file_id}/file", "working_file_content", "files/working"),
    ("PUT", "/actions/working-files/{working_file_id}/modified", "working_file_modified"),
    ("GET", "/data/entities/{entity_id}/output-files", "entity_output_files"),
    ("GET", "/data/entities/{entity_id}/output-types", "entity_output_types"),
    ("PUT", f"/actions/{PREVIEW}/update-annotations", "update_preview_annotations"),
    ("PUT", f"/actions/{PREVIEW}/update-position", "update_preview_position"),
    *[sent(f"/pictures/{variant}/{PREVIEW}.png", "preview_picture", store) for variant, store in PICTURES.items()],
    sent(f"/pictures/originals/{PREVIEW}.{{extension}}", "preview_file_original", "pictures/original"),
    sent(f"/pictures/originals/{PREVIEW}/download", "preview_download", "pictures/original"),
    sent(f"/movies/tiles/{PREVIEW}.png", "preview_picture", "pictures/tiles"),
    *[sent(f"/movies/{variant}/{PREVIEW}.mp4", "preview_movie", store) for variant, store in MOVIES.items()],
    sent(f"/movies/originals/{PREVIEW}/download", "preview_download", "movies/previews"),
    ("GET", "/data/projects/{project_id}/attachment-files", "project_attachment_files"),
    *FILE_TREE_ROUTES,
)

# playlists: their movie builds (a job worker makes the movie), zip of their files (written by the
# service, sent once by the gateway), temporary playlists, entries, clients' notices
PLAYLIST = "/data/playlists/{playlist_id}"
ROUTES += rows(
    "media",
    ("GET", f"{PLAYLIST}/build/mp4", "build_playlist_movie"),
    ("GET", f"{PLAYLIST}/jobs/{{build_job_id}}", "playlist_build_job"),
    ("DELETE", f"{PLAYLIST}/jobs/{{build_job_id}}", "delete_playlist_build_job", "access", 204),
    sent(f"{PLAYLIST}/jobs/{{build_job_id}}/build/mp4", "playlist_build_movie", "movies/playlists"),
    ("GET", "/data/projects/{project_id}/build-jobs", "project_build_jobs"),
    sent(f"{PLAYLIST}/download/zip", "playlist_zip", "files/playlist-zips"),
    ("POST", "/data/projects/{project_id}/playlists/temp", "temp_playlist"),
    ("POST", "/actions/playlists/{playlist_id}/add-entities", "add_entities_to_playlist"),
    ("GET", "/data/projects/{project_id}/playlists/all", "project_all_playlists"),
    ("GET", "/data/projects/{project_id}/playlists/{playlist_id}", "project_playlist"),
    ("POST", f"{PLAYLIST}/notify-clients", "notify_clients_playlist_ready"),
)

# avatars, preview backgrounds' files, pictures made from a preview, batch comments, file infos
THUMBNAILS = {"store": "pictures/thumbnails"}
AVATAR_ROUTES = [
    row for kind in ("persons", "projects", "organisations")
    for path in (f"/pictures/thumbnails/{kind}/{{instance_id}}", f"/pictures/thumbnails/{kind}/{{instance_id}}.png")
    for row in (("POST", path, "upload_avatar", "access", 201, {**UPLOADS, "kind": kind}, "upload"),
                ("GET", path, "avatar", "access", 200, {**THUMBNAILS, "kind": kind}, "file"))]
EXTRACT = f"/actions/{PREVIEW}/extract"
ROUTES += rows(
    "media",
    *AVATAR_ROUTES,
    ("POST", "/pictures/preview-background-files/{instance_id}", "upload_preview_background", "access", 201,
     UPLOADS, "upload"),
    sent("/pictures/preview-background-files/{instance_id}.{extension}", "preview_background_file",
         "pictures/preview-backgrounds"),
    sent("/pictures/thumbnails/preview-background-files/{instance_id}.png", "preview_background_thumbnail",
         "pictures/thumbnails"),
    ("POST", "/pictures/thumbnails/preview-background-files/{instance_id}.png", "upload_preview_background_thumbnail"),
    sent("/pictures/thumbnails/attachment-files/{attachment_file_id}.png", "attachment_thumbnail",
         "pictures/thumbnails"),
    sent(f"{EXTRACT}-frame", "extract_frame", "files/extracts"),
    sent(f"{EXTRACT}-tile", "extract_tile", "pictures/tiles"),
    sent(f"{EXTRACT}-annotated-frame", "extract_annotated_frame", "files/extracts"),
    sent(f"{EXTRACT}-annotated-frames", "extract_annotated_frames", "files/extracts"),
    sent(f"{EXTRACT}-annotated-frames-pdf", "extract_annotated_frames_pdf", "files/extracts"),
    ("POST", "/actions/tasks/{task_id}/batch-comment", "batch_comment", "access", 201, UPLOADS, "upload"),
    ("POST", "/actions/tasks/batch-comment", "batch_comment", "access", 201, UPLOADS, "upload"),
    ("GET", "/data/files/{file_id}", "file_info"),
)

# playlist share links: kept by the project's managers; their guest routes are reached without a
# login (rule "share": the path's token, and its password, open one playlist's previews)
SHARE = f"{PLAYLIST}/share"
SHARED = "/shared/playlists/{token}"


def shared_file(path, rpc, store, **params):
    return ("GET", f"{SHARED}/{path}", rpc, "share", 200, {"store": store, **params}, "file")


ROUTES += rows(
    "media",
    ("GET", SHARE, "playlist_share_links"),
    ("POST", SHARE, "create_playlist_share_link", "access", 201),
    ("DELETE", f"{SHARE}/{{token}}", "revoke_playlist_share_link"),
    ("POST", f"{SHARE}/{{token}}/invite", "invite_to_playlist_share_link"),
    ("GET", SHARED, "shared_playlist", "share"),
    ("GET", f"{SHARED}/context", "shared_playlist_context", "share"),
    ("GET", f"{SHARED}/{PREVIEW}", "shared_preview_file", "share"),
    shared_file(f"movies/originals/{PREVIEW}.mp4", "shared_preview_movie", "movies/previews"),
    shared_file(f"movies/tiles/{PREVIEW}.png", "shared_preview_picture", "pictures/tiles"),
    shared_file(f"pictures/originals/{PREVIEW}.png", "shared_preview_picture", "pictures/original"),
    shared_file(f"pictures/originals/{PREVIEW}.{{extension}}", "shared_preview_original", "pictures/original"),
    shared_file(f"pictures/thumbnails/{PREVIEW}.png", "shared_preview_picture", "pictures/thumbnails"),
    shared_file(f"{PREVIEW}/download", "shared_preview_download", "pictures/original"),
)

# what the link's guests write (when the link lets them comment): who they are, their comments
# and the comments' files, their drawings on the playlist's previews
SHARED_COMMENT = f"{SHARED}/comments/{{comment_id}}"
ROUTES += rows(
    "media",
    ("POST", f"{SHARED}/guest", "shared_playlist_guest", "share", 201, {"answered_status": True}),
    ("GET", f"{SHARED}/comments", "shared_playlist_comments", "share"),
    ("POST", f"{SHARED}/comments", "shared_playlist_comment", "share", 201),
    ("PUT", SHARED_COMMENT, "edit_shared_playlist_comment", "share"),
    ("DELETE", SHARED_COMMENT, "delete_shared_playlist_comment", "share", 204),
    ("POST", f"{SHARED_COMMENT}/attachments", "attach_to_shared_playlist_comment", "share", 201, ATTACHMENTS,
     "upload"),
    ("DELETE", f"{SHARED_COMMENT}/attachments/{{attachment_file_id}}", "detach_from_shared_playlist_comment",
     "share", 204),
    shared_file("attachment-files/{attachment_file_id}/file/{file_name}", "shared_attachment_file",
                "files/attachments"),
    ("PUT", f"{SHARED}/annotations", "shared_playlist_annotations", "share"),
)
