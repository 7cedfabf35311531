"""/desk/ and /admin/: HTTP Basic by the web server, then the app's own user list."""
import pytest

ALICE = ("alice", "alicepass1")
ADMIN = ("admin", "adminpass1")
GHOST = ("ghost", "ghostpass1")


@pytest.mark.parametrize("path", ["/desk/", "/admin/"])
def test_no_credentials_401(client, path):
    r = client.get(path)
    assert r.status_code == 401
    assert r.headers.get("WWW-Authenticate", "").lower().startswith("basic"), \
        r.headers.get("WWW-Authenticate")


@pytest.mark.parametrize("path", ["/desk/", "/admin/"])
def test_wrong_password_401(client, path):
    assert client.get(path, auth=("alice", "wrong-password")).status_code == 401
    assert client.get(path, auth=("nobody", "alicepass1")).status_code == 401


def test_operator_200(client):
    r = client.get("/desk/", auth=ALICE)
    assert r.status_code == 200
    assert "text/html" in r.headers.get("Content-Type", "")


def test_admin_200(client):
    assert client.get("/desk/", auth=ADMIN).status_code == 200


def test_ghost_403_from_app(client):
    """In the htpasswd (server lets him through) but not an app user."""
    r = client.get("/desk/", auth=GHOST)
    assert r.status_code == 403
