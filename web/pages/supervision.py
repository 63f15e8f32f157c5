"""Review-room pages for supervisors: the supervision queue."""

from __future__ import annotations

from typing import Any

from flask import render_template

from domain.vocabulary import Role
from web.pages.auth import page, signed_in
from web.pages.blueprint import pages
from web.resources.common import services


@pages.route("/queue")
@page(Role.SUPERVISOR)
def queue() -> Any:
    user = signed_in()
    assert user is not None
    found = services().read_models.supervision_queue(
        user.actor_id, waiting_only=False, limit=200
    )
    return render_template("pages/queue.html", page=found)
