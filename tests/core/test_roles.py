from django.contrib.auth.models import Group

from core.roles import ROLE_PERMISSIONS, Role


def test_migrations_create_every_role_with_exactly_its_permissions(db):
    for role, expected in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        actual = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert actual == expected, role


def test_there_are_five_roles(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
    assert len(Role) == 5
