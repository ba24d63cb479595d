"""LDAP / Active Directory settings (django-auth-ldap), built from the environment only when a
directory is configured: python-ldap is then installed (`pip install -e ".[ldap]"`).

LDAP_SERVER_URI            ldap://annuaire.mairie.local or ldaps://…
LDAP_BIND_DN, LDAP_BIND_PASSWORD   the service account Parvis reads the directory with
LDAP_USER_BASE             where people are (ou=people,dc=mairie,dc=fr)
LDAP_USER_FILTER           how a sign-in finds its entry; %(user)s is what was typed
LDAP_SYNC_FILTER           which entries are Parvis's people (sync_directory)
LDAP_ID_ATTRIBUTE          the stable identifier: entryUUID (OpenLDAP), objectGUID (AD)
LDAP_GROUP_BASE            where groups are; LDAP_ACTIVE_DIRECTORY=true for AD's groups
LDAP_SUPERUSER_GROUP, LDAP_STAFF_GROUP, LDAP_ELU_GROUP   a group's DN → that role
LDAP_GROUP_MAP             "cn=com,ou=groups,dc=…=Communication;…": a group → Parvis group
LDAP_SERVICE_ATTRIBUTE     the attribute naming the service (departmentNumber, department…)
"""

import os

USER_ATTRIBUTES = {
    "first_name": "givenName",
    "last_name": "sn",
    "email": "mail",
    "job_title": "title",
    "phone": "telephoneNumber",
    "mobile": "mobile",
    "employee_number": "employeeNumber",
}


def directory_settings(environ=os.environ) -> dict:
    import ldap  # noqa: PLC0415 - only with a directory configured (the optional extra)
    from django_auth_ldap.config import (  # noqa: PLC0415
        ActiveDirectoryGroupType,
        GroupOfNamesType,
        LDAPSearch,
    )

    active_directory = environ.get("LDAP_ACTIVE_DIRECTORY", "").lower() in ("1", "true", "yes")
    user_base = environ.get("LDAP_USER_BASE", "")
    identifier = environ.get("LDAP_ID_ATTRIBUTE", "objectGUID" if active_directory else "entryUUID")
    group_base = environ.get("LDAP_GROUP_BASE", user_base)
    default_login = (
        "(|(mail=%(user)s)(sAMAccountName=%(user)s))"
        if active_directory
        else ("(|(mail=%(user)s)(uid=%(user)s))")
    )
    flags = {
        flag: environ[name]
        for flag, name in (
            ("is_superuser", "LDAP_SUPERUSER_GROUP"),
            ("is_staff", "LDAP_STAFF_GROUP"),
        )
        if environ.get(name)
    }
    return {
        "LDAP_SERVER_URI": environ["LDAP_SERVER_URI"],
        "AUTH_LDAP_SERVER_URI": environ["LDAP_SERVER_URI"],
        "AUTH_LDAP_BIND_DN": environ.get("LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": environ.get("LDAP_START_TLS", "").lower() in ("1", "true", "yes"),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_base,
            ldap.SCOPE_SUBTREE,
            environ.get("LDAP_USER_FILTER", default_login),
            attrlist=["*", identifier],
        ),
        "AUTH_LDAP_USER_ATTR_MAP": USER_ATTRIBUTES,
        # Every attribute, and the identifier (operational in OpenLDAP: asked for by name).
        "AUTH_LDAP_USER_ATTRLIST": ["*", identifier],
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(
            group_base,
            ldap.SCOPE_SUBTREE,
            "(objectClass=group)" if active_directory else "(objectClass=groupOfNames)",
        ),
        "AUTH_LDAP_GROUP_TYPE": ActiveDirectoryGroupType()
        if active_directory
        else GroupOfNamesType(),
        "AUTH_LDAP_USER_FLAGS_BY_GROUP": flags,
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_REFERRALS: 0, ldap.OPT_NETWORK_TIMEOUT: 5},
        "LDAP_SYNC_FILTER": environ.get(
            "LDAP_SYNC_FILTER",
            "(&(objectClass=user)(objectCategory=person))"
            if active_directory
            else "(objectClass=inetOrgPerson)",
        ),
        "LDAP_ID_ATTRIBUTE": identifier,
        "LDAP_ACTIVE_DIRECTORY": active_directory,
        "LDAP_ELU_GROUP": environ.get("LDAP_ELU_GROUP", ""),
        "LDAP_GROUP_MAP": dict(
            part.rsplit("=", 1)
            for part in environ.get("LDAP_GROUP_MAP", "").split(";")
            if "=" in part
        ),
        "LDAP_SERVICE_ATTRIBUTE": environ.get("LDAP_SERVICE_ATTRIBUTE", ""),
        "LDAP_SERVICE_MAP": dict(
            part.split("=", 1)
            for part in environ.get("LDAP_SERVICE_MAP", "").split(";")
            if "=" in part
        ),
    }
