"""Every way `taquilla backup` and `taquilla restore` can fail ends with one clear line
on stderr, a non-zero exit, and no half result: no manifest in an unfinished backup,
no change to the data folder from a refused restore."""
import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile

import pytest

from conftest import run_cli, scalar


@pytest.fixture
def backup(data_dir, workdir):
    dest = os.path.join(workdir, "backup")
    os.mkdir(dest)
    run_cli(data_dir, "backup", dest, "--quiet")
    return dest


def restore_fails(data, source, *words):
    p = run_cli(data, "restore", source, check=False)
    assert p.returncode != 0, p.stdout
    for word in words:
        assert word in p.stderr, p.stderr
    return p


def test_backup_refuses_a_missing_or_wrong_destination(data_dir, workdir):
    p = run_cli(data_dir, "backup", os.path.join(workdir, "nowhere"), check=False)
    assert p.returncode == 1 and "does not exist" in p.stderr
    p = run_cli(data_dir, "backup", os.path.join(data_dir, "attachments"), check=False)
    assert p.returncode == 1 and "inside the data folder" in p.stderr
    missing = os.path.join(workdir, "no-data")
    p = run_cli(missing, "backup", workdir, check=False)
    assert p.returncode == 1 and "no database" in p.stderr


def test_backup_refuses_a_destination_the_data_owner_cannot_write(data_dir, workdir):
    """Run as root on a data folder owned by the web user, the command runs as that
    user: a root-owned destination is refused with the uid that needs access."""
    try:
        web = pwd.getpwnam("www-data")
    except KeyError:
        pytest.skip("no www-data user")
    if os.geteuid() != 0:
        pytest.skip("needs root to hand the data folder to www-data")
    os.chmod(workdir, 0o755)
    for d, _, names in os.walk(data_dir):
        os.chown(d, web.pw_uid, web.pw_gid)
        for n in names:
            os.chown(os.path.join(d, n), web.pw_uid, web.pw_gid)
    dest = os.path.join(workdir, "root-only")
    os.mkdir(dest, 0o755)
    p = run_cli(data_dir, "backup", dest, check=False)
    assert p.returncode == 1 and "not writable by uid %d" % web.pw_uid in p.stderr, p.stderr
    assert os.listdir(dest) == []
    os.chown(dest, web.pw_uid, web.pw_gid)
    run_cli(data_dir, "backup", dest, "--quiet")
    assert os.stat(os.path.join(dest, "taquilla.sqlite")).st_uid == web.pw_uid


def test_backup_onto_a_full_disk_fails_and_leaves_no_manifest(data_dir):
    dest = tempfile.mkdtemp(prefix="taquilla-fullbackup-", dir="/tmp")
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dest], capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        os.rmdir(dest)
        pytest.skip("cannot mount a tmpfs here (%s)" % p.stderr.strip())
    try:
        p = run_cli(data_dir, "backup", dest, check=False)
        assert p.returncode == 1 and "full" in p.stderr.lower(), p.stderr
        assert not os.path.exists(os.path.join(dest, "manifest.txt"))
        assert not os.path.exists(os.path.join(dest, "taquilla.sqlite"))
    finally:
        if subprocess.run(["umount", dest], capture_output=True, timeout=30).returncode != 0:
            subprocess.run(["umount", "-l", dest], capture_output=True, timeout=30)
        os.rmdir(dest)


def test_restore_refuses_broken_backups_and_changes_nothing(data_dir, workdir, backup):
    target = os.path.join(workdir, "target")
    os.mkdir(target)
    restore_fails(target, os.path.join(workdir, "nowhere"), "does not exist")
    restore_fails(data_dir, data_dir, "overlap")

    # An interrupted backup has no manifest.
    saved = os.path.join(workdir, "manifest.saved")
    shutil.move(os.path.join(backup, "manifest.txt"), saved)
    restore_fails(target, backup, "not a finished Taquilla backup")
    shutil.move(saved, os.path.join(backup, "manifest.txt"))

    # A damaged database: pages overwritten in the middle of the file.
    database = os.path.join(backup, "taquilla.sqlite")
    original = open(database, "rb").read()
    with open(database, "r+b") as f:
        f.seek(len(original) // 2)
        f.write(b"\x5a" * 16384)
    p = restore_fails(target, backup)
    assert "integrity check" in p.stderr or "damaged" in p.stderr, p.stderr
    with open(database, "wb") as f:
        f.write(original)

    # Not a database at all.
    with open(database, "wb") as f:
        f.write(b"hello" * 1000)
    restore_fails(target, backup, "damaged or not a Taquilla database")
    with open(database, "wb") as f:
        f.write(original)

    # Changed after the backup: counts no longer match the manifest.
    db = sqlite3.connect(database)
    db.execute("INSERT INTO customers(email, name, created_at, updated_at) VALUES ('x@example.org', 'x', 0, 0)")
    db.execute("INSERT INTO tickets(number, access_hash, customer_id, subject, contact_name, status_id, "
               "client_ip, source, created_at, updated_at) "
               "VALUES ('12345678', zeroblob(32), 1, 's', 'x', (SELECT min(id) FROM statuses), '', 'web', 0, 0)")
    db.commit()
    db.close()
    restore_fails(target, backup, "does not match its manifest")
    with open(database, "wb") as f:
        f.write(original)

    assert os.listdir(target) == [], "a refused restore wrote into the data folder"
    ok = run_cli(target, "restore", backup)
    assert "0 tickets" in ok.stdout
    assert scalar(target, "SELECT count(*) FROM operators") == 1
