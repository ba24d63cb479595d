"""Group figures for `make bench` (issue 7).

`prepare`: 30 groups (a third closed, one secret) the demo agent belongs to, with 50,000 posts
in total spread over two years, 40 members each, some reactions and comments (idempotent:
found again by the first bench group's slug). « Mon fil » and the busiest group's page are then
measured like the other pages (GET at 8 clients, SQL queries cold and warm).
"""

from discussion import run_code

GROUPS = 30
POSTS = 50_000

CODE = f"""
import json, django
django.setup()
from datetime import timedelta
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from social.comments.models import Comment
from social.groups.drive import group_rights_sync_all
from social.groups.models import Group, Membership, Post
from social.groups.services import group_create
from social.people.models import User
from social.reactions.models import Reaction

agent = User.objects.get(email="agent@val-de-parvis.fr")
people = list(User.objects.filter(is_active=True).exclude(pk=agent.pk).order_by("pk")[:400])
if not Group.objects.filter(slug="bench-groupe-0").exists():
    now = timezone.now()
    groups = []
    for n in range({GROUPS}):
        visibility = "secret" if n == 0 else "closed" if n % 3 == 0 else "open"
        group = group_create(user=people[n], name=f"Bench groupe {{n}}", kind="transverse",
                             visibility=visibility, description="Groupe de mesure.")
        Membership.objects.bulk_create(
            [Membership(group=group, user=agent, state="active", joined_at=now)]
            + [Membership(group=group, user=people[(n * 7 + k) % len(people)], state="active",
                          joined_at=now) for k in range(1, 40)],
            ignore_conflicts=True,
        )
        group_rights_sync_all(group)
        groups.append(group)
    per_group = {POSTS} // {GROUPS}
    span = timedelta(days=730).total_seconds()
    batch = []
    for n, group in enumerate(groups):
        for k in range(per_group):
            when = now - timedelta(seconds=span * ((k * {GROUPS} + n) / {POSTS}))
            batch.append(Post(group=group, author=people[(n + k) % len(people)],
                              body=f"Publication {{k}} du groupe {{n}} : **point d'étape**.",
                              body_html=f"<p>Publication {{k}} du groupe {{n}} : "
                                        f"<strong>point d'étape</strong>.</p>",
                              created_at=when))
        if len(batch) >= 10_000:
            Post.objects.bulk_create(batch, batch_size=2_000)
            batch = []
    Post.objects.bulk_create(batch, batch_size=2_000)
    recent = list(Post.objects.order_by("-created_at")[:200])
    post_type = ContentType.objects.get_for_model(Post)
    Reaction.objects.bulk_create(
        Reaction(user=people[(i * 11 + r) % len(people)], target_type=post_type,
                 target_id=post.pk, kind="like")
        for i, post in enumerate(recent) for r in range(5)
    )
    Comment.objects.bulk_create(
        Comment(target_type=post_type, target_id=post.pk, author=people[i % len(people)],
                body="D'accord", body_html="<p>D'accord</p>")
        for i, post in enumerate(recent) for _ in range(3)
    )
    from django.db import connection
    with connection.cursor() as cursor:  # as autovacuum would, before people come
        cursor.execute("ANALYZE")
busiest = Group.objects.get(slug="bench-groupe-1")
print(json.dumps({{"feed": "/mon-fil/", "group": busiest.get_absolute_url(),
                  "posts": Post.objects.count()}}))
"""


def prepare(env: dict) -> dict:
    return run_code(CODE, env)
