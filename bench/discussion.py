"""Discussion figures for `make bench` (issue 6).

- `prepare`: a news item with 500 comments (one in four a reply) and 2,000 reactions, and an
  empty one to post into (idempotent: found again by their slugs);
- the page with 500 comments is measured like the others (GET at 8 clients, SQL queries);
- posting: 8 clients POST a comment with htmx (the answer is the fragment swapped in), the
  notification task queued to Redis as in real use; the rate limit is lifted for the run.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

COMMENTS = 500
REACTIONS = 2_000

CODE = f"""
import json, django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from home.models import NewsIndexPage, NewsPage
from social.comments.models import Comment
from social.people.models import User
from social.reactions.models import Reaction

index = NewsIndexPage.objects.first()
people = list(User.objects.filter(is_active=True, role="agent").order_by("pk")[:200])


def news(slug, title):
    page = NewsPage.objects.filter(slug=slug).first()
    if page is None:
        page = NewsPage(title=title, slug=slug, lead="Une discussion animée.")
        index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
    return page


busy = news("bench-discussion-500", "Discussion à 500 commentaires")
inbox = news("bench-boite-a-idees", "Boîte à idées")
page_type = ContentType.objects.get_for_model(busy)
if not Comment.objects.filter(target_type=page_type, target_id=busy.pk).exists():
    now = timezone.now()
    threads = Comment.objects.bulk_create(
        Comment(target_type=page_type, target_id=busy.pk, author=people[n % len(people)],
                body=f"Avis numéro {{n}} : **d'accord** avec la proposition.",
                body_html=f"<p>Avis {{n}} : <strong>d'accord</strong> avec la proposition.</p>",
                created_at=now)
        for n in range({COMMENTS} * 3 // 4)
    )
    replies = Comment.objects.bulk_create(
        Comment(target_type=page_type, target_id=busy.pk, parent=threads[n % len(threads)],
                author=people[(n + 7) % len(people)], body=f"Réponse {{n}}",
                body_html=f"<p>Réponse {{n}}</p>", created_at=now)
        for n in range({COMMENTS} // 4)
    )
    comment_type = ContentType.objects.get_for_model(Comment)
    kinds = ["like", "thanks", "bravo", "interesting"]
    Reaction.objects.bulk_create(
        Reaction(user=people[(i * 13 + n) % len(people)], target_type=comment_type,
                 target_id=comment.pk, kind=kinds[(i + n) % 4])
        for i, comment in enumerate(threads + replies) for n in range({REACTIONS} // {COMMENTS})
    )
print(json.dumps({{"page": busy.url, "post": f"/commentaires/page/{{inbox.pk}}/publier/"}}))
"""


def run_code(code: str, env: dict) -> dict:
    """Run `code` in a Python process on the bench settings; its last line printed is JSON."""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(env: dict) -> dict:
    return run_code(CODE, env)
