"""Runs last: the data dir holds nothing the app user cannot manage."""
import os
import pwd

import helpers


def test_no_foreign_owned_files_in_data_dir():
    uid = pwd.getpwnam(helpers.RUN_USER).pw_uid
    bad = []
    for dirpath, dirnames, filenames in os.walk(helpers.DATA_DIR):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            if st.st_uid != uid:
                bad.append("%s (uid %d)" % (p, st.st_uid))
    assert not bad, "files not owned by %s: %s" % (helpers.RUN_USER, bad)


def test_cli_check_healthy():
    assert helpers.run_cli("check", check=False).returncode == 0


def test_setting_get_roundtrip():
    helpers.run_cli("setting", "set", "ticket_rate_limit", "999")
    try:
        out = helpers.run_cli("setting", "get", "ticket_rate_limit").stdout.strip()
        assert out == "999"
    finally:
        helpers.run_cli("setting", "set", "ticket_rate_limit", "1000")
