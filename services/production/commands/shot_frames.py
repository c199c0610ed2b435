"""Shots' frame counts taken from their previews: the tasks service knows the last preview of each
shot's task of a type (media's files, replicated there); the shots are ours."""
import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor
from shared.errors import WrongParameter
from shared.eventstore import command

from ..models.entities import ENTITIES, BreakdownPart
from ..rules.entities import frame_count
from ..rules.requests import as_id


class ShotFrames(BreakdownPart):
    @answers("set_shot_nb_frames")
    def set_from_previews(self, actor, project_id, task_type_id, query):
        """POST /actions/projects/{id}/task-types/{id}/set-shot-nb-frames[?episode_id]: every shot
        of the project (of the episode) whose task of that type has a preview gets the frames of
        the last one (its duration at the project's fps); [{id, nb_frames}] of those shots.
        Managers of the project; the body is not read."""
        project_id, task_type_id = as_id(project_id), as_id(task_type_id)
        if project_id is None or task_type_id is None:
            raise WrongParameter("Invalid project or task type id")
        episode_id = query.get("episode_id")
        if episode_id is not None and as_id(episode_id) is None:
            raise WrongParameter("Invalid episode id")
        project = self.check_project(actor, project_id, manager=True)
        if frame_count(0, project["fps"]) is None:
            raise WrongParameter(f"The project's fps is not a number: {project['fps']}")
        durations = self.platform.remote().call("tasks", "last_preview_durations", params={
            "project_id": project_id, "task_type_id": task_type_id})
        return self.set_frames(Actor(actor), project, durations, as_id(episode_id) if episode_id else None)

    @command
    def set_frames(self, actor, project, durations, episode_id):
        table = ENTITIES.table
        query = sa.select(table.c.id).where(table.c.project_id == project["id"], table.c.kind == "Shot",
                                            table.c.id.in_(list(durations))).order_by(table.c.id)
        if episode_id:
            sequences = sa.select(table.c.id).where(table.c.parent_id == episode_id, table.c.kind == "Sequence")
            query = query.where(table.c.parent_id.in_(sequences))
        shots = []
        for shot_id in self.session.execute(query).scalars().all():
            nb_frames = frame_count(durations[shot_id], project["fps"])
            self.change(shot_id, {"nb_frames": nb_frames}, actor.id)
            shots.append({"id": shot_id, "nb_frames": nb_frames})
        return shots
