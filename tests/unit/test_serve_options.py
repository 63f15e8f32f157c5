"""`casebook serve`'s gunicorn options: nothing shared with another server."""

from __future__ import annotations

from pathlib import Path

from application.settings import Settings
from cli.serve import CasebookServer, server_options


def test_the_control_socket_is_off_so_two_servers_do_not_share_it(
    tmp_path: Path,
) -> None:
    server = CasebookServer(
        Settings(data_dir=tmp_path), server_options("127.0.0.1:0", 1, 1)
    )
    assert server.cfg.control_socket_disable is True
    assert server.cfg.bind == ["127.0.0.1:0"]
