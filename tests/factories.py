"""Factories for the tests: people, services, themes and news pages."""

from django.utils import timezone

import factory

from home.models import NewsIndexPage, NewsPage
from knowledge.models import Theme
from social.people.models import Service, User

PASSWORD = "Mot-de-passe-2026!"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = User.Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_news(parent: NewsIndexPage, *, services=(), themes=(), publish=True, **fields) -> NewsPage:
    """A news item under `parent`, published unless told otherwise."""
    fields.setdefault("title", "Une actualité")
    fields.setdefault("lead", "Le chapeau de l'actualité.")
    fields.setdefault("date", timezone.now())
    news = NewsPage(live=False, **fields)
    parent.add_child(instance=news)
    if services:
        news.audience_services.set(services)
    if themes:
        news.themes.set(themes)
    if services or themes:
        news.save()
    revision = news.save_revision()
    if publish:
        revision.publish()
        news.refresh_from_db()
    return news
