"""A real LDAP directory for the tests: Debian's slapd, started on a free loopback port with a
small directory of the test's own (people under ou=people, groupOfNames under ou=groups)."""

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import ldap
import ldap.modlist

SUFFIX = "dc=mairie,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "secret-annuaire"  # noqa: S105 - the test directory's own
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"

CONFIG = """
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {root}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 1073741824
suffix "{suffix}"
rootdn "{admin}"
rootpw {password}
directory {root}/data
index objectClass eq
index mail,uid eq
"""


def person_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


def group_dn(name: str) -> str:
    return f"cn={name},{GROUPS}"


def person_ldif(person: dict) -> str:
    lines = [
        f"dn: {person_dn(person['uid'])}",
        "objectClass: inetOrgPerson",
        f"uid: {person['uid']}",
        f"cn: {person['givenName']} {person['sn']}",
    ]
    lines += [f"{name}: {value}" for name, value in person.items() if name not in ("uid",)]
    return "\n".join(lines)


def group_ldif(name: str, members: list[str]) -> str:
    lines = [f"dn: {group_dn(name)}", "objectClass: groupOfNames", f"cn: {name}"]
    # groupOfNames needs a member: the admin stands in for an empty group
    lines += [f"member: {person_dn(uid)}" for uid in members] or [f"member: {ADMIN_DN}"]
    return "\n".join(lines)


@dataclass
class Directory:
    uri: str
    process: subprocess.Popen

    def connection(self):
        connection = ldap.initialize(self.uri)
        connection.simple_bind_s(ADMIN_DN, ADMIN_PASSWORD)
        return connection

    def add_person(self, person: dict) -> None:
        attrs = {
            "objectClass": [b"inetOrgPerson"],
            "cn": [f"{person['givenName']} {person['sn']}".encode()],
            **{name: [str(value).encode()] for name, value in person.items()},
        }
        self.connection().add_s(person_dn(person["uid"]), ldap.modlist.addModlist(attrs))

    def remove_person(self, uid: str) -> None:
        self.connection().delete_s(person_dn(uid))

    def change(self, uid: str, **values) -> None:
        self.connection().modify_s(
            person_dn(uid),
            [(ldap.MOD_REPLACE, name, [str(value).encode()]) for name, value in values.items()],
        )

    def set_members(self, group: str, uids: list[str]) -> None:
        members = [person_dn(uid).encode() for uid in uids] or [ADMIN_DN.encode()]
        self.connection().modify_s(group_dn(group), [(ldap.MOD_REPLACE, "member", members)])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_directory(root: Path, people: list[dict], groups: dict[str, list[str]]) -> Directory:
    if not Path(SLAPD).exists():
        raise RuntimeError("slapd is missing: run `make directory-deps`.")
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    config = root / "slapd.conf"
    config.write_text(
        CONFIG.format(root=root, suffix=SUFFIX, admin=ADMIN_DN, password=ADMIN_PASSWORD)
    )
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Mairie\ndc: mairie",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups",
        *(person_ldif(person) for person in people),
        *(group_ldif(name, members) for name, members in groups.items()),
    ]
    (root / "data.ldif").write_text("\n\n".join(entries) + "\n")
    subprocess.run(  # noqa: S603 - Debian's tool on the test's own files
        [SLAPADD, "-q", "-f", str(config), "-l", str(root / "data.ldif")],
        check=True,
        capture_output=True,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uri = f"ldap://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603
        [SLAPD, "-f", str(config), "-h", f"{uri}/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    directory = Directory(uri=uri, process=process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            directory.connection().unbind_s()
            return directory
        except ldap.SERVER_DOWN:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.05)
    directory.stop()
    raise RuntimeError("slapd did not start")
